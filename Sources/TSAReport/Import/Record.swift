/// What one input record says about one request, whatever its format. The importer attributes
/// it (user, contract) and stores it.
struct Record {
  var time: Instant
  var outcome: Outcome
  /// Who made the request, when the record knows.
  var user: String?
  var contractCode: String?
  /// The provider login used, whose contract the stamp is billed to.
  var account: String?
  var httpStatus: Int?
  var bodyBytes: Int64?
  var failInfo: Int?
  /// Where the request went, as the record names it (a proxy's upstream or request path, a
  /// client's TSA URL).
  var endpoint: String?
  /// The host that sent the line through syslog, when it came that way.
  var host: String?
  /// A client's own event id: the same id is the same event, whatever file it comes in.
  var eventID: String?
  /// Serial and TSA identity of the token, when known: the same pair is the same stamp.
  var serial: String?
  var tsaIdentity: String?
  /// The full facts, when the record is the token itself.
  var token: TokenFacts?
  /// A client's event naming its token by the SHA-256 of the token's signed TSTInfo.
  var tokenSHA256: String?
}

/// A line-oriented input format.
protocol LineFormat {
  /// The record on this line; nil for a line that holds none (a CSV header).
  mutating func parse(_ line: UnsafeRawBufferPointer) -> Result<Record?, MalformedReason>
}
