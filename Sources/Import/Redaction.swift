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

  /// Header and parameter shapes, each anchored at a literal name (no backtracking over the
  /// text around it).
  private static let patterns: [(pattern: String, replacement: String)] = [
    // Authorization / Proxy-Authorization: [scheme] value; as a header, a field, or a parameter
    (
      #"(?i)\b((?:proxy-)?authorization)(["']?[ \t]{0,8}[:=][ \t]{0,8}["']?)(?:[A-Za-z]{1,32} )?[^\s"',;&]+"#,
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
  /// at the cut cannot leave its first characters. Linear in the text's length: user
  /// information in URLs is found by one pass over the bytes, and the other shapes by patterns
  /// anchored at a name — a line an outsider wrote cannot make it backtrack.
  static func redactText(_ text: String) -> String {
    var out = redactUserInformation(text)
    for (pattern, replacement) in patterns {
      out = out.replacingOccurrences(
        of: pattern, with: replacement, options: .regularExpression)
    }
    return out
  }

  /// `scheme://user:password@host` (everything up to the last `@` of the word, the password may
  /// hold `/` and `@`) and `user:password@host` without a scheme (curl's `-u`, a proxy URL, a
  /// request target `user:SECRET@host/TSS/`): the user information becomes `[redacted]`. A word
  /// runs up to whitespace, a quote or an angle bracket.
  static func redactUserInformation(_ text: String) -> String {
    let bytes = Array(text.utf8)
    var out: [UInt8] = []
    out.reserveCapacity(bytes.count)
    let redacted = Array("[redacted]".utf8)
    var wordStart = 0
    while wordStart < bytes.count {
      if isWordEnd(bytes[wordStart]) {
        out.append(bytes[wordStart])
        wordStart += 1
        continue
      }
      var wordEnd = wordStart
      while wordEnd < bytes.count && !isWordEnd(bytes[wordEnd]) { wordEnd += 1 }
      for range in userInformation(in: bytes, wordStart..<wordEnd) {
        out += bytes[wordStart..<range.lowerBound]
        out += redacted
        wordStart = range.upperBound
      }
      out += bytes[wordStart..<wordEnd]
      wordStart = wordEnd
    }
    return String(decoding: out, as: UTF8.self)
  }

  /// The user information (`user:password`, before its `@`) found in one word, in order.
  private static func userInformation(in bytes: [UInt8], _ word: Range<Int>) -> [Range<Int>] {
    // With a scheme: from after `://` to the word's last `@`, when a `:` lies between.
    if let scheme = firstSchemeSeparator(in: bytes, word) {
      let start = scheme + 3
      guard let at = bytes[start..<word.upperBound].lastIndex(of: 0x40),
        bytes[start..<at].contains(0x3A)
      else { return [] }
      return [start..<at]
    }
    // Without: `user:password@host`, the user starting the word or after a character that no
    // user, path or host holds.
    var found: [Range<Int>] = []
    var i = word.lowerBound
    while i < word.upperBound {
      let canStart = i == word.lowerBound || !isUserOrPathByte(bytes[i - 1])
      guard canStart, isUserByte(bytes[i]) else {
        i += 1
        continue
      }
      var j = i
      while j < word.upperBound && isUserByte(bytes[j]) { j += 1 }
      guard j < word.upperBound, bytes[j] == 0x3A else {
        i = j
        continue
      }
      var k = j + 1
      while k < word.upperBound && bytes[k] != 0x40 && bytes[k] != 0x2F && bytes[k] != 0x3A {
        k += 1
      }
      if k > j + 1, k + 1 < word.upperBound, bytes[k] == 0x40, isHostByte(bytes[k + 1]) {
        found.append(i..<k)
        i = k + 1
      } else {
        i = j + 1
      }
    }
    return found
  }

  private static func firstSchemeSeparator(in bytes: [UInt8], _ word: Range<Int>) -> Int? {
    var i = word.lowerBound
    while i + 2 < word.upperBound {
      if bytes[i] == 0x3A && bytes[i + 1] == 0x2F && bytes[i + 2] == 0x2F { return i }
      i += 1
    }
    return nil
  }

  private static func isWordEnd(_ byte: UInt8) -> Bool {
    byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D || byte == 0x22 || byte == 0x27
      || byte == 0x3C || byte == 0x3E
  }

  /// Letters, digits, `_`, and bytes of other scripts (a `\w` of any language).
  private static func isWordByte(_ byte: UInt8) -> Bool {
    (0x30...0x39).contains(byte) || (0x41...0x5A).contains(byte) || (0x61...0x7A).contains(byte)
      || byte == 0x5F || byte >= 0x80
  }

  private static func isUserByte(_ byte: UInt8) -> Bool {
    isWordByte(byte) || byte == 0x2E || byte == 0x2B || byte == 0x25 || byte == 0x2D
  }

  private static func isUserOrPathByte(_ byte: UInt8) -> Bool {
    isWordByte(byte) || byte == 0x2F || byte == 0x3A || byte == 0x2E || byte == 0x40 || byte == 0x2D
  }

  private static func isHostByte(_ byte: UInt8) -> Bool { isWordByte(byte) || byte == 0x2D }
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
