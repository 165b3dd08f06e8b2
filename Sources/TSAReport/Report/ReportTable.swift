import Foundation

/// One value in a report, typed so that every renderer formats it the same way: numbers stay
/// numbers, dates stay dates.
public enum Cell: Sendable, Hashable {
  case text(String)
  case integer(Int64)
  case money(Decimal, currency: String)
  case date(LocalDate)
  /// A local wall time: a day and the seconds since its midnight.
  case dateTime(LocalDate, secondOfDay: Int)
  case empty

  /// Numbers align right in text and stay numbers in spreadsheets.
  public var isNumeric: Bool {
    switch self {
    case .integer, .money: true
    default: false
    }
  }
}

/// What a row is for: renderers set totals apart.
public enum RowRole: Sendable, Equatable {
  case body
  case total
}

public struct Row: Sendable, Equatable {
  public var role: RowRole
  public var cells: [Cell]

  public init(_ role: RowRole = .body, _ cells: [Cell]) {
    self.role = role
    self.cells = cells
  }
}

public struct Column: Sendable, Equatable {
  /// snake_case name: the CSV header and the JSON key.
  public var key: String
  /// What a person reads above the column.
  public var title: String

  public init(_ key: String, _ title: String) {
    self.key = key
    self.title = title
  }
}

/// A table of typed cells: the one model behind every output format.
public struct ReportTable: Sendable, Equatable {
  public var columns: [Column]
  public var rows: [Row]

  public init(columns: [Column], rows: [Row]) {
    self.columns = columns
    self.rows = rows
  }
}

/// A whole report: what it is, what it covers, the table, and what was seen but not billed.
public struct Report: Sendable, Equatable {
  public var title: String
  /// Labelled facts printed above the table: the interval, the zone, the filters.
  public var facts: [(label: String, value: String)]
  public var table: ReportTable
  /// Lines printed under the table.
  public var notes: [String]
  /// The moment the report describes (the end of its period, its as-of time): a workbook's
  /// creation date comes from it, not from the clock, so the same books give the same file.
  public var moment: Instant

  public init(
    title: String, facts: [(label: String, value: String)], table: ReportTable,
    notes: [String], moment: Instant
  ) {
    self.title = title
    self.facts = facts
    self.table = table
    self.notes = notes
    self.moment = moment
  }

  public static func == (a: Report, b: Report) -> Bool {
    a.title == b.title && a.facts.elementsEqual(b.facts, by: { $0 == $1 }) && a.table == b.table
      && a.notes == b.notes && a.moment == b.moment
  }
}
