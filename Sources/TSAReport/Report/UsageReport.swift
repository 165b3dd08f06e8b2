import Foundation

/// What `usage` is asked.
public struct UsageQuery: Sendable {
  public var period: Period
  public var dimensions: [Dimension]
  public var filters: UsageFilters
  public var language: Language

  public init(
    period: Period, dimensions: [Dimension], filters: UsageFilters = UsageFilters(),
    language: Language = .en
  ) {
    self.period = period
    self.dimensions = dimensions
    self.filters = filters
    self.language = language
  }
}

/// The consumption report: stamps and their cost per group over a period, a total, and what
/// was seen but not billed. The store loads what the books hold, `UsageSummary` works out the
/// groups and their exact costs, and `report` only turns the summary into a table.
public enum UsageReport {
  public static func build(_ query: UsageQuery, store: Store) throws -> Report {
    report(
      try summary(
        period: query.period, dimensions: query.dimensions, filters: query.filters, store: store),
      language: query.language)
  }

  /// The typed summary of a period, read in one transaction.
  public static func summary(
    period: Period, dimensions: [Dimension], filters: UsageFilters = UsageFilters(),
    store: Store
  ) throws -> UsageSummary {
    try summaries(period: period, dimensionSets: [dimensions], filters: filters, store: store)[0]
  }

  /// Summaries of one period by several sets of dimensions, from one reading of its stamps (each
  /// summary adds up the counts by its own dimensions).
  static func summaries(
    period: Period, dimensionSets: [[Dimension]], filters: UsageFilters = UsageFilters(),
    store: Store
  ) throws -> [UsageSummary] {
    try store.reading {
      let all = dimensionSets.flatMap { $0 }
      let grouping = StampGrouping(
        day: all.contains(where: \.isTime),
        user: all.contains(.user) || all.contains(.costCentre),
        source: all.contains(.source), endpoint: all.contains(.endpoint),
        host: all.contains(.host))
      let counts = try store.stampCounts(
        in: period, grouping: grouping, filter: filters,
        pieces: try store.ledgerPieces(zone: period.zone))
      let packages = Dictionary(uniqueKeysWithValues: try store.packages().map { ($0.id, $0) })
      let costCentres = all.contains(.costCentre) ? try store.reportedCostCentres() : [:]
      let unbilled = try store.unbilledCounts(in: period, filter: filters)
      let malformed = try store.malformedCount(in: period)
      let displayNames = all.contains(.user) ? try store.displayNames() : [:]
      return dimensionSets.map { dims in
        UsageSummary.make(
          period: period, dimensions: dims, filters: filters, counts: counts,
          packages: packages, costCentres: dims.contains(.costCentre) ? costCentres : [:],
          unbilled: unbilled, malformed: malformed,
          displayNames: dims.contains(.user) ? displayNames : [:])
      }
    }
  }

  /// The summary as a report in `language`: one row per group (with no dimensions one row, all
  /// stamps), a total row, costs rounded so that the rows add up to the total.
  public static func report(_ summary: UsageSummary, language: Language) -> Report {
    let words = Words(language)
    let dims = summary.dimensions
    let withNames = dims.contains(.user) && !summary.displayNames.isEmpty
    var columns =
      dims.isEmpty ? [words.column("group", .group)] : dims.map { words.column($0.key, $0.label) }
    if withNames, let at = dims.firstIndex(of: .user) {
      columns.insert(words.column("display_name", .displayName), at: at + 1)
    }
    columns.append(words.column("stamps", .stamps))

    func cells(_ group: UsageGroup) -> [Cell] {
      guard !dims.isEmpty else { return [.text(words[.allStamps])] }
      var cells: [Cell] = []
      for (dimension, value) in zip(dims, group.key) {
        cells.append(cell(value, words))
        if withNames, dimension == .user, case .name(let user) = value {
          cells.append(.text(summary.displayNames[user] ?? ""))
        }
      }
      return cells
    }
    let labelWidth = columns.count - 1
    var rows = summary.groups.map { Row(.body, cells($0) + [.integer($0.tally.stamps)]) }
    var totalRow = Row(
      .total,
      [.text(words[.total])] + Array(repeating: .empty, count: labelWidth - 1)
        + [.integer(summary.total.stamps)])
    if let currency = summary.currency {
      let tallies = summary.groups.map(\.tally)
      let excl = Money.roundPreservingTotal(tallies.map(\.costExclVAT), currency: currency)
      let vat = Money.roundPreservingTotal(tallies.map(\.vat), currency: currency)
      for index in rows.indices {
        rows[index].cells += [
          .money(excl.rows[index], currency: currency), .money(vat.rows[index], currency: currency),
          .money(excl.rows[index] + vat.rows[index], currency: currency),
        ]
      }
      totalRow.cells += [
        .money(excl.total, currency: currency), .money(vat.total, currency: currency),
        .money(excl.total + vat.total, currency: currency),
      ]
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
      Fact("interval", words[.interval], words.interval(summary.period)),
      Fact("time_zone", words[.timeZone], summary.period.zone.identifier),
      Fact("filters", words[.filters], filterDescription(summary.filters, words)),
    ]
    if let currency = summary.currency {
      facts.append(Fact("currency", words[.currency], currency))
    }
    return facts
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
    case .unfunded: .text(words[.unfundedValue])
    case .noCostCentre: .text(words[.noCostCentre])
    case .unknown: .text(words[.unknownValue])
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
