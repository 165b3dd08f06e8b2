/// What a usage report can be grouped by.
public enum Dimension: String, Sendable, CaseIterable {
  case day, week, month, quarter, year, contract, user

  var isTime: Bool { [.day, .week, .month, .quarter, .year].contains(self) }

  /// The group a local day falls into for a time dimension: `2026-10-25`, `2026-W43`,
  /// `2026-10`, `2026-Q4`, `2026`.
  func label(of day: LocalDate) -> Cell {
    switch self {
    case .day: .date(day)
    case .week: .text(ISOWeek(day).label)
    case .month: .text(String(day.iso.prefix(7)))
    case .quarter: .text("\(day.year)-Q\((day.month - 1) / 3 + 1)")
    case .year: .text(String(day.year))
    case .contract, .user: .empty
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

  public init(
    period: Period, dimensions: [Dimension], contractCode: String? = nil, userName: String? = nil
  ) {
    self.period = period
    self.dimensions = dimensions
    self.contractCode = contractCode
    self.userName = userName
  }
}

/// Builds the consumption report: stamps per group over a period, a total, and what was seen
/// but not billed.
public enum UsageReport {
  public static func build(_ query: UsageQuery, store: Store) throws -> Report {
    let filter = AttemptFilter(contractCode: query.contractCode, userName: query.userName)
    let grouping = StampGrouping(
      day: query.dimensions.contains(where: \.isTime), user: query.dimensions.contains(.user),
      contract: query.dimensions.contains(.contract))
    let counts = try store.stampCounts(in: query.period, grouping: grouping, filter: filter)

    var groups: [[Cell]: Int64] = [:]
    for count in counts {
      let key = query.dimensions.map { dimension -> Cell in
        switch dimension {
        case .user: .text(count.user ?? "")
        case .contract: .text(count.contract ?? "")
        default: dimension.label(of: count.day!)
        }
      }
      groups[key, default: 0] += count.count
    }
    let total = counts.reduce(0) { $0 + $1.count }
    var rows = groups.filter { !$0.key.isEmpty }.sorted {
      $0.key.lexicographicallyPrecedes($1.key, by: cellOrder)
    }
    .map { Row(.body, $0.key + [.integer($0.value)]) }
    rows.append(
      Row(
        .total,
        (query.dimensions.isEmpty
          ? [] : [.text("Total")] + Array(repeating: .empty, count: query.dimensions.count - 1))
          + [.integer(total)]))

    let unbilled = try store.unbilledCounts(in: query.period, filter: filter)
    let malformed = try store.malformedCount(in: query.period)
    return Report(
      title: "TSA stamp usage",
      facts: [
        ("Interval", query.period.resolvedDescription),
        ("Time zone", query.period.zone.identifier),
        ("Filters", filterDescription(query)),
      ],
      table: ReportTable(
        columns: query.dimensions.map { Column($0.rawValue, $0.rawValue.capitalized) }
          + [Column("stamps", "Stamps")],
        rows: rows),
      notes: [unbilledLine(unbilled, malformed: malformed)])
  }

  static func filterDescription(_ query: UsageQuery) -> String {
    let parts = [
      query.contractCode.map { "contract \($0)" }, query.userName.map { "user \($0)" },
    ].compactMap { $0 }
    return parts.isEmpty ? "none" : parts.joined(separator: ", ")
  }

  /// `Seen but not billed: 312 rejected by TSA · 18 auth failures · 200 probes · 0 errors ·
  /// 12 malformed`
  static func unbilledLine(_ counts: [Outcome: Int64], malformed: Int64) -> String {
    let parts = [Outcome.rejected, .authFailure, .probe, .error].map {
      "\(TextRenderer.groupThousands(String(counts[$0, default: 0]))) \($0.label)"
    }
    return "Seen but not billed: "
      + (parts + ["\(TextRenderer.groupThousands(String(malformed))) malformed"])
      .joined(separator: " · ")
  }
}

/// Orders group keys: dates chronologically, texts by their characters, numbers by value.
func cellOrder(_ a: Cell, _ b: Cell) -> Bool {
  switch (a, b) {
  case (.date(let x), .date(let y)): x < y
  case (.integer(let x), .integer(let y)): x < y
  case (.text(let x), .text(let y)): x < y
  default: false
  }
}
