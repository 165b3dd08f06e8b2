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
  public static func bytes(_ report: Report, dialect: CSVDialect = .standard) -> [UInt8] {
    var out = header(report.table.columns, dialect: dialect)
    out.reserveCapacity(64 * (report.table.rows.count + 1))
    // Only a total (or rounding) row may read like one: a user named `Total` is written `'Total`.
    let totalLabels = Set(
      report.table.rows.filter { $0.role != .body }.compactMap { row -> String? in
        if case .text(let label) = row.cells.first { label } else { nil }
      })
    var rows = report.table.rows
    for index in rows.indices where rows[index].role == .body {
      if case .text(let text) = rows[index].cells.first, totalLabels.contains(text) {
        rows[index].cells[0] = .text("'" + text)
      }
    }
    append(rows, dialect: dialect, to: &out)
    return out
  }

  /// The start of a CSV file: the byte order mark Excel wants, if any, and the header row.
  public static func header(_ columns: [Column], dialect: CSVDialect = .standard) -> [UInt8] {
    var out: [UInt8] = dialect == .excelCZ ? [0xEF, 0xBB, 0xBF] : []
    let separator = UInt8(ascii: dialect == .standard ? "," : ";")
    for (index, column) in columns.enumerated() {
      if index > 0 { out.append(separator) }
      out += field(dialect == .standard ? column.key : neutralised(column.title), dialect).utf8
    }
    out += [0x0D, 0x0A]
    return out
  }

  /// Appends rows to a CSV file's bytes: a long report can be written a part at a time.
  public static func append(
    _ rows: [Row], dialect: CSVDialect = .standard, to out: inout [UInt8]
  ) {
    for row in rows { append(row.cells, dialect: dialect, to: &out) }
  }

  /// Appends one row of cells (a buffer used again for every row of a long list serves).
  public static func append(_ cells: [Cell], dialect: CSVDialect, to out: inout [UInt8]) {
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
    case .integer(let n): String(n)
    case .money(let amount, let currency):
      dialect == .excelCZ
        ? Money.format(amount, currency: currency).replacingOccurrences(of: ".", with: ",")
        : Money.format(amount, currency: currency)
    case .decimal(let value):
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
