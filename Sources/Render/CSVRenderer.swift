import Foundation
import TSAModel
import TSAReport

/// How a CSV file is spelled.
public enum CSVDialect: String, Sendable, CaseIterable {
  /// RFC 4180: `,` between fields, `.` before decimals.
  case standard
  /// What Czech Excel opens with a double click: `;` between fields, decimal commas, a BOM.
  case excelCZ = "excel-cz"

  var separator: Character { self == .standard ? "," : ";" }
}

/// Renders a report's table as CSV: UTF-8, CRLF line ends, a header row, one row per group and
/// the total row. Titles and notes stay out, so the file loads as data anywhere.
///
/// The standard dialect is for programs: its header holds the columns' machine names
/// (snake_case ASCII, the same in every language), numbers have `.` decimals. The excel-cz
/// dialect is for people opening it in Czech Excel: its header holds the column titles in the
/// report's language (with diacritics), numbers have decimal commas.
public enum CSVRenderer {
  public static func render(_ report: Report, dialect: CSVDialect = .standard) -> String {
    String(decoding: bytes(report, dialect: dialect), as: UTF8.self)
  }

  /// The CSV as UTF-8 bytes, built in one buffer: a month's list of stamps has millions of cells.
  ///
  /// The standard dialect ends every row with a `row` column (`body`, `subtotal`, `rounding`,
  /// `total`), so that a program finds the totals without reading any word; the excel-cz dialect
  /// is read by people, who see `Celkem`.
  public static func bytes(_ report: Report, dialect: CSVDialect = .standard) -> [UInt8] {
    var out = header(report.table.columns, dialect: dialect, marked: true)
    out.reserveCapacity(64 * (report.table.rows.count + 1))
    // For people (excel-cz) only a total (or rounding) row may read like one: a user named
    // `Celkem` is written `'Celkem`. The standard dialect's `row` column says which row is what,
    // and a total there is named like the rows above it (a contract's by its number).
    let totalLabels =
      dialect == .standard
      ? []
      : Set(
        report.table.rows.filter { $0.role != .body }.compactMap { row in
          row.cells.first.flatMap { shown($0, dialect) }
        })
    for var row in report.table.rows {
      if row.role == .body, let first = row.cells.first, let text = shown(first, dialect),
        totalLabels.contains(text)
      {
        row.cells[0] = .text("'" + text)
      }
      append(row.cells, dialect: dialect, role: row.role, to: &out)
    }
    return out
  }

  /// The `row` column's value.
  static func rowName(_ role: RowRole) -> String {
    switch role {
    case .body: "body"
    case .subtotal: "subtotal"
    case .rounding: "rounding"
    case .total: "total"
    }
  }

  /// A text cell's or term's text as the dialect writes it.
  private static func shown(_ cell: Cell, _ dialect: CSVDialect) -> String? {
    switch cell {
    case .text(let text): text
    case .term(let name, let text): dialect == .standard ? name : text
    default: nil
    }
  }

  /// The start of a CSV file: the byte order mark Excel wants, if any, and the header row; with
  /// `marked`, the standard dialect's `row` column last.
  public static func header(
    _ columns: [Column], dialect: CSVDialect = .standard, marked: Bool = false
  ) -> [UInt8] {
    let columns = marked && dialect == .standard ? columns + [Column("row", "row")] : columns
    var out: [UInt8] = dialect == .excelCZ ? [0xEF, 0xBB, 0xBF] : []
    let separator = UInt8(ascii: dialect == .standard ? "," : ";")
    for (index, column) in columns.enumerated() {
      if index > 0 { out.append(separator) }
      out += field(dialect == .standard ? column.key : neutralised(column.title), dialect).utf8
    }
    out += [0x0D, 0x0A]
    return out
  }

