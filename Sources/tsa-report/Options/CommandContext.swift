import Foundation
import TSALedger
import TSAModel
import TSAReport
import TSAStore
import TSASystem

/// What a command works with, made once per run from the global options: the settings file
/// (read once), the clock (read once: "now" is one moment for the whole run), the database path
/// and the report zone, and the books (opened on first use). Every "flag, else environment,
/// else setting, else default" of the command line is answered here, in one place.
final class CommandContext {
  let global: GlobalOptions
  let settings: ConfigFile
  let now: Instant
  private var opened: Store?
  private var zoneChosen: (zone: ReportZone, origin: String)?

  init(_ global: GlobalOptions, settings: ConfigFile, now: Instant = WallClock.now()) {
    self.global = global
    self.settings = settings
    self.now = now
  }

  private static var environment: [String: String] { ProcessInfo.processInfo.environment }

  /// An environment variable, when it is set and not empty.
  private static func variable(_ name: String) -> String? {
    environment[name].flatMap { $0.isEmpty ? nil : $0 }
  }

  /// The database path: `--db`, else `TSA_REPORT_DB`, else the setting `db`, else the per-user
  /// default.
  var databasePath: String {
    global.databasePath ?? Self.variable("TSA_REPORT_DB") ?? settings.string("db")
      ?? (Self.variable("XDG_DATA_HOME") ?? homeDirectory() + "/.local/share")
      + "/tsa-report/books.sqlite"
  }

  /// The books, opened on first use.
  func store() throws -> Store {
    if let opened { return opened }
    let store = try Store(path: databasePath)
    let now = self.now
    store.changeActor = ChangeActor(who: Self.operatingUser, now: { now })
    opened = store
    return store
  }

  /// The books' ledger.
  func books() throws -> Books { Books(try store()) }

  /// The report zone: `--tz`, else `TSA_REPORT_TZ`, else the setting `tz`, else `TZ` as glibc
  /// reads it, else the system zone.
  func zone() throws -> ReportZone { try chosenZone().zone }

  /// Where the report zone came from (`--tz`, `TSA_REPORT_TZ`, `settings`, `system`), as
  /// `doctor` says it.
  func zoneOrigin() throws -> String { try chosenZone().origin }

  private func chosenZone() throws -> (zone: ReportZone, origin: String) {
    if let zoneChosen { return zoneChosen }
    let chosen = try chooseZone()
    zoneChosen = chosen
    return chosen
  }

  private func chooseZone() throws -> (zone: ReportZone, origin: String) {
    if let name = global.zoneName, let zone = ReportZone(identifier: name) { return (zone, "--tz") }
    if let name = Self.variable("TSA_REPORT_TZ") {
      guard let zone = ReportZone(identifier: name) else {
        throw SystemError.usage(
          "TSA_REPORT_TZ '\(name)' is not an IANA time zone; use a name such as Europe/Prague.",
          cs: "TSA_REPORT_TZ '\(name)' není časové pásmo IANA; použijte název jako Europe/Prague.")
      }
      return (zone, "TSA_REPORT_TZ")
    }
    if let name = settings.string("tz") {
      guard let zone = ReportZone(identifier: name) else {
        throw SystemError.usage(
          "tz '\(name)' in the settings file is not an IANA time zone.",
          cs: "tz '\(name)' v souboru nastavení není časové pásmo IANA.")
      }
      return (zone, "settings")
    }
    // TZ as glibc reads it: Foundation would take `UTC+5` as five hours east, and `:Europe/Prague`
    // as UTC.
    if let tz = Self.variable("TZ") {
      guard let zone = ReportZone(tzVariable: tz) else {
        throw SystemError.usage(
          "TZ '\(tz)' names no IANA time zone that reports can use; set TSA_REPORT_TZ to one"
            + " (TSA_REPORT_TZ=Europe/Prague) or give --tz.",
          cs: "TZ '\(tz)' neurčuje časové pásmo IANA použitelné pro přehledy; nastavte"
            + " TSA_REPORT_TZ (TSA_REPORT_TZ=Europe/Prague) nebo uveďte --tz.")
      }
      return (zone, "system")  // TZ is how the system's zone is given
    }
    return (ReportZone(TimeZone.current), "system")
  }

  /// Today in the report zone.
  func today() throws -> LocalDate { try zone().localDate(of: now) }

  /// Who named the settings file: `--config`, `TSA_REPORT_CONFIG`, or nil (found in the usual
  /// places, or none).
  var settingsNamedBy: String? {
    global.configPath != nil
      ? "--config" : Self.variable("TSA_REPORT_CONFIG") != nil ? "TSA_REPORT_CONFIG" : nil
  }

  /// `--lang`, else the setting `lang`, else English (as `Speech` found it before the command
  /// line was parsed; a setting that names no language is an error here).
  func language() throws -> Language {
    if let flag = global.language { return flag }
    guard let name = settings.string("lang") else { return .en }
    guard let language = Language(rawValue: name) else {
      throw SystemError.usage(
        "\(settings.origin("lang")): lang '\(name)' is not a language tsa-report speaks; use"
          + " \(Language.allCases.map(\.rawValue).joined(separator: " or ")).")
    }
    return language
  }

  /// A flag's text, else the setting's, with where it came from (`--warn-stale`, or
  /// `/etc/tsa-report/config.toml:12: warn_stale`) for the messages about it.
  func value(_ flag: String?, _ flagName: String, setting key: String) -> (
    text: String, origin: String
  )? {
    if let flag { return (flag, flagName) }
    return settings.string(key).map { ($0, "\(settings.origin(key)): \(key)") }
  }

  /// A repeated flag's values, else the setting's list.
  func list(_ flag: [String], setting key: String) -> [String] {
    flag.isEmpty ? settings.list(key) : flag
  }

  /// Who runs this, as the change log keeps it: the OS user, and the one behind sudo
  /// (`root (sudo: alice)`).
  static var operatingUser: String {
    let name = getpwuid(geteuid()).map { String(cString: $0.pointee.pw_name) } ?? "uid \(geteuid())"
    if let sudo = variable("SUDO_USER"), sudo != name {
      return "\(name) (sudo: \(sudo))"
    }
    return name
  }
}
