import ArgumentParser
import Foundation
import TSAAlert
import TSAModel
import TSAReport
import TSASystem

struct AlertCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "alert",
    abstract: "Warn before the stamps run out: a status line for monitoring, e-mail for people.",
    // Past 12 options argument-parser's synopsis collapses to "alert <options>": see Usage.swift.
    usage: """
      tsa-report alert [--mail-to <address> ...] [--always | --dry-run] [<options>]
      """,
    discussion: """
      Evaluates every contract as of now. WARNING by default when less than 20% of the usable stamps are left, the runway is under 30 days, or a package with stamps left expires within 90 days; CRITICAL under 5%, 7 days, 14 days, or with unfunded stamps. The first line is a monitoring status line; exit 0 OK, 1 WARNING, 2 CRITICAL, 3 UNKNOWN (also when a message could not be sent).

      By default (for cron) it prints and sends only when a contract's level changes, or as a reminder when a WARNING or CRITICAL is older than --remind-after; the state lives in the database, and a failed send is tried again at the next run. --always prints the status every time and records nothing; --dry-run shows what would be sent.

      Every option can come from the settings file (--config): mail_to = ["a@example.cz"], mail_from, sendmail, warn_below = ["20", "10%"], crit_below, warn_runway = "30d", crit_runway, warn_expiry, crit_expiry, remind_after, warn_stale, crit_stale, sendmail_timeout, lang, db, tz.

      With --warn-stale or --crit-stale, books whose newest line is older than that are WARNING or CRITICAL, and their runway is measured on the 30 days up to the newest line (said as "at the pace up to DAY"): days with nothing imported are not days without stamps.

      The mail says what to do in two paragraphs: for whoever orders and pays (the contract's own last package: its stamps and price), and for whoever keeps the books (the command).

      --as-of evaluates the books as if it were that moment (a day means its last moment): with --always or --dry-run to look back at what an alert said; in cron mode it also records the state as of that moment.

      Example:
        tsa-report alert --mail-to ucetni@example.cz --mail-from tsa@example.cz
        tsa-report alert --always --warn-below 50 --crit-below 10
      """)

  @OptionGroup var global: GlobalOptions

  @Option(
    name: .customLong("warn-below"),
    help: ArgumentHelp(
      "WARNING below this many stamps left, or share (10%) (repeatable).", valueName: "n|n%"))
  var warnBelow: [String] = []

  @Option(
    name: .customLong("crit-below"),
    help: ArgumentHelp(
      "CRITICAL below this many stamps left, or share (repeatable).", valueName: "n|n%"))
  var critBelow: [String] = []

  @Option(
    name: .customLong("warn-runway"),
    help: ArgumentHelp("WARNING when the stamps last fewer days (30d).", valueName: "days"))
  var warnRunway: String?

  @Option(
    name: .customLong("crit-runway"),
    help: ArgumentHelp("CRITICAL when the stamps last fewer days (7d).", valueName: "days"))
  var critRunway: String?

  @Option(
    name: .customLong("warn-expiry"),
    help: ArgumentHelp(
      "WARNING when a package with stamps left expires within (90d).", valueName: "days"))
  var warnExpiry: String?

  @Option(
    name: .customLong("crit-expiry"),
    help: ArgumentHelp(
      "CRITICAL when a package with stamps left expires within (14d).", valueName: "days"))
  var critExpiry: String?

  @Option(
    name: .customLong("warn-stale"),
    help: ArgumentHelp(
      "WARNING when the newest line in the books is older than this (3d; off by default).",
      valueName: "time"))
  var warnStale: String?

  @Option(
    name: .customLong("crit-stale"),
    help: ArgumentHelp(
      "CRITICAL when the newest line in the books is older than this (7d; off by default).",
      valueName: "time"))
  var critStale: String?

  @Option(
    name: .customLong("remind-after"),
    help: ArgumentHelp("Send a non-OK state again after this long (7d, 12h).", valueName: "time"))
  var remindAfter: String?

  @Option(
    name: .customLong("mail-to"),
    help: ArgumentHelp("Send notices to this address (repeatable).", valueName: "address"))
  var mailTo: [String] = []

  @Option(
    name: .customLong("mail-from"),
    help: ArgumentHelp(
      "The sender (default: the setting mail_from, else tsa-report@ and this machine's fully"
        + " qualified name, hostname -f).",
      valueName: "address"))
  var mailFrom: String?

  @Option(
    help: ArgumentHelp(
      "The sendmail-compatible program, with its own arguments (default: /usr/sbin/sendmail).",
      valueName: "command"))
  var sendmail: String?

  @Option(
    name: .customLong("sendmail-timeout"),
    help: ArgumentHelp(
      "Stop the mail program after this long and count the send as failed (60s, 2m).",
      valueName: "time"))
  var sendmailTimeout: String?

  @OptionGroup var asOf: MomentOption<EvaluatedAtHelp>

  /// Alert's `--as-of`.
  enum EvaluatedAtHelp: OptionHelp {
    static let text =
      "Evaluate as if run at this moment: a day (its last moment) or a time with an offset"
      + " (default: now)."
  }

  @Flag(help: "Print the status every time and record nothing (for monitoring checks).")
  var always = false

  @Flag(name: .customLong("dry-run"), help: "Show what would be sent; send and record nothing.")
  var dryRun = false

  func validate() throws {
    if always && dryRun {
      throw ValidationError(
        Speech.say(
          en: "--always and --dry-run: give one of them.",
          cs: "--always a --dry-run nejdou spolu; uveďte jen jedno."))
    }
    // Addresses go into mail headers: one check for every address (the settings' in `run`).
    for address in mailTo + [mailFrom].compactMap({ $0 }) {
      if let problem = MailAddress.problem(address) {
        throw ValidationError(
          Speech.say(
            en: "the mail address '\(TerminalText.escaped(address))' \(problem).",
            cs: "e-mailová adresa '\(TerminalText.escaped(address))' je neplatná (\(problem))."))
      }
    }
  }

  /// `--mail-from`, else `mail_from`, else `tsa-report@` and this machine's fully qualified name;
  /// a mail server refuses a bare host name as a domain, so without any of them a mail that
  /// would be sent is refused here, with what to set.
  func sender(_ config: ConfigFile) throws -> String {
    if let address = mailFrom ?? config.string("mail_from") { return address }
    if let host = HostName.fullyQualified() { return "tsa-report@\(host)" }
    let recipients = mailTo.isEmpty ? config.list("mail_to") : mailTo
    guard recipients.isEmpty || always else {
      throw SystemError.usage(
        "no sender for the mail: this machine's name '\(HostName.short)' is not fully qualified"
          + " (hostname -f). Set mail_from = \"tsa-report@your-domain.cz\" in the settings file,"
          + " or give --mail-from.",
        cs: "e-mail nemá odesílatele, jméno tohoto stroje '\(HostName.short)' není plně"
          + " kvalifikované (hostname -f). Nastavte mail_from = \"tsa-report@vase-domena.cz\""
          + " v souboru nastavení, nebo uveďte --mail-from.")
    }
    return "tsa-report@\(HostName.short)"
  }

  /// `30d`, `30` (days), `12h`, `5m` or `90s`, in seconds.
  static func duration(_ text: String, flag: String) throws -> Int64 {
    let units: [Character: Int64] = ["d": 86_400, "h": 3600, "m": 60, "s": 1]
    let unit = text.last.flatMap { units[$0] }
    let digits = unit == nil ? text : String(text.dropLast())
    // At most 100 years: far beyond any threshold, and safe in every later sum.
    guard let value = Int64(digits), value >= 0, value <= 36_500 * 86_400 / (unit ?? 86_400)
    else {
      throw SystemError.usage(
        "\(flag) '\(text)' is not a duration; write it like 30d (days), 12h (hours), 5m or 90s,"
          + " at most 100 years.",
        cs: "\(flag) '\(text)' není doba; pište ji jako 30d (dny), 12h (hodiny), 5m nebo 90s,"
          + " nejvýše 100 let.")
    }
    return value * (unit ?? 86_400)
  }

  /// A duration option or setting, in seconds.
  static func duration(
    _ option: String?, flag: String, _ context: CommandContext, _ key: String
  ) throws -> Int64? {
    try context.value(option, flag, setting: key).map { try duration($0.text, flag: $0.origin) }
  }

  func thresholds(_ context: CommandContext, level: String, defaults: AlertThresholds) throws
    -> AlertThresholds
  {
    let config = context.settings
    let option = (level == "warn" ? warnBelow : critBelow)
    let below = context.list(option, setting: "\(level)_below")
    let belowOrigin =
      option.isEmpty ? "\(config.origin("\(level)_below")): \(level)_below" : "--\(level)-below"
    let runway = try Self.duration(
      level == "warn" ? warnRunway : critRunway, flag: "--\(level)-runway", context,
      "\(level)_runway")
    let expiry = try Self.duration(
      level == "warn" ? warnExpiry : critExpiry, flag: "--\(level)-expiry", context,
      "\(level)_expiry")
    return AlertThresholds(
      below: try below.isEmpty
        ? defaults.below
        : below.map { text in
          guard let limit = StampLimit(text) else {
            let comma = text.contains(",")
            throw SystemError.usage(
              "\(belowOrigin) '\(text)' is neither a number of stamps (20) nor a share (10%)"
                + (comma ? "; write a decimal point, not a comma (5.5%)." : "."),
              cs: "\(belowOrigin) '\(text)' není počet razítek (20) ani podíl (10%)"
                + (comma ? "; pište desetinnou tečku, ne čárku (5.5%)." : "."))
          }
          return limit
        },
      runwayDays: runway.map { Int($0 / 86_400) } ?? defaults.runwayDays,
      expiryDays: expiry.map { Int($0 / 86_400) } ?? defaults.expiryDays)
  }

  func run() throws {
    do {
      let context = try global.context()
      let config = context.settings
      for key in ["mail_to", "mail_from"] {
        for address in config.list(key) {
          if let problem = MailAddress.problem(address) {
            let shown = TerminalText.escaped(address)
            throw SystemError.usage(
              "\(config.origin(key)): \(key) '\(shown)' \(problem).",
              cs: "\(config.origin(key)) — \(key) '\(shown)' je neplatná adresa (\(problem)).")
          }
        }
      }
      let host = HostName.short
      let zone = try context.zone()
      let now =
        try asOf.moment.map { $0.end(in: zone).instant.adding(microseconds: -1) }
        ?? context.now
      let sendmailCommand = (sendmail ?? config.string("sendmail") ?? "/usr/sbin/sendmail")
        .split(separator: " ").map(String.init)
      let options = AlertOptions(
        warning: try thresholds(context, level: "warn", defaults: .defaultWarning),
        critical: try thresholds(context, level: "crit", defaults: .defaultCritical),
        remindAfterSeconds: try Self.duration(
          remindAfter, flag: "--remind-after", context, "remind_after") ?? 7 * 86_400,
        mailTo: context.list(mailTo, setting: "mail_to"),
        mailFrom: try sender(config),
        sendmail: Sendmail(
          command: sendmailCommand,
          timeoutSeconds: Double(
            try Self.duration(
              sendmailTimeout, flag: "--sendmail-timeout", context, "sendmail_timeout") ?? 60)),
        mode: always ? .always : dryRun ? .dryRun : .cron,
        staleWarningSeconds: try Self.duration(
          warnStale, flag: "--warn-stale", context, "warn_stale"),
        staleCriticalSeconds: try Self.duration(
          critStale, flag: "--crit-stale", context, "crit_stale"),
        language: try context.language())
      // Two cron runs that overlap (a slow mail program) must not both send the same notice:
      // one alert at a time per database; --always and --dry-run send and record nothing.
      let lock = always || dryRun ? nil : try BooksLock(database: context.databasePath)
      defer { lock?.release() }
      let outcome = try AlertRunner.run(
        store: try context.store(), options: options, now: now, zone: zone,
        host: host)
      print(TerminalText.escapedLines(outcome.output), terminator: "")
      throw ExitCode(Int32(outcome.level.rawValue))
    } catch let exit as ExitCode {
      throw exit
    } catch {
      // Monitoring reads the first line and the exit code, whatever went wrong.
      // The status line stays English for monitoring; the person reads the run's language.
      let message = TerminalText.escaped("\(error)")
      print("TSA UNKNOWN - \(message)")
      let said = CommandFailure(error).map { TerminalText.escaped($0.message) } ?? message
      writeStandardError(Speech.say(en: "Error: ", cs: "Chyba: ") + said + "\n")
      throw ExitCode(3)
    }
  }
}

extension Array {
  var nonEmpty: Self? { isEmpty ? nil : self }
}