  /// Appends one row of cells (a buffer used again for every row of a long list serves); with
  /// `role`, the standard dialect's `row` column says what the row is.
  public static func append(
    _ cells: [Cell], dialect: CSVDialect, role: RowRole? = nil, to out: inout [UInt8]
  ) {
    let separator = UInt8(ascii: dialect == .standard ? "," : ";")
    for index in cells.indices {
      if index > 0 { out.append(separator) }
      switch cells[index] {
      case .integer(let n): appendDecimal(n, to: &out)
      case .dateTime(let date, let second):
        appendDecimal(Int64(date.year), width: 4, to: &out)
        out.append(0x2D)
        appendDecimal(Int64(date.month), width: 2, to: &out)
        out.append(0x2D)
        appendDecimal(Int64(date.day), width: 2, to: &out)
        out.append(0x20)
        appendDecimal(Int64(second / 3600), width: 2, to: &out)
        out.append(0x3A)
        appendDecimal(Int64(second / 60 % 60), width: 2, to: &out)
        out.append(0x3A)
        appendDecimal(Int64(second % 60), width: 2, to: &out)
      case .text(let text) where isPlain(text, dialect):
        out += text.utf8
      case let cell: out += format(cell, dialect).utf8
      }
    }
    if let role, dialect == .standard {
      out.append(separator)
      out += rowName(role).utf8
    }
    out += [0x0D, 0x0A]
  }

  /// Text that needs neither quotes nor neutralising, which is nearly all of it.
  private static func isPlain(_ text: String, _ dialect: CSVDialect) -> Bool {
    let separator = UInt8(ascii: dialect == .standard ? "," : ";")
    var first = true
    for byte in text.utf8 {
      if byte == separator || byte == 0x22 || byte == 0x0A || byte == 0x0D { return false }
      if first && (byte == 0x3D || byte == 0x2B || byte == 0x2D || byte == 0x40 || byte == 0x09) {
        return false
      }
      first = false
    }
    return true
  }

  /// The digits of `value`, at least `width` of them (zeros in front), written straight into
  /// `out`: called millions of times for a month's list of stamps, it makes nothing on the heap.
  private static func appendDecimal(_ value: Int64, width: Int = 1, to out: inout [UInt8]) {
    if value < 0 { out.append(0x2D) }
    var count = 1
    var power: UInt64 = 1
    while value.magnitude / power >= 10 {
      power *= 10
      count += 1
    }
    for _ in count..<max(width, count) { out.append(0x30) }
    var rest = value.magnitude
    while power > 0 {
      out.append(UInt8(ascii: "0") + UInt8(rest / power))
      rest %= power
      power /= 10
    }
  }

  static func format(_ cell: Cell, _ dialect: CSVDialect = .standard) -> String {
    switch cell {
    case .text(let text): field(neutralised(text), dialect)
    case .term(let name, let text): field(neutralised(dialect == .standard ? name : text), dialect)
    case .integer(let n): String(n)
    case .money(let amount, let currency):
      dialect == .excelCZ
        ? Money.format(amount, currency: currency).replacingOccurrences(of: ".", with: ",")
        : Money.format(amount, currency: currency)
    case .decimal(let value), .unitPrice(let value, _):
      dialect == .excelCZ
        ? plainDecimal(value).replacingOccurrences(of: ".", with: ",") : plainDecimal(value)
    case .date(let date): date.iso
    case .dateTime(let date, let second): localTimeText(date, second)
    case .empty: ""
    }
  }

  /// Quotes a field when it holds a separator, a quote or a line break.
  static func field(_ text: String, _ dialect: CSVDialect = .standard) -> String {
    guard
      text.contains(where: { $0 == dialect.separator || $0 == "\"" || $0 == "\n" || $0 == "\r" })
    else {
      return text
    }
    return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
  }

  /// A text that a spreadsheet would take for a formula gets a leading apostrophe: user names
  /// come from logs that outsiders can write to.
  static func neutralised(_ text: String) -> String {
    guard let first = text.unicodeScalars.first, "=+-@\t\r".unicodeScalars.contains(first) else {
      return text
    }
    return "'" + text
  }
}
