import Foundation
import TSALedger
import TSAModel

/// The consumption report: stamps and their cost per group over a period, a total, and what
/// was seen but not billed. `Books.usage` reads what the books hold and `UsageSummary` works out
/// the groups and their exact costs; `report` only turns the summary into a table.
public enum UsageReport {
  /// The summary as a report in `language`: one row per group (with no dimensions one row, all
  /// stamps), a total row, costs rounded so that the rows add up to the total.
  /// With `fixedColumns` (the monthly bundle's files) the Name column is there whenever users
  /// are, so that the file's columns do not depend on whether the month's users have display
  /// names; otherwise only when some have.
  public static func report(
    _ summary: UsageSummary, language: Language, fixedColumns: Bool = false
  ) -> Report {
    let words = Words(language)
    let dims = summary.dimensions
    let withNames = dims.contains(.user) && (fixedColumns || !summary.displayNames.isEmpty)
    var columns =
      dims.isEmpty ? [words.column("group", .group)] : dims.map { words.column($0.key, $0.label) }
    if withNames, let at = dims.firstIndex(of: .user) {
      columns.insert(words.column("display_name", .displayName), at: at + 1)
    }
    // A package is known by its invoice: its reference beside its id.
    if let at = columns.firstIndex(where: { $0.key == "package" }) {
      columns.insert(words.column("ref", .ref), at: at + 1)
    }
    columns.append(words.column("stamps", .stamps))

    func cells(_ group: UsageGroup) -> [Cell] {
      guard !dims.isEmpty else { return [words.term(.allStamps)] }
      var cells: [Cell] = []
      for (dimension, value) in zip(dims, group.key) {
        cells.append(cell(value, words))
        if withNames, dimension == .user, case .name(let user) = value {
          cells.append(.text(summary.displayNames[user] ?? ""))
        }
        if dimension == .package {
          if case .package(let id) = value {
            cells.append(.text(summary.packageRefs[id] ?? ""))
          } else {
            cells.append(.text(""))
          }
        }
      }
      return cells
    }
    let labelWidth = columns.count - 1
    var rows = summary.groups.map { Row(.body, cells($0) + [.integer($0.tally.stamps)]) }
    var totalRow = Row(
      .total,
      [words.term(.total)] + Array(repeating: .empty, count: labelWidth - 1)
        + [.integer(summary.total.stamps)])
    if let currency = summary.currency {
      let amounts = summary.groups.map { RowAmounts($0.tally, currency: currency) }
      for index in rows.indices { rows[index].cells += moneyCells(amounts[index], currency) }
      let total = RowAmounts(summary.total, currency: currency)
      totalRow.cells += moneyCells(total, currency)
      if let rounding = RowAmounts.rounding(rows: amounts, total: total) {
        rows.append(roundingRow(rounding, currency, labelWidth: labelWidth, words))
      }
      columns += costColumns(words)
    }
    rows.append(totalRow)

    var notes = [words.unbilled(summary.unbilled, malformed: summary.malformed)]
    if summary.total.unpriced > 0 { notes.append(words.unpriced(summary.total.unpriced)) }
    if summary.total.currencies.count > 1 {
      notes.append(words.mixedCurrencies(summary.total.currencies.sorted()))
    }
    return Report(
      title: words[.usageTitle], facts: facts(summary, words),
      table: ReportTable(columns: columns, rows: rows), notes: notes, moment: summary.period.end,
      language: language)
  }

  /// Interval, zone, filters and, when costs are shown, their currency.
  static func facts(_ summary: UsageSummary, _ words: Words) -> [Fact] {
    var facts = [
      words.fact("interval", .interval) { $0.interval(summary.period) },
      Fact("time_zone", words[.timeZone], summary.period.zone.identifier),
      words.fact("filters", .filters) { filterDescription(summary.filters, $0) },
    ]
    if let currency = summary.currency {
      facts.append(Fact("currency", words[.currency], currency))
    }
    return facts
  }

  /// Base, VAT and total of a row.
  static func moneyCells(_ amounts: RowAmounts, _ currency: String) -> [Cell] {
    [amounts.base, amounts.vat, amounts.total].map { .money($0, currency: currency) }
  }

  /// "Rounding": what the rows, each rounded, lack of the total (or have over it), so that the
  /// rows and this line add up to the total, as on an invoice's VAT recapitulation.
  static func roundingRow(
    _ rounding: RowAmounts, _ currency: String, labelWidth: Int, _ words: Words
  ) -> Row {
    Row(
      .rounding,
      [words.term(.rounding)] + Array(repeating: .empty, count: labelWidth)
        + moneyCells(rounding, currency))
  }

  /// The three cost columns.
  static func costColumns(_ words: Words) -> [Column] {
    [
      words.column("cost_excl_vat", .costExclVAT), words.column("vat", .vat),
      words.column("cost_incl_vat", .costInclVAT),
    ]
  }

  /// A group's value as a cell, worded in the report's language where it is not a name.
  static func cell(_ value: GroupValue, _ words: Words) -> Cell {
    switch value {
    case .date(let day): .date(day)
    case .period(let text), .name(let text): .text(text)
    case .package(let id): .integer(id)
    case .unfunded: words.term(.unfundedValue)
    case .noCostCentre: words.term(.noCostCentre)
    case .unknown: words.term(.unknownValue)
    }
  }

  static func filterDescription(_ filters: UsageFilters, _ words: Words) -> String {
    let parts = [
      filters.contractCode.map { "\(words[.contractFilter]) \($0)" },
      filters.userName.map { "\(words[.userFilter]) \($0)" },
      filters.costCentre.map { "\(words[.costCentreFilter]) \($0)" },
    ].compactMap { $0 }
    return parts.isEmpty ? words[.noFilter] : parts.joined(separator: ", ")
  }
}

extension UsageDimension {
  /// The column's heading.
  var label: Label {
    switch self {
    case .day: .day
    case .week: .week
    case .month: .month
    case .quarter: .quarter
    case .year: .year
    case .contract: .contract
    case .user: .user
    case .costCentre: .costCentre
    case .package: .package
    case .source: .source
    case .endpoint: .endpoint
    case .host: .host
    }
  }
}
