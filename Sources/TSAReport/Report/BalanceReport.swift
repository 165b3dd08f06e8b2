import Foundation

/// Builds the balance report: every package's stamps, used, remaining and expired, a total row
/// per contract with its unfunded stamps, the runway, and warnings.
public enum BalanceReport {
  /// The books at the end of the local day `asOf`.
  public static func balances(
    store: Store, contractCode: String?, asOf: LocalDate, zone: ReportZone
  )
    throws -> [ContractBalance]
  {
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
    store: Store, contractCode: String? = nil, asOf: LocalDate, zone: ReportZone
  )
    throws -> Report
  {
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
              .text(item.status.rawValue), .integer(package.stamps), .integer(item.used),
              .integer(item.remaining), .integer(item.expired), .integer(0),
            ]))
      }
      rows.append(
        Row(
          .total,
          [
            .text("\(contract.contractCode) total"), .empty, .empty, .empty, .empty, .empty,
            .integer(contract.stamps), .integer(contract.used), .integer(contract.remaining),
            .integer(contract.expired), .integer(contract.unfunded),
          ]))
      notes += describe(contract)
    }
    return Report(
      title: "TSA stamp balance",
      facts: [
        ("As of", "end of \(asOf.iso) (\(zone.format(zone.startOfDay(asOf.adding(days: 1)))))"),
        ("Time zone", zone.identifier),
        ("Filters", contractCode.map { "contract \($0)" } ?? "none"),
      ],
      table: ReportTable(
        columns: [
          Column("contract", "Contract"), Column("package", "Package"), Column("ref", "Ref"),
          Column("paid", "Paid"), Column("valid_until", "Valid until"),
          Column("status", "Status"), Column("stamps", "Stamps"), Column("used", "Used"),
          Column("remaining", "Remaining"), Column("expired", "Expired"),
          Column("unfunded", "Unfunded"),
        ],
        rows: rows),
      notes: notes, moment: zone.startOfDay(asOf.adding(days: 1)))
  }

  /// The runway and the warnings of one contract, in sentences.
  static func describe(_ contract: ContractBalance) -> [String] {
    let code = contract.contractCode
    let runway = contract.runway
    var lines: [String]
    if let days = runway.daysLeft, let date = runway.runsOutOn {
      lines = [
        "\(code): \(stampCount(contract.remaining)) left; \(rate(runway.perDay)) a day over the last"
          + " \(runway.windowDays) days; runway \(days) days, until about \(date.iso)."
      ]
    } else {
      lines = [
        "\(code): \(stampCount(contract.remaining)) left; none used in the last \(runway.windowDays) days."
      ]
    }
    for warning in contract.expiryWarnings {
      lines.append(
        "Warning: package \(warning.package.id)\(warning.package.ref.map { " (\($0))" } ?? "") expires on"
          + " \(warning.validUntil.iso) with about \(stampCount(warning.unused)) unused at this pace."
      )
    }
    if contract.unfunded > 0 {
      lines.append(
        "Warning: \(code) has \(stampCount(contract.unfunded)) that no paid, valid package covers"
          + " (unfunded). Record the purchase or its payment: tsa-report package add / package pay."
      )
    }
    return lines
  }

  private static func count(_ n: Int64) -> String { TextRenderer.groupThousands(String(n)) }

  private static func rate(_ perDay: Decimal) -> String {
    var value = perDay
    var rounded = Decimal()
    NSDecimalRound(&rounded, &value, 1, .plain)
    return "\(rounded)"
  }
}
