import CXlsxWriter
import Foundation
import TSAModel
import TSAReport
import TSASystem

/// One sheet of a workbook: a report, and optionally a column chart of one of its columns.
public struct WorkbookSheet: Sendable {
  public var name: String
  public var report: Report
  /// Chart this numeric column against the first column (e.g. stamps per day).
  public var chartColumn: String?
  /// A second, smaller table under the first one's notes: its title, header, rows and notes
  /// (the month's changes under the packages).
  public var appendix: Report?

  public init(
    name: String, report: Report, chartColumn: String? = nil, appendix: Report? = nil
  ) {
    self.name = name
    self.report = report
    self.chartColumn = chartColumn
    self.appendix = appendix
  }
}

/// What the workbook says about itself (File › Properties).
public struct WorkbookProperties: Sendable {
  public var title: String
  public var subject: String
  /// Taken from the report (its period or as-of time), not the clock, so that the same books
  /// give the same file.
  public var created: Instant

  public init(title: String, subject: String, created: Instant) {
    self.title = title
    self.subject = subject
    self.created = created
  }
}

/// Why a workbook could not be written.
public struct XLSXError: DescribedError, Equatable, Sendable {
  public var path: String
  public var reason: String
  public var description: String { "cannot write the workbook \(path): \(reason)." }
}

/// Writes reports as an XLSX workbook through libxlsxwriter: numbers, money and dates as real
/// values with their formats, a title block, a bold frozen header with an autofilter, a bold
/// totals row, fitted column widths, notes under the table. Constant-memory mode, so a sheet of
/// every stamp of a month does not grow the process.
public enum XLSXRenderer {
  public static func write(
    _ sheets: [WorkbookSheet], properties: WorkbookProperties, to path: String
  ) throws {
    // A report longer than a sheet goes on on sheets of its own, named up front.
    let splits = sheets.map { sheet in
      SheetSplit(
        name: sheet.name, report: sheet.report,
        bodyRows: sheet.report.table.rows.count { $0.role.inBody })
    }
    let workbook = try XLSXWorkbook(path: path, sheetNames: splits.flatMap(\.names))
    for (sheet, split) in zip(sheets, splits) { workbook.write(sheet, split: split) }
    try workbook.close(properties: properties)
  }
}

/// A workbook whose sheets are named up front and filled in any order: each sheet streams to a
/// file of its own, so a long sheet can be written while the reports of the short ones are
/// still being worked out. Use it from one thread at a time.
final class XLSXWorkbook {
  private let path: String
  private let workbook: UnsafeMutablePointer<lxw_workbook>
  private var worksheets: [String: UnsafeMutablePointer<lxw_worksheet>] = [:]
  private let formats: Formats
  private let strings = CStrings()
  private var closed = false

  init(path: String, sheetNames: [String]) throws {
    self.path = path
    var options = lxw_workbook_options()
    options.constant_memory = UInt8(LXW_TRUE.rawValue)
    guard let workbook = path.withCString({ workbook_new_opt($0, &options) }) else {
      throw XLSXError(path: path, reason: "libxlsxwriter could not start it")
    }
    self.workbook = workbook
    formats = Formats(workbook: workbook)
    for name in sheetNames {
      guard let worksheet = workbook_add_worksheet(workbook, strings.make(String(name.prefix(31))))
      else {
        lxw_workbook_free(workbook)
        closed = true
        throw XLSXError(path: path, reason: "bad sheet name '\(name)'")
      }
      worksheets[name] = worksheet
    }
  }

  deinit {
    if !closed { lxw_workbook_free(workbook) }
  }

  /// Fills the sheet of that name, once, with the whole report; a report longer than a sheet
  /// continues on the sheets `split` names (made up front with the others).
  func write(_ sheet: WorkbookSheet, split: SheetSplit? = nil) {
    let rows = sheet.report.table.rows
    let writer = stream(
      sheet,
      split: split
        ?? SheetSplit(
          name: sheet.name, report: sheet.report, bodyRows: rows.count { $0.role.inBody }))
    writer.append(rows)
    writer.finish()
  }

