import Foundation
import TSAModel
import TSAReport
import TSASystem

/// Renders a report for a terminal or an e-mail: aligned columns, numbers right-aligned,
/// totals under a rule.
public enum TextRenderer {
  public static func render(_ report: Report) -> String {
    var out = TerminalText.escaped(report.title) + "\n"
    let labelWidth = report.facts.map(\.label.count).max() ?? 0
    for fact in report.facts {
      out +=
        pad(fact.label + ":", to: labelWidth + 1, right: false) + " "
        + TerminalText.escaped(fact.value) + "\n"
    }
    out += "\n" + renderTable(report.table, Words(report.language))
    if !report.notes.isEmpty {
      out += "\n" + report.notes.map { TerminalText.escaped($0) + "\n" }.joined()
    }
    return out
  }

  public static func renderTable(_ table: ReportTable, _ words: Words) -> String {
    // A column with nothing in any row (no display names, no invoice references set) is left
    // out of the text: the machine files keep it, so their columns never change.
    let shown = table.columns.indices.filter { column in
      table.rows.isEmpty
        || table.rows.contains { row in
          column < row.cells.count && row.cells[column] != .empty && row.cells[column] != .text("")
        }
    }
    if shown.count < table.columns.count {
      return renderTable(
        ReportTable(
          columns: shown.map { table.columns[$0] },
          rows: table.rows.map { row in
            Row(row.role, shown.map { $0 < row.cells.count ? row.cells[$0] : .empty })
          }), words)
    }
    let texts = table.rows.map { $0.cells.map { format($0, words) } }
    let numeric = table.columns.indices.map { column in
      table.rows.contains { $0.cells[column].isNumeric }
    }
    // Widths count what is shown: a value from a log with escapes in it is wider.
    let widths = table.columns.indices.map { column in
      max(table.columns[column].title.count, texts.map { $0[column].count }.max() ?? 0)
    }
    // Numbers align right; a text in a column of numbers ("Total", "unfunded") stays left.
    func line(_ values: [String], right: [Bool]) -> String {
      values.indices.map { pad(values[$0], to: widths[$0], right: right[$0]) }
        .joined(separator: "  ").trimmingTrailingSpaces() + "\n"
    }
    let rule = widths.map { String(repeating: "-", count: $0) }.joined(separator: "  ") + "\n"
    var out = line(table.columns.map(\.title), right: numeric) + rule
    for (row, values) in zip(table.rows, texts) {
      if row.role == .total || row.role == .subtotal { out += rule }
      out += line(values, right: row.cells.map { $0.isNumeric || $0 == .empty })
    }
    return out
  }

  /// A cell as a person reads it in the report's language: `1,949.31` or `1 949,31 Kč`,
  /// `2026-10-31` or `31. 10. 2026`.
  static func format(_ cell: Cell, _ words: Words) -> String {
    TerminalText.escaped(words.text(cell))
  }

  private static func pad(_ text: String, to width: Int, right: Bool) -> String {
    let fill = String(repeating: " ", count: max(0, width - text.count))
    return right ? fill + text : text + fill
  }
}

extension String {
  func trimmingTrailingSpaces() -> String {
    var s = self
    while s.last == " " { s.removeLast() }
    return s
  }
}

/// `2026-10-05 14:03:07`
func localTimeText(_ date: LocalDate, _ second: Int) -> String {
  "\(date.iso) \(twoDigits(Int64(second / 3600))):\(twoDigits(Int64(second / 60 % 60))):\(twoDigits(Int64(second % 60)))"
}
