import Foundation

/// The accountant's bundle for one month: every report it holds, built from the same books.
public struct MonthlyBundle: Sendable {
  public var month: String
  /// Per contract: opening balance + purchased − used − expired = closing balance, and costs.
  public var summary: Report
  public var byUser: Report
  public var byDay: Report
  /// The packages at the end of the month.
  public var packages: Report
  /// Every stamp of the month.
  public var stamps: Report
}

public enum MonthlyReport {
  /// The bundle for `month` (its first day) in `zone`.
  public static func build(month first: LocalDate, store: Store, zone: ReportZone) throws
    -> MonthlyBundle
  {
    let last = first.adding(months: 1).adding(days: -1)
    let period = Period(from: first, through: last, zone: zone)
    let label = String(first.iso.prefix(7))
    let opening = try BalanceReport.balances(
      store: store, contractCode: nil, asOf: first.adding(days: -1), zone: zone)
    let closing = try BalanceReport.balances(
      store: store, contractCode: nil, asOf: last, zone: zone)
    let costs = try UsageReport.build(
      UsageQuery(period: period, dimensions: [.contract]), store: store)
    let costColumns = costs.table.columns.indices.filter {
      costs.table.columns[$0].key.hasPrefix("cost") || costs.table.columns[$0].key == "vat"
    }

    var rows: [Row] = []
    for (before, after) in zip(opening, closing) {
      let purchased = after.packages.filter { $0.status != .unpaid }.map(\.package)
        .filter { package in package.paid.map { $0 >= first } ?? false }.reduce(0) {
          $0 + $1.stamps
        }
      let costCells =
        costs.table.rows.first { $0.cells.first == .text(after.contractCode) }
        .map { row in costColumns.map { row.cells[$0] } } ?? costColumns.map { _ in Cell.empty }
      rows.append(
        Row(
          .body,
          [
            .text(after.contractCode), .integer(before.remaining), .integer(purchased),
            .integer(after.used - before.used), .integer(after.expired - before.expired),
            .integer(after.remaining), .integer(after.unfunded - before.unfunded),
          ] + costCells))
    }
    let totalCosts = costs.table.rows.last.map { row in costColumns.map { row.cells[$0] } } ?? []
    rows.append(
      Row(
        .total,
        [.text("Total")]
          + (1...6).map { column in
            .integer(
              rows.reduce(0) { sum, row in
                if case .integer(let n) = row.cells[column] { sum + n } else { sum }
              })
          } + totalCosts))
    let summary = Report(
      title: "TSA stamps — \(label)",
      facts: costs.facts,
      table: ReportTable(
        columns: [
          Column("contract", "Contract"), Column("opening", "Opening balance"),
          Column("purchased", "Purchased"), Column("used", "Used"), Column("expired", "Expired"),
          Column("closing", "Closing balance"), Column("unfunded", "Unfunded"),
        ] + costColumns.map { costs.table.columns[$0] },
        rows: rows),
      notes: [
        "Opening balance + purchased − used − expired = closing balance (stamps of paid packages)."
      ]
        + costs.notes,
      moment: period.end)

    let byUser = try UsageReport.build(
      UsageQuery(period: period, dimensions: [.user, .costCentre]), store: store)
    let byDay = try UsageReport.build(UsageQuery(period: period, dimensions: [.day]), store: store)
    let packages = try BalanceReport.build(store: store, asOf: last, zone: zone)
    return MonthlyBundle(
      month: label, summary: summary, byUser: byUser, byDay: byDay, packages: packages,
      stamps: try stampList(period: period, store: store))
  }

  /// Every stamp of the period: local time, user, contract, package, source, serial.
  static func stampList(period: Period, store: Store) throws -> Report {
    let stamps = try store.stamps(in: period)
    let rows = stamps.map { stamp -> Row in
      let wall = stamp.time.seconds + period.zone.offset(at: stamp.time)
      return Row(
        .body,
        [
          .dateTime(
            LocalDate(daysSinceEpoch: wall.floorDivided(by: 86_400)),
            secondOfDay: Int(wall.floorModulo(86_400))),
          .text(stamp.user), .text(stamp.contract),
          stamp.package.map { .integer($0) } ?? .text("unfunded"),
          .text(stamp.source), .text(stamp.serial ?? ""),
        ])
    }
    return Report(
      title: "TSA stamps, one by one",
      facts: [("Interval", period.resolvedDescription), ("Time zone", period.zone.identifier)],
      table: ReportTable(
        columns: [
          Column("local_time", "Local time"), Column("user", "User"),
          Column("contract", "Contract"),
          Column("package", "Package"), Column("source", "Source"), Column("serial", "Serial"),
        ],
        rows: rows + [
          Row(
            .total, [.text("Total"), .text("\(rows.count) stamps"), .empty, .empty, .empty, .empty])
        ]),
      notes: [], moment: period.end)
  }
}
