import Foundation
import TSALedger
import TSAModel
import TSARender
import TSAReport
import TSAStore
import TSASystem

/// How `alert` runs.
public struct AlertOptions: Sendable {
  public enum Mode: Sendable { case cron, always, dryRun }
  public var warning: AlertThresholds
  public var critical: AlertThresholds
  public var remindAfterSeconds: Int64
  public var mailTo: [String]
  public var mailFrom: String
  public var sendmail: Sendmail
  public var mode: Mode
  /// WARNING / CRITICAL when the newest line in the books is older than this (off when nil):
  /// a broken log path or a dead import must not make the books look better.
  public var staleWarningSeconds: Int64?
  public var staleCriticalSeconds: Int64?
  /// The language of the details and the mail (the status line is always English).
  public var language: Language

  public init(
    warning: AlertThresholds = .defaultWarning, critical: AlertThresholds = .defaultCritical,
    remindAfterSeconds: Int64 = 7 * 86_400, mailTo: [String] = [], mailFrom: String,
    sendmail: Sendmail = Sendmail(command: ["/usr/sbin/sendmail"]), mode: Mode = .cron,
    staleWarningSeconds: Int64? = nil, staleCriticalSeconds: Int64? = nil, language: Language = .en
  ) {
    self.warning = warning
    self.critical = critical
    self.remindAfterSeconds = remindAfterSeconds
    self.mailTo = mailTo
    self.mailFrom = mailFrom
    self.sendmail = sendmail
    self.mode = mode
    self.staleWarningSeconds = staleWarningSeconds
    self.staleCriticalSeconds = staleCriticalSeconds
    self.language = language
  }
}

/// What a run of `alert` found and did.
public struct AlertOutcome: Sendable {
  /// The worst level: the exit code.
  public var level: AlertLevel
  /// What to print: the status line and details, or nothing when cron mode has nothing new.
  public var output: String
  /// Messages handed to the mail program.
  public var sent: Int
}

/// One run of `alert`: evaluate every contract as of `now`, decide what is due, send it, and
/// record it only once it is sent — a failed send is tried again at the next run, and a run
/// killed between sending and recording sends again rather than never (see the README).
///
/// Nothing here reads the clock: `now` is given (the mail's Date too), and the Message-ID is
/// made from it and the message, so a test can compare whole messages.
public enum AlertRunner {
  public static func run(
    store: Store, options: AlertOptions, now: Instant, zone: ReportZone, host: String
  ) throws -> AlertOutcome {
    for address in options.mailTo + [options.mailFrom] {
      if let problem = MailAddress.problem(address) {
        throw MailError(
          description: "the mail address '\(TerminalText.escaped(address))' \(problem)")
      }
    }
    let evaluation = try evaluate(store: store, options: options, now: now, zone: zone)
    let level = evaluation.alerts.map(\.level).max() ?? .ok
    let status = evaluation.status
    if options.mode == .always { return AlertOutcome(level: level, output: status, sent: 0) }

    let states = try store.alertStates()
    let notices = AlertSchedule.notices(
      evaluation.alerts, states: states, now: now, remindAfterSeconds: options.remindAfterSeconds)
    let quiet = evaluation.alerts.filter { states[$0.contractCode] == nil && $0.level == .ok }
    if notices.isEmpty {
      if options.mode == .cron { try record([], quiet: quiet, now: now, in: store) }
      // A dry run that prints nothing would look like one that failed to look.
      if options.mode == .dryRun {
        return AlertOutcome(
          level: level,
          output: status + "\nNothing is due: no contract changed level and no reminder is due,"
            + " so nothing would be sent.\n", sent: 0)
      }
      return AlertOutcome(level: level, output: "", sent: 0)
    }
    let message = mail(notices, evaluation, options: options, now: now, host: host)
    if options.mode == .dryRun {
      let recipients =
        options.mailTo.isEmpty ? "nobody (no --mail-to)" : options.mailTo.joined(separator: ", ")
      return AlertOutcome(
        level: level,
        output: status + "\nWould send to \(recipients):\n\n"
          + message.text.replacingOccurrences(of: "\r\n", with: "\n") + "\n", sent: 0)
    }
    if !options.mailTo.isEmpty { try options.sendmail.send(message) }
    try record(notices, quiet: quiet, now: now, in: store)
    return AlertOutcome(level: level, output: status, sent: options.mailTo.isEmpty ? 0 : 1)
  }

