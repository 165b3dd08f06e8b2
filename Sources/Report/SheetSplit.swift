/// How a report too long for one sheet continues: Excel holds at most 1 048 576 rows a sheet, so
/// a report with more rows goes on `NAME (2)`, `NAME (3)`… — each with the title block and the
/// header, the total and the notes on the last one. Nothing is ever cut off.
public struct SheetSplit: Sendable, Equatable {
  /// Excel's (and LibreOffice's) rows per sheet.
  public static let excelRowLimit = 1_048_576

  /// The sheets' names, in order.
  public var names: [String]
  /// How many body rows each sheet holds.
  public var bodyRows: [Int]

  /// The sheets `bodyRows` body rows of `report` need under the given row limit.
  public init(name: String, report: Report, bodyRows: Int, rowLimit: Int = excelRowLimit) {
    // Title, facts, a blank row and the header above the rows; the total row, a blank row and
    // the notes below them (on the last sheet; kept free on every sheet, simply).
    self.init(
      name: name, bodyRows: bodyRows,
      rowsAround: 1 + report.facts.count + 1 + 1 + 1 + 1 + report.notes.count, rowLimit: rowLimit)
  }

  /// The sheets `bodyRows` body rows need when `rowsAround` rows of each sheet go to the title
  /// block, the header, the total and the notes (an upper bound serves: a report not made yet).
  public init(name: String, bodyRows: Int, rowsAround: Int, rowLimit: Int = excelRowLimit) {
    let capacity = max(1, rowLimit - rowsAround)
    let count = max(1, (bodyRows + capacity - 1) / capacity)
    names = (0..<count).map { index in
      guard index > 0 else { return String(name.prefix(31)) }
      let suffix = " (\(index + 1))"
      return String(name.prefix(31 - suffix.count)) + suffix
    }
    self.bodyRows = (0..<count).map { index in
      index < count - 1 ? capacity : bodyRows - capacity * (count - 1)
    }
  }
}
