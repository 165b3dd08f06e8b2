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
  /// The list of every stamp of the month (its rows are handed out by `build` as they are read).
  public var stamps: StampList
}

public enum MonthlyReport {
  /// The bundle for `month` (its first day) in `zone`, read in one transaction. The list of
  /// stamps, by far the longest report, is read first: `stampList` gets the list (its columns
  /// and count), then `stamps` its stamps in time order, `batchSize` at a time as they are read,
  /// so that they can be written while they are read and the other reports worked out.
  static func build(
    month first: LocalDate, store: Store, zone: ReportZone, language: Language = .en,
    batchSize: Int = 4096, stampList: (StampList) -> Void = { _ in },
    stamps: ([ListedStamp]) throws -> Void = { _ in }
  ) throws -> MonthlyBundle {
    try store.reading {
      let words = Words(language)
      let last = first.adding(months: 1).adding(days: -1)
      let period = Period(from: first, through: last, zone: zone)
      let list = StampList(period: period, count: try store.stampCount(in: period), words: words)
      stampList(list)
      try store.forEachStamp(in: period, batchSize: batchSize, stamps)
      return try read(period: period, stamps: list, store: store, words: words)
    }
  }

  /// The name of the month's bundle and workbook: YYYY-MM.
  public static func label(month first: LocalDate) -> String { String(first.iso.prefix(7)) }

  private static func read(period: Period, stamps: StampList, store: Store, words: Words)
    throws -> MonthlyBundle
  {
    let language = words.language
    let (first, last, zone) = (period.firstDay, period.lastDay, period.zone)
    let label = label(month: first)
    let opening = try BalanceReport.balances(
      store: store, contractCode: nil, asOf: first.adding(days: -1), zone: zone)
    let closing = try BalanceReport.balances(
      store: store, contractCode: nil, asOf: last, zone: zone)
    let costs = try UsageReport.build(
      UsageQuery(period: period, dimensions: [.contract], language: language), store: store)
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
        costs.table.rows.first { $0.cells.first == Cell.text(after.contractCode) }
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
        [.text(words("Total"))]
          + (1...6).map { column in
            .integer(
              rows.reduce(0) { sum, row in
                if case .integer(let n) = row.cells[column] { sum + n } else { sum }
              })
          } + totalCosts))
    let summary = Report(
      title: "\(words("TSA stamps")) — \(label)",
      facts: costs.facts,
      table: ReportTable(
        columns: [
          words.column("contract", "Contract"), words.column("opening", "Opening balance"),
          words.column("purchased", "Purchased"), words.column("used", "Used"),
          words.column("expired", "Expired"), words.column("closing", "Closing balance"),
          words.column("unfunded", "Unfunded"),
        ] + costColumns.map { costs.table.columns[$0] },
        rows: rows),
      notes: [
        "Opening balance + purchased − used − expired = closing balance (stamps of paid packages)."
      ]
        + costs.notes,
      moment: period.end)

    let byUser = try UsageReport.build(
      UsageQuery(period: period, dimensions: [.user, .costCentre], language: language), store: store
    )
    let byDay = try UsageReport.build(
      UsageQuery(period: period, dimensions: [.day], language: language), store: store)
    let packages = try BalanceReport.build(store: store, asOf: last, zone: zone, language: language)
    return MonthlyBundle(
      month: label, summary: summary, byUser: byUser, byDay: byDay, packages: packages,
      stamps: stamps)
  }
}