  /// What the books say now: every contract's alert, and the status and details as printed.
  private struct Evaluation {
    var balances: [ContractBalance]
    var alerts: [ContractAlert]
    var words: AlertWords
    var details: [String]
    var status: String
  }

  private static func evaluate(
    store: Store, options: AlertOptions, now: Instant, zone: ReportZone
  ) throws -> Evaluation {
    let today = zone.localDate(of: now)
    let newest = try store.newestLineTime(before: now.adding(microseconds: 1))
    let staleLevel = staleLevel(newest: newest, now: now, options: options)
    // Stale books measure the runway on the pace up to their newest line: the days since, with
    // nothing imported, are not days without stamps.
    let paceUntil = staleLevel != nil ? newest.map { zone.localDate(of: $0) } : nil
    let balances = try Books(store).balances(
      contractCode: nil, asOf: today, zone: zone,
      paceUntil: paceUntil.flatMap { $0 < today ? $0 : nil })
    // Books with nothing to count against cannot be OK: a check aimed at the wrong database
    // (or at books not set up yet) must not say all is well.
    guard !balances.isEmpty else { throw AlertError.noContracts(path: store.path) }
    guard balances.contains(where: { !$0.paid.isEmpty }) else {
      throw AlertError.noPaidPackage(path: store.path, contracts: balances.map(\.contractCode))
    }
    var alerts = AlertEvaluator.evaluate(
      balances, warning: options.warning, critical: options.critical, today: today)
    if let staleLevel {
      stale(&alerts, level: staleLevel, newest: newest, now: now, options: options)
    }
    let words = AlertWords(options.language, zone: zone)
    let details = alerts.flatMap(words.details) + [words.newestLine(newest)]
    let status =
      ([AlertEvaluator.statusLine(alerts, zone: zone)] + details).joined(separator: "\n") + "\n"
    return Evaluation(
      balances: balances, alerts: alerts, words: words, details: details, status: status)
  }

  /// The mail of the notices due, all in its language; an English one starts with the status
  /// line as printed.
  private static func mail(
    _ notices: [AlertNotice], _ evaluation: Evaluation, options: AlertOptions, now: Instant,
    host: String
  ) -> MailMessage {
    let words = evaluation.words
    // A contract code is typed by a person and checked at input; escaped here all the same,
    // since a line break in a header would start a header of its own.
    let subject = TerminalText.escaped(words.subject(notices))
    let opening = options.language.pick(
      en: evaluation.status, cs: evaluation.details.joined(separator: "\n") + "\n")
    let body = TerminalText.escapedLines(
      body(notices, status: opening, balances: evaluation.balances, words: words))
    return MailMessage(
      from: options.mailFrom, to: options.mailTo, subject: subject, body: body, date: now,
      messageID: MailMessage.messageID(
        date: now, content: subject + "\n" + body, from: options.mailFrom, host: host))
  }

  /// Records what was notified, and the contracts first seen OK (so that their first problem
  /// is a change), in one transaction.
  private static func record(
    _ notices: [AlertNotice], quiet: [ContractAlert], now: Instant, in store: Store
  ) throws {
    try store.inTransaction {
      for notice in notices {
        try store.recordAlert(
          contractCode: notice.alert.contractCode,
          state: AlertState(level: notice.alert.level, since: notice.since, lastSent: now))
      }
      for alert in quiet {
        try store.recordAlert(
          contractCode: alert.contractCode, state: AlertState(level: .ok, since: now, lastSent: now)
        )
      }
    }
  }

