/// What one input record says about one request, whatever its format. The importer attributes
/// it (user, contract) and stores it.
package struct Record {
  package var time: Instant
  package var outcome: Outcome
  /// Who made the request, when the record knows.
  package var user: String?
  package var contractCode: String?
  /// The provider login used, whose contract the stamp is billed to.
  package var account: String?
  package var httpStatus: Int?
  package var bodyBytes: Int64?
  package var failInfo: Int?
  /// Where the request went, as the record names it (a proxy's upstream or request path, a
  /// client's TSA URL).
  package var endpoint: String?
  /// The host that sent the line through syslog, when it came that way.
  package var host: String?
  /// A client's own event id: the same id is the same event, whatever file it comes in.
  package var eventID: String?
  /// Serial and TSA identity of the token, when known: the same pair is the same stamp.
  package var serial: String?
  package var tsaIdentity: String?
  /// The full facts, when the record is the token itself.
  package var token: TokenFacts?
  /// A client's event naming its token by the SHA-256 of the token's signed TSTInfo.
  package var tokenSHA256: String?

  package init(
    time: Instant, outcome: Outcome, user: String? = nil, contractCode: String? = nil,
    account: String? = nil, httpStatus: Int? = nil, bodyBytes: Int64? = nil, failInfo: Int? = nil,
    endpoint: String? = nil, host: String? = nil, eventID: String? = nil, serial: String? = nil,
    tsaIdentity: String? = nil, token: TokenFacts? = nil, tokenSHA256: String? = nil
  ) {
    self.time = time
    self.outcome = outcome
    self.user = user
    self.contractCode = contractCode
    self.account = account
    self.httpStatus = httpStatus
    self.bodyBytes = bodyBytes
    self.failInfo = failInfo
    self.endpoint = endpoint
    self.host = host
    self.eventID = eventID
    self.serial = serial
    self.tsaIdentity = tsaIdentity
    self.token = token
    self.tokenSHA256 = tokenSHA256
  }
}
