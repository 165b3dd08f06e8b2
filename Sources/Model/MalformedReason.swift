/// Why a line could not be read.
public enum MalformedReason: Error, Equatable, Sendable, CustomStringConvertible {
  case invalidUTF8
  case controlCharacters
  case overlong(limit: Int)
  case badField(String)
  case badTime
  case badRequest
  case emptyLine
  case badJSON
  /// A JSON string holds `\u0000`.
  case nulInValue
  case badCSV
  case missingField(String)
  case badValue(field: String, value: String)
  case notAToken(String)
  /// The client address field holds something other than one address.
  case notOneAddress(String)
  /// Not an HAProxy HTTP log line: what is missing.
  case haproxy(String)

  public var description: String {
    switch self {
    case .invalidUTF8: "invalid UTF-8"
    case .controlCharacters: "control characters (a NUL byte?) in the line"
    case .overlong(let limit): "line longer than \(limit) bytes"
    case .badField(let what): "not a combined log line: \(what)"
    case .badTime: "unreadable time (expected [25/Nov/2026:14:35:50 +0100])"
    case .badRequest: "unreadable request line in a successful response"
    case .emptyLine: "empty line"
    case .badJSON: "not a JSON object on one line"
    case .nulInValue: "a value holds \\u0000 (NUL), which no name, id or time may hold"
    case .badCSV: "a quoted field is not closed on its line"
    case .missingField(let name): "no \(name)"
    case .badValue(let field, let value): "unreadable \(field) '\(value.prefix(60))'"
    case .notAToken(let why): "not a time-stamp reply or token: \(why)"
    case .haproxy(let what): "not an HAProxy HTTP log line: \(what)"
    case .notOneAddress(let text):
      "the client address field holds '\(text.prefix(60))', not one address (a proxy writing"
        + " X-Forwarded-For there? import with --client-ip-from x-forwarded-for)"
    }
  }
}
