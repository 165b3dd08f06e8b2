import Foundation

/// Drops credentials before anything is stored: a password in a URL (also with `/` or `@` in
/// it, also without a scheme), `Authorization` and `Proxy-Authorization` values (with a scheme
/// or without, URL-encoded, every one of them), and query or path parameters that carry secrets.
/// One function for every text kept for people (`redactText`), and one for endpoint names.
enum Redaction {
  /// Query and path parameters whose values are secrets.
  static let secretParameters = [
    "password", "passwd", "pwd", "token", "access_token", "key", "secret", "signature",
    "jsessionid",
  ]

  /// `https://user:se/c@ret@host/path?x` → `https://host/path`: the user information is all up
  /// to the last `@` before the query.
  static func redactURL(_ text: String) -> String {
    guard let scheme = text.range(of: "://") else { return text }
    var rest = text[scheme.upperBound...]
    if let query = rest.firstIndex(where: { $0 == "?" || $0 == "#" }) { rest = rest[..<query] }
    if let at = rest.lastIndex(of: "@") { rest = rest[rest.index(after: at)...] }
    return String(text[..<scheme.upperBound]) + rest
  }

  /// An endpoint as stored: a URL without credentials, a path without its query or `;`
  /// parameters (which may carry a token or a session), at most `endpointLength` characters;
  /// nil when nothing is left.
  static func endpoint(_ text: some StringProtocol) -> String? {
    var name = redactURL(String(text))
    if let query = name.firstIndex(where: { $0 == "?" || $0 == "#" || $0 == ";" }) {
      name = String(name[..<query])
    }
    name = name.trimmingCharacters(in: .whitespaces)
    return name.isEmpty ? nil : String(name.prefix(endpointLength))
  }

  static let endpointLength = 200

  private static let patterns: [(pattern: String, replacement: String)] = [
    // scheme://user:password@host — everything up to the last @ of the URL's authority part
    (#"://[^\s"'<>]*:[^\s"'<>]*@(?=[^\s"'<>@]*(?:[/\s"'<>?#]|$))"#, "://[redacted]@"),
    // user:password@host without a scheme (curl -u, a proxy URL in a setting)
    (#"(?<![\w/:.@-])[\w.+%-]+:[^\s"'<>@/:]+@(?=[\w-]+\.[\w.-]+)"#, "[redacted]@"),
    // Authorization / Proxy-Authorization: [scheme] value; as a header, a field, or a parameter
    (
      #"(?i)\b((?:proxy-)?authorization)(["']?\s*[:=]\s*["']?)(?:[A-Za-z]+ )?[^\s"',;&]+"#,
      "$1$2[redacted]"
    ),
    // ?password=…, &token=…, ;jsessionid=…
    (
      #"(?i)([?&;](?:"# + secretParameters.joined(separator: "|") + #")=)[^&\s"'#;]*"#,
      "$1[redacted]"
    ),
  ]

  /// Any text kept for people to read (a malformed line's excerpt): credentials replaced by
  /// `[redacted]`. Applied to the whole text before it is cut to an excerpt, so that a secret
  /// at the cut cannot leave its first characters.
  static func redactText(_ text: String) -> String {
    var out = text
    for (pattern, replacement) in patterns {
      out = out.replacingOccurrences(
        of: pattern, with: replacement, options: .regularExpression)
    }
    return out
  }
}

/// Endpoint names as stored, remembered: a log names the same few endpoints on every line, and
/// working a name out (Foundation's string search) costs more than parsing the line.
struct EndpointNames {
  private var known: [String: String?] = [:]

  mutating func name(_ raw: String) -> String? {
    if let name = known[raw] { return name }
    let name = Redaction.endpoint(raw)
    if known.count < 1024 { known[raw] = name }  // a scanner's random paths are not kept
    return name
  }
}
