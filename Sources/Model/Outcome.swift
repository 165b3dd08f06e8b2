/// What became of one observed request to the TSA. Only `.granted` is a stamp.
public enum Outcome: Int, Sendable, CaseIterable {
  /// A token was issued (PKIStatus granted or grantedWithMods): the billable unit.
  case granted = 0
  /// The TSA answered with a PKIStatus rejection (an HTTP 2xx with a tiny body).
  case rejected = 1
  /// HTTP 401 or 403: wrong or missing credentials.
  case authFailure = 2
  /// Any other HTTP or transport error.
  case error = 3
  /// A GET, HEAD or other non-POST request: a health check, not a stamp request.
  case probe = 4
}
