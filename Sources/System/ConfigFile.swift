import Foundation

/// The settings file: `--config`, else `TSA_REPORT_CONFIG`, else
/// `~/.config/tsa-report/config.toml`, else `/etc/tsa-report/config.toml`, the first that
/// exists. A subset of TOML: `key = "text"` (with `\"`, `\\`, `\t`, `\n`, `\u` escapes),
/// `key = 'literal'`, `key = 30`, `key = ["a", "b"]` (also over several lines, with a trailing
/// comma), `#` comments, also after a value; `[tables]` are ignored. The command line wins
/// over it.
package struct ConfigFile {
  package var values: [String: [String]] = [:]
  /// The line each key was set on, for messages that point at it.
  package var lines: [String: Int] = [:]
  /// The file read, when there was one.
  package var path: String?

  package init() {}

  package static let keys: Set<String> = [
    "db", "tz", "mail_to", "mail_from", "sendmail", "warn_below", "crit_below", "warn_runway",
    "crit_runway", "warn_expiry", "crit_expiry", "remind_after", "sendmail_timeout", "warn_stale",
    "crit_stale", "logs", "bundle_dir", "bundle_mode", "bundle_group", "lang",
    "close_after_monthly",
  ]

  /// The system-wide file; `TSA_REPORT_SYSTEM_CONFIG` names another (the tests use it to keep
  /// an installed package's settings out of their runs).
  package static var systemPath: String {
    let environment = ProcessInfo.processInfo.environment
    if let path = environment["TSA_REPORT_SYSTEM_CONFIG"], !path.isEmpty { return path }
    return "/etc/tsa-report/config.toml"
  }

  /// The files looked for, in order, when neither `--config` nor `TSA_REPORT_CONFIG` names one.
  package static func searchedPaths() -> [String] {
    let environment = ProcessInfo.processInfo.environment
    let home =
      environment["XDG_CONFIG_HOME"].flatMap { $0.isEmpty ? nil : $0 }
      ?? homeDirectory() + "/.config"
    return [home + "/tsa-report/config.toml", systemPath]
  }

  package static func defaultPath() -> String? {
    if let path = ProcessInfo.processInfo.environment["TSA_REPORT_CONFIG"], !path.isEmpty {
      return path
    }
    return searchedPaths().first { FileManager.default.fileExists(atPath: $0) }
  }

  /// Reads `path` (or the default); an empty configuration when there is none.
  package static func load(_ explicit: String?) throws -> ConfigFile {
    guard let path = explicit ?? defaultPath() else { return ConfigFile() }
    let (bytes, info) = try read(path)
    guard let text = String(validating: bytes, as: UTF8.self) else {
      // Named with the line of its first byte that is not UTF-8.
      let line = Self.lineOfFirstInvalidByte(bytes)
      throw SystemError.usage(
        "\(path):\(line): the settings file is not UTF-8 text (saved as Latin-2 or"
          + " Windows-1250?); save it as UTF-8, e.g. iconv -f latin2 -t utf-8.",
        cs: "\(path):\(line) — soubor nastavení není text v UTF-8 (uložen jako Latin-2 nebo"
          + " Windows-1250?); uložte ho v UTF-8, např. iconv -f latin2 -t utf-8.")
    }
    var config = try parse(text, path: path)
    config.path = path
    try config.checkTrust(owner: info.st_uid, mode: info.st_mode)
    return config
  }

  /// The file's bytes and its status, with a message that names the real cause.
  private static func read(_ path: String) throws -> ([UInt8], stat) {
    let fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK)
    guard fd >= 0 else {
      let code = errno
      let reason =
        code == ENOENT
        ? ("not there", "neexistuje")
        : code == EACCES
          ? ("this user may not read it", "tento uživatel ho nesmí číst")
          : (String(cString: strerror(code)), String(cString: strerror(code)))
      throw SystemError.usage(
        "cannot read the settings file \(path) (\(reason.0)); check --config or"
          + " TSA_REPORT_CONFIG, or its permissions.",
        cs: "soubor nastavení \(path) nelze číst (\(reason.1)); zkontrolujte --config nebo"
          + " TSA_REPORT_CONFIG, případně jeho oprávnění.")
    }
    defer { close(fd) }
    var info = stat()
    guard fstat(fd, &info) == 0, info.st_mode & S_IFMT == S_IFREG else {
      throw SystemError.usage(
        "the settings file \(path) is not a regular file; name the config.toml itself.",
        cs: "soubor nastavení \(path) není obyčejný soubor; uveďte přímo config.toml.")
    }
    guard info.st_size <= 1 << 20 else {
      throw SystemError.usage(
        "the settings file \(path) is larger than 1 MiB; is it the right file?",
        cs: "soubor nastavení \(path) je větší než 1 MiB; je to ten správný soubor?")
    }
    var bytes = [UInt8](repeating: 0, count: Int(info.st_size))
    var done = 0
    while done < bytes.count {
      let n = bytes.withUnsafeMutableBytes {
        Foundation.read(fd, $0.baseAddress! + done, $0.count - done)
      }
      if n < 0 && errno == EINTR { continue }
      guard n > 0 else { break }
      done += n
    }
    return (Array(bytes.prefix(done)), info)
  }

  private static func lineOfFirstInvalidByte(_ bytes: [UInt8]) -> Int {
    var line = 1
    var start = 0
    for (index, byte) in bytes.enumerated() where byte == 0x0A {
      if String(validating: bytes[start...index], as: UTF8.self) == nil { return line }
      line += 1
      start = index + 1
    }
    return line
  }

  /// Settings that name a program to run or the books are trusted only from a file owned by
  /// root or by the user running, that neither its group nor others may write — as ssh and sudo
  /// treat theirs: otherwise whoever could write it could run a program as that user.
  package func checkTrust(owner: uid_t, mode: mode_t) throws {
    let sensitive = ["sendmail", "db"].filter { values[$0] != nil }
    guard let path, !sensitive.isEmpty else { return }
    let user = geteuid()
    let ownerName = getpwuid(owner).map { String(cString: $0.pointee.pw_name) } ?? "uid \(owner)"
    let modeText = "0" + String(mode & 0o777, radix: 8)
    if owner != 0 && owner != user {
      throw SystemError.usage(
        "the settings file \(path) names \(sensitive.joined(separator: " and ")) but belongs to"
          + " \(ownerName) (mode \(modeText)), neither root nor the user running; it is not"
          + " trusted. Fix: chown root \(path) (or your own user) && chmod 644 \(path).",
        cs: "soubor nastavení \(path) uvádí \(sensitive.joined(separator: " a ")), ale patří"
          + " uživateli \(ownerName) (práva \(modeText)), který není root ani spouštějící"
          + " uživatel; není důvěryhodný. Oprava — chown root \(path) (nebo váš uživatel) &&"
          + " chmod 644 \(path).")
    }
    if mode & 0o022 != 0 {
      throw SystemError.usage(
        "the settings file \(path) names \(sensitive.joined(separator: " and ")) and may be"
          + " written by \(mode & 0o002 != 0 ? "anyone" : "its group") (owner \(ownerName), mode"
          + " \(modeText)); it is not trusted. Fix: chmod 644 \(path).",
        cs: "soubor nastavení \(path) uvádí \(sensitive.joined(separator: " a ")) a smí do něj"
          + " zapisovat \(mode & 0o002 != 0 ? "kdokoli" : "jeho skupina") (vlastník"
          + " \(ownerName), práva \(modeText)); není důvěryhodný. Oprava — chmod 644 \(path).")
    }
  }

  package static func parse(_ text: String, path: String) throws -> ConfigFile {
    var config = ConfigFile()
    var scanner = Scanner(text: Array(text.unicodeScalars), path: path)
    while let start = scanner.nextStatement() {
      if scanner.peek == "[" {  // a table header: its keys are read as top-level ones
        scanner.skipLine()
        continue
      }
      let key = scanner.bareKey().replacingOccurrences(of: "-", with: "_")
      guard !key.isEmpty, scanner.skipSpaces(), scanner.peek == "=" else {
        let found = scanner.restOfLine(from: start)
        throw scanner.error(
          "expected key = value, found '\(found)'", cs: "čekáno klíč = hodnota, nalezeno '\(found)'"
        )
      }
      guard keys.contains(key) else {
        let known = keys.sorted().joined(separator: ", ")
        throw scanner.error(
          "unknown setting '\(key)'; known: \(known)",
          cs: "neznámé nastavení '\(key)'; známá jsou \(known)")
      }
      scanner.advance()
      let line = scanner.line
      if let first = config.lines[key] {
        throw scanner.error(
          "'\(key)' is set twice, on lines \(first) and \(line); keep one of them",
          cs: "'\(key)' je nastaveno dvakrát, na řádcích \(first) a \(line); ponechte jen jedno")
      }
      config.values[key] = try scanner.value()
      config.lines[key] = line
      try scanner.endOfStatement()
    }
    return config
  }

  package func string(_ key: String) -> String? { values[key]?.first }
  package func list(_ key: String) -> [String] { values[key] ?? [] }

  /// Where a key was set, `file:line`, for messages.
  package func origin(_ key: String) -> String {
    guard let path else { return "the settings file" }
    return lines[key].map { "\(path):\($0)" } ?? path
  }
}

