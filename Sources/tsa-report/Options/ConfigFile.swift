import Foundation

/// The settings file: `--config`, else `TSA_REPORT_CONFIG`, else
/// `~/.config/tsa-report/config.toml` when it exists. A small subset of TOML: `key = "text"`,
/// `key = 30`, `key = ["a", "b"]`, `#` comments. The command line wins over it.
struct ConfigFile {
  var values: [String: [String]] = [:]

  static let keys: Set<String> = [
    "db", "tz", "mail_to", "mail_from", "sendmail", "warn_below", "crit_below", "warn_runway",
    "crit_runway", "warn_expiry", "crit_expiry", "remind_after", "sendmail_timeout", "warn_stale",
    "crit_stale",
  ]

  static func defaultPath() -> String? {
    if let path = ProcessInfo.processInfo.environment["TSA_REPORT_CONFIG"], !path.isEmpty {
      return path
    }
    let home =
      ProcessInfo.processInfo.environment["XDG_CONFIG_HOME"].flatMap { $0.isEmpty ? nil : $0 }
      ?? NSHomeDirectory() + "/.config"
    let path = home + "/tsa-report/config.toml"
    return FileManager.default.fileExists(atPath: path) ? path : nil
  }

  /// Reads `path` (or the default); an empty configuration when there is none.
  static func load(_ explicit: String?) throws -> ConfigFile {
    guard let path = explicit ?? defaultPath() else { return ConfigFile() }
    guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
      throw CLIError.usage(
        "cannot read the configuration file \(path); check --config or TSA_REPORT_CONFIG.")
    }
    var config = ConfigFile()
    for (index, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
      let line = raw.trimmingCharacters(in: .whitespaces)
      if line.isEmpty || line.hasPrefix("#") || line.hasPrefix("[") { continue }
      guard let equals = line.firstIndex(of: "=") else {
        throw CLIError.usage("\(path):\(index + 1): expected key = value, found '\(line)'.")
      }
      let key = line[..<equals].trimmingCharacters(in: .whitespaces).replacingOccurrences(
        of: "-", with: "_")
      guard keys.contains(key) else {
        throw CLIError.usage(
          "\(path):\(index + 1): unknown setting '\(key)'; known: \(keys.sorted().joined(separator: ", "))."
        )
      }
      let value = line[line.index(after: equals)...].trimmingCharacters(in: .whitespaces)
      config.values[key] =
        value.hasPrefix("[")
        ? value.dropFirst().dropLast().split(separator: ",").map { unquote(String($0)) }
        : [unquote(value)]
    }
    return config
  }

  private static func unquote(_ text: String) -> String {
    var value = text.trimmingCharacters(in: .whitespaces)
    if value.count >= 2, value.first == "\"", value.last == "\"" {
      value = String(value.dropFirst().dropLast())
    }
    return value
  }

  func string(_ key: String) -> String? { values[key]?.first }
  func list(_ key: String) -> [String] { values[key] ?? [] }
}
