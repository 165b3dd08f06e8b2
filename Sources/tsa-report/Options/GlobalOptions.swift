import ArgumentParser
import Foundation
import TSAModel
import TSAReport
import TSAStore
import TSASystem

/// `--db`, `--tz`, `--config` and `--lang`, shared by every command that reads or writes the books; a
/// command turns them into its `CommandContext`.
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
        Speech.say(
          en: "--tz '\(zoneName)' is not an IANA time zone; use a name such as Europe/Prague or"
            + " UTC.",
          cs: "--tz '\(zoneName)' není časové pásmo IANA; použijte název jako Europe/Prague nebo"
            + " UTC."))
    }
  }

  @Option(
    name: .customLong("config"),
    help: ArgumentHelp(
      "Settings file (default: $TSA_REPORT_CONFIG, else ~/.config/tsa-report/config.toml, else"
        + " /etc/tsa-report/config.toml).",
      valueName: "path"))
  var configPath: String?

  @Option(
    name: .customLong("lang"),
    help: ArgumentHelp(
      "The language of reports, messages and errors: \(Language.described) (default: the"
        + " setting lang, else en).",
      valueName: "lang"))
  var language: Language?

  /// The context a command runs in: the settings file read here, once.
  func context() throws -> CommandContext {
    try CommandContext(self, settings: ConfigFile.load(configPath))
  }
}

/// "Now", read once, at the edge: the core takes it as a parameter.
enum WallClock {
  static func now() -> Instant {
    Instant(microseconds: Int64((Date().timeIntervalSince1970 * 1_000_000).rounded()))
  }
}
