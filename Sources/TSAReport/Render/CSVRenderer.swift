import Foundation

/// Renders a report's table as RFC 4180 CSV: UTF-8, CRLF line ends, a header row of snake_case
/// names, one row per group and the total row. Titles and notes stay out, so the file loads as
/// data anywhere.
public enum CSVRenderer {
  public static func render(_ report: Report) -> String {
    var out = report.table.columns.map { field($0.key) }.joined(separator: ",") + "\r\n"
    for row in report.table.rows {
      out += row.cells.map(format).joined(separator: ",") + "\r\n"
    }
    return out
  }

  static func format(_ cell: Cell) -> String {
    switch cell {
    case .text(let text): field(neutralised(text))
    case .integer(let n): String(n)
    case .money(let amount, let currency): Money.format(amount, currency: currency)
    case .date(let date): date.iso
    case .empty: ""
    }
  }

  /// Quotes a field when it holds a separator, a quote or a line break.
  static func field(_ text: String) -> String {
    guard text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else {
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
