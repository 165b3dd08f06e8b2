import Foundation

/// How a CSV file is spelled.
public enum CSVDialect: String, Sendable, CaseIterable {
  /// RFC 4180: `,` between fields, `.` before decimals.
  case standard
  /// What Czech Excel opens with a double click: `;` between fields, decimal commas, a BOM.
  case excelCZ = "excel-cz"

  var separator: Character { self == .standard ? "," : ";" }
}

/// Renders a report's table as CSV: UTF-8, CRLF line ends, a header row of snake_case names,
/// one row per group and the total row. Titles and notes stay out, so the file loads as data
/// anywhere.
public enum CSVRenderer {
  public static func render(_ report: Report, dialect: CSVDialect = .standard) -> String {
    var out = dialect == .excelCZ ? "\u{FEFF}" : ""
    let separator = String(dialect.separator)
    out += report.table.columns.map { field($0.key, dialect) }.joined(separator: separator) + "\r\n"
    for row in report.table.rows {
      out += row.cells.map { format($0, dialect) }.joined(separator: separator) + "\r\n"
    }
    return out
  }

  static func format(_ cell: Cell, _ dialect: CSVDialect = .standard) -> String {
    switch cell {
    case .text(let text): field(neutralised(text), dialect)
    case .integer(let n): String(n)
    case .money(let amount, let currency):
      dialect == .excelCZ
        ? Money.format(amount, currency: currency).replacingOccurrences(of: ".", with: ",")
        : Money.format(amount, currency: currency)
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
