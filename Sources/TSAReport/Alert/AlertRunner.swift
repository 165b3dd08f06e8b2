import Foundation

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

  public init(
    warning: AlertThresholds = .defaultWarning, critical: AlertThresholds = .defaultCritical,
    remindAfterSeconds: Int64 = 7 * 86_400, mailTo: [String] = [], mailFrom: String,
    sendmail: Sendmail = Sendmail(command: ["/usr/sbin/sendmail"]), mode: Mode = .cron,
    staleWarningSeconds: Int64? = nil, staleCriticalSeconds: Int64? = nil
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
    let today = zone.localDate(of: now)
    let balances = try BalanceReport.balances(
      store: store, contractCode: nil, asOf: today, zone: zone)
    // Books with nothing to count against cannot be OK: a check aimed at the wrong database
    // (or at books not set up yet) must not say all is well.
    guard !balances.isEmpty else { throw AlertError.noContracts(path: store.path) }
    guard balances.contains(where: { !$0.paid.isEmpty }) else {
      throw AlertError.noPaidPackage(path: store.path, contracts: balances.map(\.contractCode))
    }
    var alerts = AlertEvaluator.evaluate(
      balances, warning: options.warning, critical: options.critical, today: today)
    let newest = try store.newestLineTime(before: now.adding(microseconds: 1))
    stale(&alerts, newest: newest, now: now, zone: zone, options: options)
    let level = alerts.map(\.level).max() ?? .ok
    let status =
      statusText(alerts, balances: balances)
      + "Newest line in the books: \(newest.map { zone.format($0) } ?? "none yet")\n"
    if options.mode == .always { return AlertOutcome(level: level, output: status, sent: 0) }

    let states = try store.alertStates()
    let notices = AlertSchedule.notices(
      alerts, states: states, now: now, remindAfterSeconds: options.remindAfterSeconds)
    let quiet = alerts.filter { states[$0.contractCode] == nil && $0.level == .ok }
    if notices.isEmpty {
      if options.mode == .cron {
        for alert in quiet {
          try store.recordAlert(
            contractCode: alert.contractCode,
            state: AlertState(level: .ok, since: now, lastSent: now))
        }
      }
      return AlertOutcome(level: level, output: "", sent: 0)
    }
    // A contract code is typed by a person and checked at input; escaped here all the same,
    // since a line break in a header would start a header of its own.
    let subject = TerminalText.escaped(subject(notices))
    let body = TerminalText.escapedLines(body(notices, status: status, balances: balances))
    let message = MailMessage(
      from: options.mailFrom, to: options.mailTo, subject: subject, body: body, date: now,
      messageID: MailMessage.messageID(
        date: now, content: subject + "\n" + body, from: options.mailFrom, host: host))
    if options.mode == .dryRun {
      let recipients =
        options.mailTo.isEmpty ? "nobody (no --mail-to)" : options.mailTo.joined(separator: ", ")
      return AlertOutcome(
        level: level,
        output: status + "\nWould send to \(recipients):\n\n"
          + message.text.replacingOccurrences(of: "\r\n", with: "\n") + "\n", sent: 0)
    }
    if !options.mailTo.isEmpty { try options.sendmail.send(message) }
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
    return AlertOutcome(level: level, output: status, sent: options.mailTo.isEmpty ? 0 : 1)
  }

  /// Raises every contract's level when nothing new reached the books for longer than a stale
  /// threshold (books without any line are stale since ever), and says since when.
  static func stale(
    _ alerts: inout [ContractAlert], newest: Instant?, now: Instant, zone: ReportZone,
    options: AlertOptions
  ) {
    let age = newest.map { now.seconds - $0.seconds } ?? .max
    let level: AlertLevel? =
      if let limit = options.staleCriticalSeconds, age >= limit {
        .critical
      } else if let limit = options.staleWarningSeconds, age >= limit {
        .warning
      } else {
        nil
      }
    guard let level else { return }
    let since = newest.map { "nothing new since \(zone.format($0))" } ?? "no line in the books yet"
    let limit = level == .critical ? options.staleCriticalSeconds! : options.staleWarningSeconds!
    for index in alerts.indices {
      alerts[index].level = max(alerts[index].level, level)
      alerts[index].stale = since
      alerts[index].reasons.append(
        newest == nil
          ? "the books hold no line at all"
          : "no new line for \(Words.plainCount(age / 86_400, .day)) (limit"
            + " \(Words.plainCount(limit / 86_400, .day))): is the import running, and the log path"
            + " right?")
    }
  }

  /// The status line, then a line per contract with its reasons.
  static func statusText(_ alerts: [ContractAlert], balances: [ContractBalance]) -> String {
    var lines = [AlertEvaluator.statusLine(alerts)]
    for alert in alerts {
      lines.append("\(alert.level.name): \(alert.summary)")
      lines += alert.reasons.map { "  - \($0)" }
    }
    return lines.joined(separator: "\n") + "\n"
  }

  static func subject(_ notices: [AlertNotice]) -> String {
    let worst = notices.map(\.alert.level).max() ?? .ok
    let parts = notices.map { notice -> String in
      switch notice.kind {
      case .resolved: "resolved: \(notice.alert.summary)"
      case .reminder: "still \(notice.alert.level.name): \(notice.alert.summary)"
      case .changed: notice.alert.summary
      }
    }
    return "[TSA \(worst.name)] " + parts.joined(separator: "; ")
  }

  static func body(_ notices: [AlertNotice], status: String, balances: [ContractBalance]) -> String
  {
    var lines = [status]
    for notice in notices {
      let code = notice.alert.contractCode
      switch notice.kind {
      case .resolved:
        lines.append("Resolved: \(code) is OK again (was \(notice.previous.name)).")
      case .reminder:
        lines.append("Reminder: \(code) is still \(notice.alert.level.name).")
      case .changed:
        lines.append("\(code) is now \(notice.alert.level.name) (was \(notice.previous.name)).")
      }
    }
    let shown = balances.filter { balance in
      notices.contains { $0.alert.contractCode == balance.contractCode }
    }
    for contract in shown {
      lines.append("")
      lines.append("Packages of \(contract.contractCode):")
      let table = ReportTable(
        columns: [
          Column("package", "Package"), Column("ref", "Ref"), Column("valid_until", "Valid until"),
          Column("status", "Status"), Column("stamps", "Stamps"), Column("used", "Used"),
          Column("remaining", "Remaining"), Column("expired", "Expired"),
        ],
        rows: contract.packages.map { item in
          Row(
            .body,
            [
              .integer(item.package.id), .text(item.package.ref ?? ""),
              item.package.validUntil.map(Cell.date) ?? .empty, .text(item.status.rawValue),
              .integer(item.package.stamps), .integer(item.used), .integer(item.remaining),
              .integer(item.expired),
            ])
        } + [
          Row(
            .total,
            [
              .text("Total"), .empty, .empty, .empty, .integer(contract.stamps),
              .integer(contract.used),
              .integer(contract.remaining), .integer(contract.expired),
            ])
        ])
      lines.append(TextRenderer.renderTable(table, .english))
      lines += BalanceReport.describe(contract, .english)
    }
    let unpaid = shown.flatMap(\.packages).filter { $0.status == .unpaid }
    if notices.contains(where: { $0.alert.level != .ok }) && !unpaid.isEmpty {
      lines.append("")
      for item in unpaid {
        lines.append(
          "Package \(item.package.id)\(item.package.ref.map { " (\($0))" } ?? "") of"
            + " \(item.package.contractCode) is ordered but not paid: once it is paid, record it with"
            + " tsa-report package pay \(item.package.id) --date YYYY-MM-DD")
      }
    } else if notices.contains(where: { $0.alert.level != .ok }) {
      lines.append("")
      lines.append(
        "What to do: order a new package of qualified time stamps from the provider (PostSignum:"
          + " the customer portal at https://www.postsignum.cz/), pay it, and record it in the"
          + " books, e.g.: tsa-report package add --contract \(notices[0].alert.contractCode)"
          + " --stamps 200 --price 847 --vat-rate 21 --paid YYYY-MM-DD")
    }
    lines.append("")
    lines.append("-- ")
    lines.append(
      "tsa-report alert; this message is sent once per change of state, and as a reminder.")
    return lines.joined(separator: "\n") + "\n"
  }
}

/// Why `alert` cannot say anything about the books: UNKNOWN (exit 3), with the path.
public enum AlertError: Error, Equatable, Sendable, CustomStringConvertible {
  case noContracts(path: String)
  case noPaidPackage(path: String, contracts: [String])

  public var description: String {
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
