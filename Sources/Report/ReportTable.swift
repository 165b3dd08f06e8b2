import Foundation
import TSAModel

/// One value in a report, typed so that every renderer formats it the same way: numbers stay
/// numbers, dates stay dates.
public enum Cell: Sendable, Hashable {
  case text(String)
  /// A fixed value with a machine name and what a person reads: `exhausted` / `vyčerpáno`,
  /// `total` / `Celkem`. Files for programs (the standard CSV, JSON) hold the name, the same in
  /// every language; text, workbooks and the excel-cz CSV the words.
  case term(String, text: String)
  case integer(Int64)
  case money(Decimal, currency: String)
  /// An exact number that is not money: a VAT rate (up to 4 decimals).
  case decimal(Decimal)
  /// The price of one stamp: money to up to four decimals (`4.235`, in Czech `4,235 Kč`), which
  /// rounding to the currency's minor unit would make wrong.
  case unitPrice(Decimal, currency: String)
  case date(LocalDate)
  /// A local wall time: a day and the seconds since its midnight.
  case dateTime(LocalDate, secondOfDay: Int)
  case empty

  /// Numbers align right in text and stay numbers in spreadsheets.
  public var isNumeric: Bool {
    switch self {
    case .integer, .money, .decimal, .unitPrice: true
    default: false
    }
  }

  /// What a person reads in it, for a text cell or a term.
  public var words: String? {
    switch self {
    case .text(let text), .term(_, let text): text
    default: nil
    }
  }
}

/// What a row is for: renderers set totals apart.
public enum RowRole: Sendable, Equatable {
  case body
  /// The rounding line above a total: what the rows, each rounded, lack of the total.
  case rounding
  case total
  /// A total of some rows above it, kept in place among the rows (a cost centre's subtotal, and
  /// its rounding line): laid out as a row of the table's body, set apart as a total.
  case subtotal

  /// Whether the row stands in the table's body (sheets split and filter over these).
  public var inBody: Bool { self == .body || self == .subtotal }
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

/// One fact above a report's table: a machine name (the JSON key, the same in every
/// language), the label a person reads, and the value.
public struct Fact: Sendable, Equatable {
  public var key: String
  public var label: String
  public var value: String
  /// The value as programs read it (JSON), where the words differ from it: the English,
  /// whose dates and times are ISO (`2026-10-01 – 2026-10-31`, not `1. 10. 2026 – 31. 10. 2026`).
  public var data: String?

  public init(_ key: String, _ label: String, _ value: String, data: String? = nil) {
    self.key = key
    self.label = label
    self.value = value
    self.data = data
  }
}

/// A whole report: what it is, what it covers, the table, and what was seen but not billed.
public struct Report: Sendable, Equatable {
  public var title: String
  /// Facts printed above the table: the interval, the zone, the filters.
  public var facts: [Fact]
  public var table: ReportTable
  /// Lines printed under the table.
  public var notes: [String]
  /// The moment the report describes (the end of its period, its as-of time): a workbook's
  /// creation date comes from it, not from the clock, so the same books give the same file.
  public var moment: Instant
  /// The language of its labels, and so how numbers, money and dates are written for a person.
  public var language: Language

  public init(
    title: String, facts: [Fact], table: ReportTable, notes: [String], moment: Instant,
    language: Language
  ) {
    self.title = title
    self.facts = facts
    self.table = table
    self.notes = notes
    self.moment = moment
    self.language = language
  }
}