  /// Like `stream(_:bodyRows:)` over the sheets of `split`: body rows fill each sheet in turn,
  /// the total and the notes close the last one.
  func stream(_ sheet: WorkbookSheet, split: SheetSplit) -> XLSXSplitWriter {
    XLSXSplitWriter(
      writers: zip(split.names, split.bodyRows).enumerated().map { index, part in
        var piece = sheet
        piece.name = part.0
        if index < split.names.count - 1 {  // the chart and the appendix go on the last one
          piece.chartColumn = nil
          piece.appendix = nil
          piece.report.notes = []
        }
        return stream(piece, bodyRows: part.1)
      }, bodyRows: split.bodyRows)
  }

  /// Fills the sheet of that name, once, with the report's title block and columns, and then
  /// with the rows handed to the writer: `bodyRows` of them, then any total row. (The report's
  /// own rows are ignored.) In constant-memory mode the autofilter's range must be known before
  /// its rows are written.
  func stream(_ sheet: WorkbookSheet, bodyRows: Int) -> XLSXSheetWriter {
    guard let worksheet = worksheets.removeValue(forKey: sheet.name) else {
      preconditionFailure("no empty sheet named '\(sheet.name)'")
    }
    return XLSXSheetWriter(
      sheet: sheet, bodyRows: bodyRows, worksheet: worksheet, workbook: workbook,
      formats: formats, strings: strings)
  }

  /// Writes the file: the sheets not filled stay empty.
  func close(properties: WorkbookProperties) throws {
    var docProperties = lxw_doc_properties()
    docProperties.title = strings.make(XMLText.clean(properties.title).text)
    docProperties.subject = strings.make(XMLText.clean(properties.subject).text)
    docProperties.author = strings.make("tsa-report")
    docProperties.created = time_t(properties.created.seconds)
    workbook_set_properties(workbook, &docProperties)
    closed = true
    let status = workbook_close(workbook)
    guard status == LXW_NO_ERROR else {
      throw XLSXError(path: path, reason: String(cString: lxw_strerror(status)))
    }
  }
}

/// Writes a report over several sheets (see `SheetSplit`).
final class XLSXSplitWriter {
  private let writers: [XLSXSheetWriter]
  private let bodyRows: [Int]
  private var current = 0
  private var written = 0

  fileprivate init(writers: [XLSXSheetWriter], bodyRows: [Int]) {
    self.writers = writers
    self.bodyRows = bodyRows
  }

  func append(_ rows: [Row]) {
    var pending = rows[...]
    while !pending.isEmpty {
      if !pending.first!.role.inBody {  // a total row: the last sheet's
        writers[writers.count - 1].append([pending.removeFirst()])
        continue
      }
      while current < writers.count - 1 && written == bodyRows[current] {
        current += 1
        written = 0
      }
      let room = current == writers.count - 1 ? Int.max : bodyRows[current] - written
      let body = pending.prefix { $0.role.inBody }.prefix(room)
      writers[current].append(Array(body))
      written += body.count
      pending = pending.dropFirst(body.count)
    }
  }

  /// One body row, its cells in a buffer the caller may use again; `sample` (the first rows,
  /// as rows) sets the column widths of each sheet before its first row.
  func appendBodyRow(_ cells: [Cell], sample: () -> [Row]) {
    while current < writers.count - 1 && written == bodyRows[current] {
      current += 1
      written = 0
    }
    writers[current].appendBodyRow(cells, sample: sample)
    written += 1
  }

  func finish() {
    for writer in writers { writer.finish() }
  }
}

/// Writes one sheet row by row: the title block, header and autofilter with the first rows
/// (which set the column widths), then every row as it comes, then the notes and chart.
final class XLSXSheetWriter {
  private let sheet: WorkbookSheet
  private let worksheet: UnsafeMutablePointer<lxw_worksheet>
  private let workbook: UnsafeMutablePointer<lxw_workbook>
  private let formats: Formats
  private let strings: CStrings
  private let bodyRows: Int
  private var row: lxw_row_t = 0
  private var header: lxw_row_t?
  private var bodyRowsWritten = 0
  private var firstCell: Cell?
  /// Characters XML 1.0 cannot hold, replaced by U+FFFD in this sheet (a note says how many).
  private var replaced = 0

