import Foundation

/// Builds the balance report: every package's stamps, used, remaining and expired, a total row
/// per contract with its unfunded stamps, the runway, and warnings.
public enum BalanceReport {
  /// The books at the end of the local day `asOf`; the runway's pace is that of the 30 days up
  /// to the end of `paceUntil` (default `asOf`).
  public static func balances(
    store: Store, contractCode: String?, asOf: LocalDate, zone: ReportZone,
    paceUntil: LocalDate? = nil
  ) throws -> [ContractBalance] {
    try store.reading {
      try readBalances(
        store: store, contractCode: contractCode, asOf: asOf, zone: zone, paceUntil: paceUntil)
    }
  }

  private static func readBalances(
    store: Store, contractCode: String?, asOf: LocalDate, zone: ReportZone, paceUntil: LocalDate?
  ) throws -> [ContractBalance] {
    let end = zone.startOfDay(asOf.adding(days: 1))
    let windowDays = 30
    let contracts =
      try contractCode.map { [try store.contract(code: $0).code] } ?? store.contracts().map(\.code)
    var used: [Int64: Int64] = [:]
    var unfunded: [String: Int64] = [:]
    let codes = Dictionary(uniqueKeysWithValues: try store.contracts().map { ($0.id, $0.code) })
    for piece in try store.ledgerPieces(zone: zone) where piece.from.time < end.microseconds {
      let count = try store.stampCount(piece, before: end)
      if let package = piece.package {
        used[package, default: 0] += count
      } else {
        unfunded[codes[piece.contractID]!, default: 0] += count
      }
    }
    let paceEnd = paceUntil.map { zone.startOfDay($0.adding(days: 1)) } ?? end
    let recent = try store.stampTotalsByContract(
      from: paceEnd.adding(seconds: -Int64(windowDays) * 86_400), before: paceEnd)
    return Ledger.balances(
      contracts: contracts, packages: try store.packages(), used: used, unfunded: unfunded,
      recent: recent, asOf: asOf, windowDays: windowDays, windowEnd: paceUntil)
  }

  public static func build(
    store: Store, contractCode: String? = nil, asOf: LocalDate, zone: ReportZone,
    language: Language = .en
  ) throws -> Report {
    try store.reading {
      report(
        try balances(store: store, contractCode: contractCode, asOf: asOf, zone: zone),
        contractCode: contractCode, asOf: asOf, zone: zone,
        newestLine: try store.newestLineTime(before: zone.startOfDay(asOf.adding(days: 1))),
        language: language)
    }
  }

  /// The balances as a report: a row per package, a total row per contract, the runway and
  /// warnings under the table.
  public static func report(
    _ balances: [ContractBalance], contractCode: String?, asOf: LocalDate, zone: ReportZone,
    newestLine: Instant?, language: Language
  ) -> Report {
    let words = Words(language)
    var rows: [Row] = []
    var notes: [String] = []
    for contract in balances {
      for item in contract.packages {
        let package = item.package
        rows.append(
          Row(
            .body,
            [
              .text(contract.contractCode), .integer(package.id), .text(package.ref ?? ""),
              package.paid.map(Cell.date) ?? .empty, package.validUntil.map(Cell.date) ?? .empty,
              .text(words[item.status.label]), .integer(package.stamps), .integer(item.used),
              .integer(item.remaining), .integer(item.expired), .integer(0),
            ]))
      }
      rows.append(
        Row(
          .total,
          [
            .text("\(contract.contractCode) \(words[.contractTotal])"), .empty, .empty, .empty,
            .empty, .empty, .integer(contract.stamps), .integer(contract.used),
            .integer(contract.remaining), .integer(contract.expired), .integer(contract.unfunded),
          ]))
      notes += describe(contract, words)
    }
    let end = zone.startOfDay(asOf.adding(days: 1))
    return Report(
      title: words[.balanceTitle],
      facts: [
        Fact("as_of", words[.asOf], words.endOfDay(asOf, words.instant(end, in: zone))),
        Fact("time_zone", words[.timeZone], zone.identifier),
        Fact(
          "filters", words[.filters],
          contractCode.map { "\(words[.contractFilter]) \($0)" } ?? words[.noFilter]),
        // When the logs stopped arriving: books that stopped growing look better, not worse.
        Fact(
          "newest_line", words[.newestLine],
          newestLine.map { words.instant($0, in: zone) } ?? words[.noneYet]),
      ],
      table: ReportTable(
        columns: [
          words.column("contract", .contract), words.column("package", .package),
          words.column("ref", .ref), words.column("paid", .paid),
          words.column("valid_until", .validUntil), words.column("status", .status),
          words.column("stamps", .stamps), words.column("used", .used),
          words.column("remaining", .remaining), words.column("expired", .expired),
          words.column("unfunded", .unfunded),
        ],
        rows: rows),
      notes: notes, moment: end, language: language)
  }

  /// The runway and the warnings of one contract, in sentences.
  static func describe(_ contract: ContractBalance, _ words: Words) -> [String] {
    let code = contract.contractCode
    let runway = contract.runway
    var lines: [String]
    if let days = runway.daysLeft, let date = runway.runsOutOn {
      lines = [
        words.runway(
          code, left: contract.remaining, perDay: rate(runway.perDay), window: runway.windowDays,
          days: days, until: date)
      ]
    } else {
      lines = [words.noRecentUse(code, left: contract.remaining, window: runway.windowDays)]
    }
    for warning in contract.expiryWarnings {
      lines.append(
        words.expiryWarning(
          package: warning.package, until: warning.validUntil, unused: warning.unused))
    }
    if contract.unfunded > 0 { lines.append(words.unfundedWarning(code, contract.unfunded)) }
    return lines
  }

  /// Stamps a day to one decimal, `.` before it (the sentence words it for its language).
  private static func rate(_ perDay: Decimal) -> String {
    var value = perDay
    var rounded = Decimal()
    NSDecimalRound(&rounded, &value, 1, .plain)
    return "\(rounded)"
  }
}

extension PackageStatus {
  var label: Label {
    switch self {
    case .unpaid: .unpaidStatus
    case .active: .activeStatus
    case .exhausted: .exhaustedStatus
    case .expired: .expiredStatus
    }
  }
}
