import Foundation
import TSAModel
import TSAReport

/// Renders a report for scripts: the same cells as every other format, numbers as JSON numbers
/// (money exact to the minor unit), dates as ISO text, one object a row keyed by column. Keys
/// (of facts and columns) are machine names, the same in every language; titles, labels and
/// notes are in the report's language.
///
/// `{"title": …, "facts": {…}, "columns": [...], "rows": [{…}], "totals": [{…}], "notes": [...]}`
/// — `totals` holds the total rows (one, or one per contract in a balance); where the rows, each
/// rounded, do not add up to the total, `"rounding": [{…}]` before it holds the difference.
public enum JSONRenderer {
  public static func render(_ report: Report) -> String {
    let keys = report.table.columns.map(\.key)
    func object(_ row: Row) -> String {
      "{" + zip(keys, row.cells).map { "\(string($0)): \(value($1))" }.joined(separator: ", ") + "}"
    }
    let body = report.table.rows.filter { $0.role.inBody }.map { "    " + object($0) }
    let totals = report.table.rows.filter { $0.role == .total }.map { "    " + object($0) }
    let rounding = report.table.rows.filter { $0.role == .rounding }.map { "    " + object($0) }
    // Only where the rows, each rounded, do not add up to the total.
    let roundingPart =
      rounding.isEmpty ? "" : "\n  \"rounding\": [\n\(rounding.joined(separator: ",\n"))\n  ],"
    let facts = report.facts.map { "    \(string($0.key)): \(string($0.data ?? $0.value))" }
    return """
      {
        "title": \(string(report.title)),
        "facts": {
      \(facts.joined(separator: ",\n"))
        },
        "columns": [\(keys.map(string).joined(separator: ", "))],
        "rows": [
      \(body.joined(separator: ",\n"))
        ],\(roundingPart)
        "totals": [
      \(totals.joined(separator: ",\n"))
        ],
        "notes": [\(report.notes.map(string).joined(separator: ", "))]
      }

      """
  }

  static func value(_ cell: Cell) -> String {
    switch cell {
    case .text(let text): string(text)
    case .term(let name, _): string(name)
    case .integer(let n): String(n)
    case .money(let amount, let currency): Money.format(amount, currency: currency)
    case .decimal(let value), .unitPrice(let value, _): plainDecimal(value)
    case .date(let date): string(date.iso)
    case .dateTime(let date, let second): string(localTimeText(date, second))
    case .empty: "null"
    }
  }

  static func string(_ text: String) -> String {
    var out = "\""
    for scalar in text.unicodeScalars {
      switch scalar {
      case "\"": out += "\\\""
      case "\\": out += "\\\\"
      case "\n": out += "\\n"
      case "\r": out += "\\r"
      case "\t": out += "\\t"
      case let s where s.value < 0x20:
        out += String(format: "\\u%04x", s.value)
      default: out.unicodeScalars.append(scalar)
      }
    }
    return out + "\""
  }
}
