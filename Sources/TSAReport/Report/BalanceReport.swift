import Foundation

/// Builds the balance report: every package's stamps, used, remaining and expired, a total row
/// per contract with its unfunded stamps, the runway, and warnings.
public enum BalanceReport {
  /// The books at the end of the local day `asOf`.
  public static func balances(
    store: Store, contractCode: String?, asOf: LocalDate, zone: ReportZone
  ) throws -> [ContractBalance] {
    try store.reading {
      try readBalances(store: store, contractCode: contractCode, asOf: asOf, zone: zone)
    }
  }

  private static func readBalances(
    store: Store, contractCode: String?, asOf: LocalDate, zone: ReportZone
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
    let recent = try store.stampTotalsByContract(
      from: end.adding(seconds: -Int64(windowDays) * 86_400), before: end)
    return Ledger.balances(
      contracts: contracts, packages: try store.packages(), used: used, unfunded: unfunded,
      recent: recent, asOf: asOf, windowDays: windowDays)
  }

  public static func build(
    store: Store, contractCode: String? = nil, asOf: LocalDate, zone: ReportZone,
    language: Language = .en
  ) throws -> Report {
    let words = Words(language)
    let balances = try balances(store: store, contractCode: contractCode, asOf: asOf, zone: zone)
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
              .text(words(item.status.rawValue)), .integer(package.stamps), .integer(item.used),
              .integer(item.remaining), .integer(item.expired), .integer(0),
            ]))
      }
      rows.append(
        Row(
          .total,
          [
            .text("\(contract.contractCode) \(words("total"))"), .empty, .empty, .empty, .empty,
            .empty, .integer(contract.stamps), .integer(contract.used),
            .integer(contract.remaining), .integer(contract.expired), .integer(contract.unfunded),
          ]))
      notes += describe(contract, words)
    }
    let end = zone.startOfDay(asOf.adding(days: 1))
    return Report(
      title: words("TSA stamp balance"),
      facts: [
        (words("As of"), words.endOfDay(asOf, zone.format(end))),
        (words("Time zone"), zone.identifier),
        (words("Filters"), contractCode.map { "\(words("contract")) \($0)" } ?? words("none")),
      ],
      table: ReportTable(
        columns: [
          words.column("contract", "Contract"), words.column("package", "Package"),
          words.column("ref", "Ref"), words.column("paid", "Paid"),
          words.column("valid_until", "Valid until"), words.column("status", "Status"),
          words.column("stamps", "Stamps"), words.column("used", "Used"),
          words.column("remaining", "Remaining"), words.column("expired", "Expired"),
          words.column("unfunded", "Unfunded"),
        ],
        rows: rows),
      notes: notes, moment: end)
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

  private static func rate(_ perDay: Decimal) -> String {
    var value = perDay
    var rounded = Decimal()
    NSDecimalRound(&rounded, &value, 1, .plain)
    return "\(rounded)"
  }
}