/// Reads the TOML subset, scalar by scalar, counting lines for messages.
private struct Scanner {
  package let text: [Unicode.Scalar]
  package let path: String
  package var index = 0
  package var line = 1

  package init(text: [Unicode.Scalar], path: String) {
    self.text = text
    self.path = path
  }

  package var peek: Unicode.Scalar? { index < text.count ? text[index] : nil }

  package mutating func advance() {
    if peek == "\n" { line += 1 }
    index += 1
  }

  @discardableResult
  package mutating func skipSpaces() -> Bool {
    while let scalar = peek, scalar == " " || scalar == "\t" || scalar == "\r" { advance() }
    return true
  }

  package mutating func skipLine() {
    while peek != nil && peek != "\n" { advance() }
  }

  /// Skips blank lines and comments; the start of the next statement, or nil at the end.
  package mutating func nextStatement() -> Int? {
    while let scalar = peek {
      if scalar == " " || scalar == "\t" || scalar == "\r" || scalar == "\n" {
        advance()
      } else if scalar == "#" {
        skipLine()
      } else {
        return index
      }
    }
    return nil
  }

  /// Skips blank lines and comments inside an array.
  package mutating func skipInsideArray() {
    _ = nextStatement()
  }

  package mutating func bareKey() -> String {
    var key = ""
    while let scalar = peek,
      scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) || scalar == "_"
        || scalar == "-"
    {
      key.unicodeScalars.append(scalar)
      advance()
    }
    return key
  }

  package func restOfLine(from start: Int) -> String {
    var end = start
    while end < text.count, text[end] != "\n" { end += 1 }
    var result = ""
    result.unicodeScalars.append(contentsOf: text[start..<end])
    return result.trimmingCharacters(in: .whitespaces)
  }

  package func error(_ message: String, cs: String) -> SystemError {
    SystemError.usage("\(path):\(line): \(message).", cs: "\(path):\(line) — \(cs).")
  }

  package mutating func value() throws -> [String] {
    skipSpaces()
    guard let first = peek, first != "\n", first != "#" else {
      throw error("a setting needs a value after '='", cs: "za '=' chybí hodnota")
    }
    if first == "[" {
      advance()
      var items: [String] = []
      while true {
        skipInsideArray()
        guard let scalar = peek else {
          throw error("the list is not closed with ']'", cs: "seznam není uzavřen ']'")
        }
        if scalar == "]" {
          advance()
          return items
        }
        items.append(try scalarValue())
        skipInsideArray()
        if peek == nil {
          throw error("the list is not closed with ']'", cs: "seznam není uzavřen ']'")
        }
        if peek == "," {
          advance()
        } else if peek != "]" {
          throw error("expected ',' or ']' in the list", cs: "v seznamu čekáno ',' nebo ']'")
        }
      }
    }
    return [try scalarValue()]
  }

  package mutating func scalarValue() throws -> String {
    guard let first = peek else { throw error("a value is missing", cs: "chybí hodnota") }
    var result = ""
    if first == "\"" {
      advance()
      while true {
        guard let scalar = peek, scalar != "\n" else {
          throw error("the text is not closed with '\"'", cs: "text není uzavřen '\"'")
        }
        advance()
        if scalar == "\"" { return result }
        if scalar == "\\" {
          guard let escaped = peek else {
            throw error("the text ends in '\\'", cs: "text končí '\\'")
          }
          advance()
          switch escaped {
          case "\"", "\\": result.unicodeScalars.append(escaped)
          case "n": result += "\n"
          case "t": result += "\t"
          case "u", "U":
            let count = escaped == "u" ? 4 : 8
            var hex = ""
            for _ in 0..<count {
              guard let digit = peek else { break }
              hex.unicodeScalars.append(digit)
              advance()
            }
            guard let code = UInt32(hex, radix: 16), let decoded = Unicode.Scalar(code) else {
              throw error(
                "'\\\(escaped)\(hex)' is not a character", cs: "'\\\(escaped)\(hex)' není znak")
            }
            result.unicodeScalars.append(decoded)
          default:
            throw error(
              "'\\\(escaped)' is not an escape TOML knows; write '\\\\' for a backslash",
              cs: "'\\\(escaped)' TOML nezná; zpětné lomítko pište '\\\\'")
          }
        } else {
          result.unicodeScalars.append(scalar)
        }
      }
    }
    if first == "'" {
      advance()
      while true {
        guard let scalar = peek, scalar != "\n" else {
          throw error("the text is not closed with \"'\"", cs: "text není uzavřen \"'\"")
        }
        advance()
        if scalar == "'" { return result }
        result.unicodeScalars.append(scalar)
      }
    }
    // A bare number, boolean or duration such as 30d.
    while let scalar = peek, !" \t\r\n,]#".unicodeScalars.contains(scalar) {
      result.unicodeScalars.append(scalar)
      advance()
    }
    if result.isEmpty { throw error("a value is missing", cs: "chybí hodnota") }
    return result
  }

  /// After a value: spaces and a comment up to the end of the line.
  package mutating func endOfStatement() throws {
    skipSpaces()
    if peek == "#" { skipLine() }
    guard peek == nil || peek == "\n" else {
      throw error(
        "unexpected text after the value; quote a value with spaces in it",
        cs: "za hodnotou je nečekaný text; hodnotu s mezerami dejte do uvozovek")
    }
  }
}

/// `HOME`, else the user's home in the password database (a cron job or a unit may run without
/// `HOME`).
package func homeDirectory() -> String {
  if let home = ProcessInfo.processInfo.environment["HOME"], !home.isEmpty { return home }
  return NSHomeDirectory()
}