  fileprivate init(
    sheet: WorkbookSheet, bodyRows: Int, worksheet: UnsafeMutablePointer<lxw_worksheet>,
    workbook: UnsafeMutablePointer<lxw_workbook>, formats: Formats, strings: CStrings
  ) {
    self.sheet = sheet
    self.bodyRows = bodyRows
    self.worksheet = worksheet
    self.workbook = workbook
    self.formats = formats
    self.strings = strings
  }

  func append(_ rows: [Row]) {
    if header == nil { begin(sample: rows) }
    for line in rows {
      if line.role.inBody { bodyRowsWritten += 1 }
      if firstCell == nil { firstCell = line.cells.first }
      for (index, cell) in line.cells.enumerated() {
        write(
          cell, row: row, column: lxw_col_t(index),
          format: formats.format(
            for: cell, total: line.role == .total || line.role == .subtotal,
            language: sheet.report.language))
      }
      row += 1
    }
  }

  /// One body row from a buffer of cells (no `Row` made): see `XLSXSplitWriter.appendBodyRow`.
  func appendBodyRow(_ cells: [Cell], sample: () -> [Row]) {
    if header == nil { begin(sample: sample()) }
    bodyRowsWritten += 1
    if firstCell == nil { firstCell = cells.first }
    for index in cells.indices {
      let cell = cells[index]
      write(
        cell, row: row, column: lxw_col_t(index),
        format: formats.format(for: cell, total: false, language: sheet.report.language))
    }
    row += 1
  }

  /// Every text into the sheet: valid XML 1.0 (what XML forbids is shown as U+FFFD and counted),
  /// passed to libxlsxwriter without a heap copy.
  private func writeText(
    _ text: String, row: lxw_row_t, column: lxw_col_t, format: UnsafeMutablePointer<lxw_format>?
  ) {
    let (clean, count) = XMLText.clean(text)
    replaced += count
    clean.withCString { _ = worksheet_write_string(worksheet, row, column, $0, format) }
  }

  /// A cell holds at most 32 767 characters (Excel's limit; libxlsxwriter writes nothing
  /// longer): a longer text is cut, with a mark that says so.
  static func fitted(_ text: String) -> String {
    let limit = 32_767
    // Most texts are short: UTF-8 bytes are never fewer than UTF-16 units.
    guard text.utf8.count > limit, text.utf16.count > limit else { return text }
    let mark = " …[cut: \(text.count) characters]"
    var cut = String(text.prefix(limit - mark.utf16.count))
    while cut.utf16.count > limit - mark.utf16.count { cut.removeLast() }
    return cut + mark
  }

  /// The notes under the rows, and the chart.
  func finish() {
    if header == nil { begin(sample: []) }
    precondition(bodyRowsWritten == bodyRows, "\(bodyRowsWritten) rows written, not \(bodyRows)")
    let table = sheet.report.table
    let firstBody = header! + 1
    let lastBody = firstBody + lxw_row_t(bodyRows) - 1
    row += 1
    for note in sheet.report.notes {
      writeText(note, row: row, column: 0, format: formats.note)
      row += 1
    }
    if let appendix = sheet.appendix { writeAppendix(appendix) }
    if replaced > 0 {
      writeText(
        "\u{FFFD} × \(replaced): characters a workbook cannot hold (XML 1.0: control characters,"
          + " U+FFFE, U+FFFF) are shown as \u{FFFD}; the CSV files keep them as they were.",
        row: row, column: 0, format: formats.note)
      row += 1
    }
    if let key = sheet.chartColumn, let column = table.columns.firstIndex(where: { $0.key == key }),
      bodyRows > 0, let chart = workbook_add_chart(workbook, UInt8(LXW_CHART_COLUMN.rawValue))
    {
      let name = strings.make(String(sheet.name.prefix(31)))
      let series = chart_add_series(chart, nil, nil)
      chart_series_set_categories(series, name, firstBody, 0, lastBody, 0)
      chart_series_set_values(
        series, name, firstBody, lxw_col_t(column), lastBody, lxw_col_t(column))
      chart_series_set_name(series, strings.make(table.columns[column].title))
      let perDay = if case .date = firstCell { true } else { false }
      let words = Words(sheet.report.language)
      chart_title_set_name(
        chart, strings.make(perDay ? words[.stampsPerDay] : table.columns[column].title))
      chart_axis_set_name(chart.pointee.x_axis, strings.make(table.columns[0].title))
      chart_axis_set_name(chart.pointee.y_axis, strings.make(table.columns[column].title))
      chart_legend_set_position(chart, UInt8(LXW_CHART_LEGEND_NONE.rawValue))
      if perDay {
        chart_axis_set_num_format(chart.pointee.x_axis, "d")  // day of the month under each bar
      }
      var options = lxw_chart_options()
      options.x_scale = 1.6
      options.y_scale = 1.3
      worksheet_insert_chart_opt(
        worksheet, header!, lxw_col_t(table.columns.count + 1), chart, &options)
    }
  }

