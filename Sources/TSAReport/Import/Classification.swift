/// Decides what a proxied request was, the same way for every proxy log format (product.md §3):
/// a stamp is a POST answered 2xx with a body big enough to hold a token.
public enum Classification {
  /// A PKIStatus rejection is an HTTP 200 of about 57 bytes; a granted token is 600 bytes to
  /// several KiB.
  public static let defaultMinTokenBytes: Int64 = 300

  static func outcome(isPost: Bool?, status: Int, bodyBytes: Int64, minTokenBytes: Int64)
    -> Outcome
  {
    guard let isPost else { return .error }  // no readable request, and the server refused it
    if !isPost { return .probe }
    switch status {
    case 401, 403: return .authFailure
    case 200..<300: return bodyBytes >= minTokenBytes ? .granted : .rejected
    default: return .error
    }
  }
}