  /// The level the books' age calls for: nil while the newest line is younger than the stale
  /// thresholds (books without any line are stale since ever).
  static func staleLevel(newest: Instant?, now: Instant, options: AlertOptions) -> AlertLevel? {
    let age = newest.map { now.seconds - $0.seconds } ?? .max
    if let limit = options.staleCriticalSeconds, age >= limit { return .critical }
    if let limit = options.staleWarningSeconds, age >= limit { return .warning }
    return nil
  }

  /// Raises every contract to `level` for books that stopped growing, and says since when.
  static func stale(
    _ alerts: inout [ContractAlert], level: AlertLevel, newest: Instant?, now: Instant,
    options: AlertOptions
  ) {
    let age = newest.map { now.seconds - $0.seconds } ?? .max
    let limit = level == .critical ? options.staleCriticalSeconds! : options.staleWarningSeconds!
    for index in alerts.indices {
      alerts[index].level = max(alerts[index].level, level)
      alerts[index].stale = newest.map(StaleNote.since) ?? .noLines
      alerts[index].reasons.append(
        newest == nil ? .noLines : .stale(days: age / 86_400, limit: limit / 86_400))
    }
  }

  static func body(
    _ notices: [AlertNotice], status: String, balances: [ContractBalance], words: AlertWords
  ) -> String {
    var lines = [status]
    lines += notices.map(words.notice)
    let shown = balances.filter { balance in
      notices.contains { $0.alert.contractCode == balance.contractCode }
    }
    let labels = Words(words.language)
    for contract in shown {
      lines.append("")
      lines.append(words.packagesOf(contract.contractCode))
      let table = ReportTable(
        columns: [
          labels.column("package", .package), labels.column("ref", .ref),
          labels.column("valid_until", .validUntil), labels.column("status", .status),
          labels.column("stamps", .stamps), labels.column("used", .used),
          labels.column("remaining", .remaining), labels.column("expired", .expired),
          labels.column("remaining_value", .remainingValue),
        ],
        rows: contract.packages.map { item in
          Row(
            .body,
            [
              .integer(item.package.id), .text(item.package.ref ?? ""),
              item.package.validUntil.map(Cell.date) ?? .empty, .text(words.status(item.status)),
              .integer(item.package.stamps), .integer(item.used), .integer(item.remaining),
              .integer(item.expired),
              item.remainingValue.map { .money($0, currency: item.package.currency) } ?? .empty,
            ])
        } + [
          Row(
            .total,
            [
              labels.term(.total), .empty, .empty, .empty, .integer(contract.stamps),
              .integer(contract.used), .integer(contract.remaining), .integer(contract.expired),
              contract.values.map { .money($0.remaining, currency: contract.valueCurrency!) }
                ?? .empty,
            ])
        ])
      lines.append(TextRenderer.renderTable(table, labels))
      lines += BalanceReport.describe(contract, labels)
    }
    let troubled = shown.filter { contract in
      notices.contains { $0.alert.contractCode == contract.contractCode && $0.alert.level != .ok }
    }
    for contract in troubled {
      for paragraph in words.advice(contract: contract) {
        lines.append("")
        lines.append(paragraph)
      }
    }
    lines.append("")
    lines.append("-- ")
    lines.append(words.footer)
    return lines.joined(separator: "\n") + "\n"
  }
}

/// Why `alert` cannot say anything about the books: UNKNOWN (exit 3), with the path.
enum AlertError: Error, Equatable, Sendable, CustomStringConvertible {
  case noContracts(path: String)
  case noPaidPackage(path: String, contracts: [String])

  var description: String {
    switch self {
    case .noContracts(let path):
      "no contracts in the books \(path): is the check aimed at the wrong books (--db,"
        + " TSA_REPORT_DB, db in the settings)? Else add one: tsa-report contract add ID"
    case .noPaidPackage(let path, let contracts):
      "no paid package in the books \(path) (contracts \(contracts.joined(separator: ", "))):"
        + " nothing to count the stamps against. Record the purchase (tsa-report package add"
        + " … --paid DATE) or its payment (tsa-report package pay ID --date DATE)."
    }
  }
}