  /// How wide column `index` of the appendix needs to be (its title and cells), so that its
  /// dates show under a narrower table (0 without an appendix).
  private func appendixWidth(_ index: Int, _ words: Words) -> Int {
    guard let appendix = sheet.appendix, index < appendix.table.columns.count else { return 0 }
    let cells = appendix.table.rows.prefix(5000).map { row in
      index < row.cells.count ? TextRenderer.format(row.cells[index], words).count : 0
    }
    return max(appendix.table.columns[index].title.count, cells.max() ?? 0)
  }

  /// The appendix under the notes: a title, the header, the rows, the notes (the columns are as
  /// wide as both tables need).
  private func writeAppendix(_ appendix: Report) {
    row += 1
    writeText(appendix.title, row: row, column: 0, format: formats.bold)
    row += 1
    for (index, column) in appendix.table.columns.enumerated() {
      writeText(column.title, row: row, column: lxw_col_t(index), format: formats.header)
    }
    row += 1
    for line in appendix.table.rows {
      for (index, cell) in line.cells.enumerated() {
        write(
          cell, row: row, column: lxw_col_t(index),
          format: formats.format(
            for: cell, total: line.role == .total, language: appendix.language))
      }
      row += 1
    }
    for note in appendix.notes {
      writeText(note, row: row, column: 0, format: formats.note)
      row += 1
    }
  }

  /// Column widths from the titles and the first rows, page set-up, title block and header.
  private func begin(sample: [Row]) {
    let report = sheet.report
    let table = report.table
    let words = Words(report.language)
    // The labels of the facts above the table stand in the first column too.
    let factLabels = report.facts.map(\.label.count).max() ?? 0
    // Widths first: in constant-memory mode everything goes out row by row.
    for (index, column) in table.columns.enumerated() {
      let longest =
        sample.prefix(5000).map { row -> Int in
          let cell = row.cells[index]
          let text = TextRenderer.format(cell, words).count
          // Money shows its currency and thousands separators; totals are bold; numbers stand
          // a space in from the right.
          let bold = row.role == .total || row.role == .subtotal ? 1 : 0
          let indent = cell.isNumeric ? 1 : 0
          switch cell {
          case .money(_, let currency), .unitPrice(_, let currency):
            return text + currency.count + 3 + bold + indent
          default: return text + bold + indent
          }
        }.max() ?? 0
      let widest = max(
        column.title.count, longest, index == 0 ? factLabels : 0, appendixWidth(index, words))
      let width = Double(min(60, max(9, widest + 2)))
      worksheet_set_column(worksheet, lxw_col_t(index), lxw_col_t(index), width, nil)
    }
    // Printed (or turned into PDF) a sheet is one page wide, in landscape, header repeated.
    worksheet_set_landscape(worksheet)
    worksheet_fit_to_pages(worksheet, 1, 0)
    worksheet_set_paper(worksheet, 9)  // A4
    writeText(report.title, row: row, column: 0, format: formats.title)
    row += 1
    for fact in report.facts {
      writeText(fact.label, row: row, column: 0, format: formats.bold)
      writeText(fact.value, row: row, column: 1, format: nil)
      row += 1
    }
    row += 1
    header = row
    for (index, column) in table.columns.enumerated() {
      // Over a column of numbers the title stands right, above them.
      let numeric = sample.contains { $0.cells[index].isNumeric }
      writeText(
        column.title, row: row, column: lxw_col_t(index),
        format: numeric ? formats.numericHeader : formats.header)
    }
    worksheet_freeze_panes(worksheet, row + 1, 0)
    worksheet_repeat_rows(worksheet, row, row)
    if bodyRows > 0 {
      worksheet_autofilter(
        worksheet, row, 0, row + lxw_row_t(bodyRows), lxw_col_t(max(0, table.columns.count - 1)))
    }
    row += 1
  }

