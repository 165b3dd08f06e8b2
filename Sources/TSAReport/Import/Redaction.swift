import Foundation

/// Drops credentials before anything is stored: a password in a URL, an `Authorization` value.
enum Redaction {
  /// `https://user:secret@host/path?x` → `https://host/path`.
  static func redactURL(_ text: String) -> String {
    guard let scheme = text.range(of: "://") else { return text }
    var rest = text[scheme.upperBound...]
    if let at = rest.firstIndex(of: "@"), !rest[..<at].contains("/") {
      rest = rest[rest.index(after: at)...]
    }
    if let query = rest.firstIndex(where: { $0 == "?" || $0 == "#" }) { rest = rest[..<query] }
    return String(text[..<scheme.upperBound]) + rest
  }

  /// An endpoint as stored: a URL without credentials, a path without its query (which may
  /// carry a token or a password), at most `endpointLength` characters; nil when nothing is left.
  static func endpoint(_ text: some StringProtocol) -> String? {
    var name = redactURL(String(text))
    if let query = name.firstIndex(where: { $0 == "?" || $0 == "#" }) {
      name = String(name[..<query])
    }
    name = name.trimmingCharacters(in: .whitespaces)
    return name.isEmpty ? nil : String(name.prefix(endpointLength))
  }

  static let endpointLength = 200

  /// Any text kept for people to read (a malformed line's excerpt): URL passwords and
  /// `Authorization` values are replaced by `[redacted]`.
  static func redactText(_ text: String) -> String {
    var out = text
    // user:password@ inside URLs
    while let match = out.range(of: #"://[^/\s@"]+:[^/\s@"]*@"#, options: .regularExpression) {
      out.replaceSubrange(match, with: "://[redacted]@")
    }
    if let match = out.range(
      of: #"(?i)(authorization|proxy-authorization)["']?\s*[:=]\s*["']?[A-Za-z]+ [^\s"',;]+"#,
      options: .regularExpression)
    {
      let header = out[match].prefix { $0 != ":" && $0 != "=" }
      out.replaceSubrange(match, with: header + ": [redacted]")
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
