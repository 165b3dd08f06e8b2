import Foundation

/// What a usage report can be grouped by.
public enum Dimension: String, Sendable, CaseIterable {
  case day, week, month, quarter, year, contract, user
  case costCentre = "cost-centre"
  case package, source, endpoint

  var isTime: Bool { [.day, .week, .month, .quarter, .year].contains(self) }

  /// The CSV and JSON name of the column.
  var key: String { self == .costCentre ? "cost_centre" : rawValue }

  var title: String {
    switch self {
    case .costCentre: "Cost centre"
    default: rawValue.capitalized
    }
  }

  /// The group a local day falls into for a time dimension: `2026-10-25`, `2026-W43`,
  /// `2026-10`, `2026-Q4`, `2026`.
  func label(of day: LocalDate) -> Cell {
    switch self {
    case .day: .date(day)
    case .week: .text(ISOWeek(day).label)
    case .month: .text(String(day.iso.prefix(7)))
    case .quarter: .text("\(day.year)-Q\((day.month - 1) / 3 + 1)")
    case .year: .text(String(day.year))
    default: .empty
    }
  }
}

/// The ISO 8601 week a date belongs to (weeks start on Monday; week 1 holds January 4th).
struct ISOWeek {
  var year: Int
  var week: Int

  init(_ date: LocalDate) {
    let thursday = date.mondayOfWeek.adding(days: 3)
    year = thursday.year
    week =
      Int((thursday.daysSinceEpoch - LocalDate(year: year, month: 1, day: 1)!.daysSinceEpoch) / 7)
      + 1
  }

  var label: String { "\(year)-W\(week < 10 ? "0" : "")\(week)" }
}

/// What `usage` is asked.
public struct UsageQuery: Sendable {
  public var period: Period
  public var dimensions: [Dimension]
  public var contractCode: String?
  public var userName: String?
  public var language: Language

  public init(
    period: Period, dimensions: [Dimension], contractCode: String? = nil, userName: String? = nil,
    language: Language = .en
  ) {
    self.period = period
    self.dimensions = dimensions
    self.contractCode = contractCode
    self.userName = userName
    self.language = language
  }
}

/// Builds the consumption report: stamps and their cost per group over a period, a total, and
/// what was seen but not billed. Each stamp costs its package's unit price (price ÷ stamps).
public enum UsageReport {
  public static func build(_ query: UsageQuery, store: Store) throws -> Report {
    try store.reading { try make(query, store: store) }
  }

  static func make(_ query: UsageQuery, store: Store) throws -> Report {
    let words = Words(query.language)
    let filter = AttemptFilter(contractCode: query.contractCode, userName: query.userName)
    let dims = query.dimensions
    let grouping = StampGrouping(
      day: dims.contains(where: \.isTime), user: dims.contains(.user) || dims.contains(.costCentre),
      source: dims.contains(.source), endpoint: dims.contains(.endpoint))
    let packages = Dictionary(uniqueKeysWithValues: try store.packages().map { ($0.id, $0) })
    let pieces = try store.ledgerPieces(zone: query.period.zone)
    let counts = try store.stampCounts(
      in: query.period, grouping: grouping, filter: filter, pieces: pieces)
    let costCentres = dims.contains(.costCentre) ? try store.reportedCostCentres() : [:]

    var groups: [[Cell]: Tally] = [:]
    for count in counts {
      let key = dims.map { dimension -> Cell in
        switch dimension {
        case .user: .text(count.user ?? "")
        case .contract: .text(count.contract)
        case .costCentre: .text(count.userID.flatMap { costCentres[$0] } ?? words("(none)"))
        case .package: count.package.map { .integer($0) } ?? .text(words("unfunded"))
        case .source: .text(count.source ?? "")
        case .endpoint: .text(count.endpoint ?? words("(unknown)"))
        default: dimension.label(of: count.day!)
        }
      }
      groups[key, default: Tally()].add(count.count, from: count.package.flatMap { packages[$0] })
    }
    let sorted = groups.filter { !$0.key.isEmpty }.sorted {
      $0.key.lexicographicallyPrecedes($1.key, by: cellOrder)
    }
    let total = groups.values.reduce(into: Tally()) { $0.merge($1) }
    let currencies = Set(total.currencies)
    let showMoney = currencies.count == 1
    let currency = currencies.first ?? ""

    var rows = sorted.map { Row(.body, $0.key + [.integer($0.value.stamps)]) }
    var totalRow = Row(
      .total,
      (dims.isEmpty
        ? [] : [.text(words("Total"))] + Array(repeating: .empty, count: dims.count - 1))
        + [.integer(total.stamps)])
    var columns = dims.map { words.column($0.key, $0.title) } + [words.column("stamps", "Stamps")]
    if showMoney {
      let excl = Money.roundPreservingTotal(sorted.map(\.value.costExclVAT), currency: currency)
      let vat = Money.roundPreservingTotal(sorted.map(\.value.vat), currency: currency)
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
      columns += [
        words.column("cost_excl_vat", "Cost excl. VAT"), words.column("vat", "VAT"),
        words.column("cost_incl_vat", "Cost incl. VAT"),
      ]
    }
    rows.append(totalRow)

    var notes = [
      words.unbilled(
        try store.unbilledCounts(in: query.period, filter: filter),
        malformed: try store.malformedCount(in: query.period))
    ]
    if total.unpriced > 0 && total.stamps > 0 { notes.append(words.unpriced(total.unpriced)) }
    if currencies.count > 1 { notes.append(words.mixedCurrencies(currencies.sorted())) }
    var facts = [
      (words("Interval"), query.period.resolvedDescription),
      (words("Time zone"), query.period.zone.identifier),
      (words("Filters"), filterDescription(query, words)),
    ]
    if showMoney { facts.append((words("Currency"), currency)) }
    return Report(
      title: words("TSA stamp usage"), facts: facts,
      table: ReportTable(columns: columns, rows: rows),
      notes: notes, moment: query.period.end)
  }

  static func filterDescription(_ query: UsageQuery, _ words: Words) -> String {
    let parts = [
      query.contractCode.map { "\(words("contract")) \($0)" },
      query.userName.map { "\(words("user")) \($0)" },
    ].compactMap { $0 }
    return parts.isEmpty ? words("none") : parts.joined(separator: ", ")
  }
}

/// Stamps of one group and what they cost, exactly.
struct Tally {
  var stamps: Int64 = 0
  var costExclVAT = Decimal(0)
  var vat = Decimal(0)
  /// Stamps that are unfunded or from a package without a price.
  var unpriced: Int64 = 0
  var currencies: Set<String> = []

  mutating func add(_ count: Int64, from package: Package?) {
    stamps += count
    guard let package, let price = package.price else {
      unpriced += count
      return
    }
    let cost = price * Decimal(count) / Decimal(package.stamps)
    costExclVAT += cost
    vat += cost * (package.vatRate ?? 0) / 100
    currencies.insert(package.currency)
  }

  mutating func merge(_ other: Tally) {
    stamps += other.stamps
    costExclVAT += other.costExclVAT
    vat += other.vat
    unpriced += other.unpriced
    currencies.formUnion(other.currencies)
  }
}

/// Orders group keys: dates chronologically, texts by their characters, numbers by value;
/// numbers before texts (package ids before "unfunded").
func cellOrder(_ a: Cell, _ b: Cell) -> Bool {
  switch (a, b) {
  case (.date(let x), .date(let y)): x < y
  case (.integer(let x), .integer(let y)): x < y
  case (.text(let x), .text(let y)): x < y
  case (.integer, .text): true
  default: false
  }
}