  private func write(
    _ cell: Cell, row: lxw_row_t, column: lxw_col_t, format: UnsafeMutablePointer<lxw_format>?
  ) {
    switch cell {
    // A string cell is never a formula, whatever it starts with.
    case .text(let text), .term(_, let text):
      // Through withCString: a short string passed as a C string argument is copied to the
      // heap first, four times a stamp.
      writeText(XLSXSheetWriter.fitted(text), row: row, column: column, format: format)
    case .integer(let n): worksheet_write_number(worksheet, row, column, Double(n), format)
    case .decimal(let value), .unitPrice(let value, _):
      worksheet_write_number(worksheet, row, column, Double(plainDecimal(value))!, format)
    case .money(let amount, let currency):
      // The double nearest to the amount as shown, so the cell reads exactly like the CSV.
      worksheet_write_number(
        worksheet, row, column, Double(Money.format(amount, currency: currency))!, format)
    case .date(let date):
      var value = lxw_datetime(
        year: Int32(date.year), month: Int32(date.month), day: Int32(date.day), hour: 0, min: 0,
        sec: 0)
      worksheet_write_datetime(worksheet, row, column, &value, format)
    case .dateTime(let date, let second):
      var value = lxw_datetime(
        year: Int32(date.year), month: Int32(date.month), day: Int32(date.day),
        hour: Int32(second / 3600),
        min: Int32(second / 60 % 60), sec: Double(second % 60))
      worksheet_write_datetime(worksheet, row, column, &value, format)
    case .empty: worksheet_write_blank(worksheet, row, column, format)
    }
  }
}

/// The workbook's formats, made once and shared by its sheets.
private final class Formats {
  let workbook: UnsafeMutablePointer<lxw_workbook>
  let title: UnsafeMutablePointer<lxw_format>
  let bold: UnsafeMutablePointer<lxw_format>
  let header: UnsafeMutablePointer<lxw_format>
  let numericHeader: UnsafeMutablePointer<lxw_format>
  let note: UnsafeMutablePointer<lxw_format>
  private var cache: [FormatKey: UnsafeMutablePointer<lxw_format>] = [:]
  private var fastLanguage: Language?
  private var fastInteger: UnsafeMutablePointer<lxw_format>?
  private var fastDateTime: UnsafeMutablePointer<lxw_format>?

  init(workbook: UnsafeMutablePointer<lxw_workbook>) {
    self.workbook = workbook
    title = workbook_add_format(workbook)
    format_set_bold(title)
    format_set_font_size(title, 14)
    bold = workbook_add_format(workbook)
    format_set_bold(bold)
    header = workbook_add_format(workbook)
    format_set_bold(header)
    format_set_bottom(header, UInt8(LXW_BORDER_THIN.rawValue))
    format_set_bg_color(header, 0xDDEBF7)
    format_set_text_wrap(header)
    numericHeader = workbook_add_format(workbook)
    format_set_bold(numericHeader)
    format_set_bottom(numericHeader, UInt8(LXW_BORDER_THIN.rawValue))
    format_set_bg_color(numericHeader, 0xDDEBF7)
    format_set_text_wrap(numericHeader)
    format_set_align(numericHeader, UInt8(LXW_ALIGN_RIGHT.rawValue))
    format_set_indent(numericHeader, 1)
    note = workbook_add_format(workbook)
    format_set_italic(note)
  }

