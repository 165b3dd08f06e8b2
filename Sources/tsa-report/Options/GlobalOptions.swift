import ArgumentParser
import Foundation
import TSAModel
import TSAReport
import TSAStore
import TSASystem

/// `--db` and `--tz`, shared by every command that reads or writes the books.
struct GlobalOptions: ParsableArguments {
  @Option(
    name: .customLong("db"),
    help: ArgumentHelp(
      "The database file (default: $TSA_REPORT_DB, else ~/.local/share/tsa-report/books.sqlite).",
      valueName: "path"))
  var databasePath: String?

  @Option(
    name: .customLong("tz"),
    help: ArgumentHelp(
      "IANA time zone of reports (default: $TSA_REPORT_TZ, else the system zone).",
      valueName: "zone"))
  var zoneName: String?

  func validate() throws {
    if let zoneName, ReportZone(identifier: zoneName) == nil {
      throw ValidationError(
        "--tz '\(zoneName)' is not an IANA time zone; use a name such as Europe/Prague or UTC.")
    }
  }

  @Option(
    name: .customLong("config"),
    help: ArgumentHelp(
      "Settings file (default: $TSA_REPORT_CONFIG, else ~/.config/tsa-report/config.toml, else"
        + " /etc/tsa-report/config.toml).",
      valueName: "path"))
  var configPath: String?

  /// The settings file, read once.
  func config() throws -> ConfigFile { try ConfigFile.load(configPath) }

  /// The database path: `--db`, else `TSA_REPORT_DB`, else the settings file's `db`, else the
  /// per-user default.
  var resolvedDatabasePath: String {
    if let databasePath { return databasePath }
    let environment = ProcessInfo.processInfo.environment
    if let path = environment["TSA_REPORT_DB"], !path.isEmpty { return path }
    if let path = (try? config())?.string("db") { return path }
    let dataHome =
      environment["XDG_DATA_HOME"].flatMap { $0.isEmpty ? nil : $0 }
      ?? homeDirectory() + "/.local/share"
    return dataHome + "/tsa-report/books.sqlite"
  }

  /// The report zone: `--tz`, else `TSA_REPORT_TZ`, else the system zone.
  func zone() throws -> ReportZone {
    if let zoneName, let zone = ReportZone(identifier: zoneName) { return zone }
    if let name = ProcessInfo.processInfo.environment["TSA_REPORT_TZ"], !name.isEmpty {
      guard let zone = ReportZone(identifier: name) else {
        throw CLIError.usage(
          "TSA_REPORT_TZ '\(name)' is not an IANA time zone; use a name such as Europe/Prague.")
      }
      return zone
    }
    if let name = try config().string("tz") {
      guard let zone = ReportZone(identifier: name) else {
        throw CLIError.usage("tz '\(name)' in the settings file is not an IANA time zone.")
      }
      return zone
    }
    // TZ as glibc reads it: Foundation would take `UTC+5` as five hours east, and `:Europe/Prague`
    // as UTC.
    if let tz = ProcessInfo.processInfo.environment["TZ"], !tz.isEmpty {
      guard let zone = ReportZone(tzVariable: tz) else {
        throw CLIError.usage(
          "TZ '\(tz)' names no IANA time zone that reports can use; set TSA_REPORT_TZ to one"
            + " (TSA_REPORT_TZ=Europe/Prague) or give --tz.")
      }
      return zone
    }
    return ReportZone(TimeZone.current)
  }

  /// `--lang`, else the settings file's `lang`, else English.
  func language(_ explicit: Language?) throws -> Language {
    if let explicit { return explicit }
    let config = try config()
    guard let name = config.string("lang") else { return .en }
    guard let language = Language(rawValue: name) else {
      throw CLIError.usage(
        "\(config.origin("lang")): lang '\(name)' is not a language tsa-report speaks; use en or"
          + " cs.")
    }
    return language
  }

  func openStore() throws -> Store {
    _ = try config()  // a broken settings file is said, not silently ignored
    let store = try Store(path: resolvedDatabasePath)
    store.changeActor = ChangeActor(who: Self.operatingUser, now: WallClock.now)
    return store
  }

  /// Who runs this, as the change log keeps it: the OS user, and the one behind sudo
  /// (`root (sudo: alice)`).
  static var operatingUser: String {
    let name = getpwuid(geteuid()).map { String(cString: $0.pointee.pw_name) } ?? "uid \(geteuid())"
    if let sudo = ProcessInfo.processInfo.environment["SUDO_USER"], !sudo.isEmpty, sudo != name {
      return "\(name) (sudo: \(sudo))"
    }
    return name
  }
}

/// "Now", read once, at the edge: the core takes it as a parameter.
enum WallClock {
  static func now() -> Instant {
    Instant(microseconds: Int64((Date().timeIntervalSince1970 * 1_000_000).rounded()))
  }
}
