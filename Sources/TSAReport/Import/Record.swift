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
  /// A client's own event id: the same id is the same event, whatever file it comes in.
  var eventID: String?
  /// Serial and TSA identity of the token, when known: the same pair is the same stamp.
  var serial: String?
  var tsaIdentity: String?
  /// The full facts, when the record is the token itself.
  var token: TokenFacts?
}

/// A line-oriented input format.
protocol LineFormat {
  /// The record on this line; nil for a line that holds none (a CSV header).
  mutating func parse(_ line: UnsafeRawBufferPointer) -> Result<Record?, MalformedReason>
}

/// nginx/Apache `combined` (and `common`) access logs of a proxy in front of the TSA.
struct CombinedFormat: LineFormat {
  let minTokenBytes: Int64

  func parse(_ line: UnsafeRawBufferPointer) -> Result<Record?, MalformedReason> {
    CombinedLogParser.parse(line).map { request in
      let isPost = request.method.map { line[$0].elementsEqual("POST".utf8) }
      return Record(
        time: request.time,
        outcome: Classification.outcome(
          isPost: isPost, status: request.status, bodyBytes: request.bodyBytes,
          minTokenBytes: minTokenBytes),
        user: String(decoding: line[request.remoteUser ?? request.remoteAddress], as: UTF8.self),
        httpStatus: request.status, bodyBytes: request.bodyBytes)
    }
  }
}