  /// The number format of a cell, bold with a rule above on the totals row. Looked up by a small
  /// key: a sheet of every stamp asks millions of times. Dates as the language writes them
  /// (`2026-10-31`, Czech `31. 10. 2026`), money with its currency (Czech `Kč`); the
  /// thousands and decimal marks are the spreadsheet's own, from its locale.
  func format(for cell: Cell, total: Bool, language: Language) -> UnsafeMutablePointer<lxw_format>?
  {
    // The cells of a sheet of stamps ask millions of times: body integers and date-times of the
    // last language asked are at hand without hashing.
    if !total, language == fastLanguage {
      if case .integer = cell, let format = fastInteger { return format }
      if case .dateTime = cell, let format = fastDateTime { return format }
    }
    let kind: FormatKey.Kind
    switch cell {
    case .integer: kind = .integer
    case .money(_, let currency): kind = .money(currency)
    case .unitPrice(_, let currency): kind = .unitPrice(currency)
    case .date: kind = .date
    case .dateTime: kind = .dateTime
    default:
      guard total else { return nil }
      kind = .plain
    }
    let key = FormatKey(kind: kind, total: total, language: language)
    if let format = cache[key] { return format }
    let format = workbook_add_format(workbook)!
    let day = language.pick(en: "yyyy-mm-dd", cs: "d. m. yyyy")
    switch kind {
    case .integer: format_set_num_format(format, "#,##0")
    case .money(let currency):
      let symbol = language.pick(en: currency, cs: currency == "CZK" ? "Kč" : currency)
      format_set_num_format(format, "#,##0.00 \"\(symbol)\"")
    case .unitPrice(let currency):
      let symbol = language.pick(en: currency, cs: currency == "CZK" ? "Kč" : currency)
      format_set_num_format(format, "#,##0.00## \"\(symbol)\"")
    case .date: format_set_num_format(format, day)
    case .dateTime: format_set_num_format(format, day + " hh:mm:ss")
    case .plain: break
    }
    // Numbers and dates stand right, a space in from the next column: printed, a number does
    // not run into the text beside it (`2 FV-2026-0820`, not `2FV-2026-0820`).
    if kind != .plain {
      format_set_align(format, UInt8(LXW_ALIGN_RIGHT.rawValue))
      format_set_indent(format, 1)
    }
    if total {
      format_set_bold(format)
      format_set_top(format, UInt8(LXW_BORDER_THIN.rawValue))
    }
    cache[key] = format
    if !total {
      if fastLanguage != language {
        fastLanguage = language
        fastInteger = nil
        fastDateTime = nil
      }
      if kind == .integer { fastInteger = format }
      if kind == .dateTime { fastDateTime = format }
    }
    return format
  }
}

private struct FormatKey: Hashable {
  enum Kind: Hashable { case plain, integer, money(String), unitPrice(String), date, dateTime }
  var kind: Kind
  var total: Bool
  var language: Language
}

/// C strings that must live until the workbook is closed (libxlsxwriter keeps some pointers).
private final class CStrings {
  private var kept: [UnsafeMutablePointer<CChar>] = []
  deinit { kept.forEach { free($0) } }

  func make(_ text: String) -> UnsafeMutablePointer<CChar> {
    let pointer = strdup(text)!
    kept.append(pointer)
    return pointer
  }
}

/// Text as XML 1.0 can hold it: a workbook is XML, and a character it forbids (a control
/// character other than tab, line feed and carriage return; the noncharacters U+FFFE and
/// U+FFFF) makes openpyxl refuse the file and LibreOffice drop the row and all after it.
enum XMLText {
  /// The text with each such character replaced by U+FFFD, and how many were.
  static func clean(_ text: String) -> (text: String, replaced: Int) {
    // Most texts are clean: looked at byte by byte first (U+FFFE/U+FFFF are EF BF BE/BF).
    guard text.utf8.contains(where: { $0 < 0x20 || $0 == 0xEF }) else { return (text, 0) }
    var replaced = 0
    var scalars = String.UnicodeScalarView()
    for scalar in text.unicodeScalars {
      if isAllowed(scalar) {
        scalars.append(scalar)
      } else {
        scalars.append("\u{FFFD}")
        replaced += 1
      }
    }
    return (String(scalars), replaced)
  }

  static func isAllowed(_ scalar: Unicode.Scalar) -> Bool {
    switch scalar.value {
    case 0x09, 0x0A, 0x0D: true
    case 0..<0x20, 0xFFFE, 0xFFFF: false
    default: true
    }
  }
}
