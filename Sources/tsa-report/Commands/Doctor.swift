import ArgumentParser
import Foundation
import TSADoctor
import TSASystem

struct DoctorCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "doctor",
    abstract: "Check the set-up: settings, books, logs, mail program and time zone.",
    discussion: """
      What to run after installing, or when a mail did not come. Checks, as the user who runs it: the settings file in use and its values; the books (path, writable, schema version, size, the last import and the newest line in them, contracts and paid packages); each log the settings name, with its rotated copies (there, readable, its format as detected, how much of it is not imported yet: a dry run, nothing written); the mail program and the addresses; the time zone. Each line is OK or says what to fix. Exit 0 when all are OK, 1 otherwise.

      Run it as the user the timers run as, since what that user may read is what counts.

      Example:
        tsa-report doctor
        sudo -u tsa-report tsa-report doctor
      """)

  @OptionGroup var global: GlobalOptions

  @Option(
    help: ArgumentHelp(
      "The mail program to check (default: the setting sendmail, else /usr/sbin/sendmail).",
      valueName: "command"))
  var sendmail: String?

  func run() throws {
    // A broken settings file is one of the checks, not the end of them.
    let settings = Result { try ConfigFile.load(global.configPath) }
    let context = CommandContext(global, settings: (try? settings.get()) ?? ConfigFile())
    let checks = Checkup.run(
      CheckupSetup(
        settings: settings, settingsNamedBy: context.settingsNamedBy,
        databasePath: context.databasePath, zone: Result { try context.zone() },
        zoneOrigin: (try? context.zoneOrigin()) ?? "", sendmail: sendmail, now: context.now,
        language: Speech.language))
    let problems = checks.filter { !$0.ok }.count
    var out = checks.map(Self.text).joined()
    out +=
      problems == 0
      ? Speech.say(
        en: "\nAll \(checks.count) checks OK.\n",
        cs: "\nVšech \(checks.count) kontrol v pořádku.\n")
      : Speech.say(
        en: "\n\(problems) of \(checks.count) checks need a fix (FIX above).\n",
        cs: "\n\(problems) z \(checks.count) kontrol potřebuje opravu (FIX výše).\n")
    print(TerminalText.escapedLines(out), terminator: "")
    if problems > 0 { throw ExitCode(1) }
  }

  /// `OK   subject`, or `FIX  subject`, its details and the fix, indented under it.
  static func text(_ check: DoctorCheck) -> String {
    var out = (check.ok ? "OK   " : "FIX  ") + check.subject + "\n"
    for detail in check.details { out += "       \(detail)\n" }
    if let fix = check.fix { out += "       → \(fix)\n" }
    return out
  }
}
