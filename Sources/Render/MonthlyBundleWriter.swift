import Foundation
import TSALedger
import TSAModel
import TSAReport
import TSASystem

/// Writes a month's bundle into a folder: summary.txt (the summary, the adjustments to closed
/// months, usage by user, the packages and the month's changes to the books), summary.csv,
/// adjustments.csv, by-user.csv, by-day.csv, packages.csv, changes.csv, stamps.csv and the
/// workbook tsa-report-YYYY-MM.xlsx with the sheets Summary (the adjustments under it), By user,
/// By day (with a chart), Packages (with the month's changes under them) and Stamps (named in the
/// bundle's language). Returns the month's books.
public enum MonthlyBundleWriter {
  /// Reads the month with `read` (`Books.month`, handed the outline and stamp callbacks) and
  /// writes its bundle in `language` into `folder`.
  ///
  /// The workbook takes longest, its sheet of every stamp above all: it is written on a thread
  /// of its own as the stamps are read, while this thread works out the other reports and then
  /// writes the text and CSV files. The stamps wait for the workbook in a channel that never
  /// holds up the reading (they are a few dozen bytes each).
  @discardableResult
  public static func write(
    month first: LocalDate, language: Language, dialect: CSVDialect, into folder: String,
    statements: Bool = false, read: MonthReading
  ) throws -> MonthBooks {
    let workbook = WorkbookThread(
      path: (folder as NSString).appendingPathComponent(
        "tsa-report-\(MonthlyReport.label(month: first)).xlsx"),
      sheets: MonthlySheetNames(Words(language)))
    defer { workbook.finish() }
    var batches: [[ListedStamp]] = []  // for stamps.csv, once the workbook has the rest
    let books = try read(
      { workbook.layout.send(MonthlyReport.layout($0, language: language)) },
      { stamps in
        workbook.stamps.send(stamps)
        batches.append(stamps)
      })
    let bundle = MonthlyReport.build(books, language: language)
    workbook.bundle.send(bundle)
    try writeTextAndCSV(bundle, stamps: batches, dialect: dialect, into: folder)
    if statements { try writeStatements(bundle, dialect: dialect, into: folder) }
    workbook.finish()
    if let error = workbook.failure { throw error }
    return books
  }

  /// summary.txt, the CSV files and stamps.csv (a batch of stamps at a time, so that the list
  /// is never all in memory as text).
  private static func writeTextAndCSV(
    _ bundle: MonthlyBundle, stamps batches: [[ListedStamp]], dialect: CSVDialect,
    into folder: String
  ) throws {
    func file(_ name: String) -> URL {
      URL(fileURLWithPath: (folder as NSString).appendingPathComponent(name))
    }
    let text = [
      bundle.summary, bundle.adjustments, bundle.byUser, bundle.byCentre, bundle.packages,
      bundle.changes,
    ]
    .map(TextRenderer.render).joined(separator: "\n")
    try Data(text.utf8).write(to: file("summary.txt"))
    for (name, report) in [
      ("summary.csv", bundle.summary), ("by-user.csv", bundle.byUser),
      ("by-cost-centre.csv", bundle.byCentre),
      ("by-day.csv", bundle.byDay), ("packages.csv", bundle.packages),
      ("changes.csv", bundle.changes), ("adjustments.csv", bundle.adjustments),
    ] {
      try Data(CSVRenderer.bytes(report, dialect: dialect)).write(to: file(name))
    }
    FileManager.default.createFile(atPath: file("stamps.csv").path, contents: nil)
    let stampsFile = try FileHandle(forWritingTo: file("stamps.csv"))
    var csv = CSVRenderer.header(bundle.stamps.report.table.columns, dialect: dialect, marked: true)
    for stamps in batches {
      bundle.stamps.forEachRow(stamps) {
        CSVRenderer.append($0, dialect: dialect, role: .body, to: &csv)
      }
      try stampsFile.write(contentsOf: csv)
      csv.removeAll(keepingCapacity: true)
    }
    let total = bundle.stamps.totalRow
    CSVRenderer.append(total.cells, dialect: dialect, role: total.role, to: &csv)
    try stampsFile.write(contentsOf: csv)
    try stampsFile.close()
  }
}

extension MonthlyBundleWriter {
  /// statements/CENTRE.csv and statements/CENTRE.xlsx: one statement per cost centre.
  static func writeStatements(_ bundle: MonthlyBundle, dialect: CSVDialect, into folder: String)
    throws
  {
    let statements = (folder as NSString).appendingPathComponent("statements")
    try FileManager.default.createDirectory(
      atPath: statements, withIntermediateDirectories: false,
      attributes: [.posixPermissions: 0o700])
    for statement in bundle.statements {
      let path = (statements as NSString).appendingPathComponent(statement.fileName)
      try Data(CSVRenderer.bytes(statement.report, dialect: dialect)).write(
        to: URL(fileURLWithPath: path + ".csv"))
      try XLSXRenderer.write(
        [WorkbookSheet(name: String(statement.fileName.prefix(31)), report: statement.report)],
        properties: WorkbookProperties(
          title: statement.report.title, subject: statement.report.title,
          created: statement.report.moment),
        to: path + ".xlsx")
    }
  }
}

/// The month's workbook, written on a thread of its own: the Stamps sheet as the stamps come
/// in, then the other sheets once the bundle is built. A thread of its own, not one of
/// Dispatch's pool: an idle pool thread waits with a timeout, and libdispatch traps when that
/// wait fails (as it does under libfaketime, which the shifted test run uses).
private final class WorkbookThread: @unchecked Sendable {
  /// The list of stamps and the sheets, before the first stamp.
  let layout = Channel<(StampList, MonthlySheets)>(capacity: 1)
  let stamps = Channel<[ListedStamp]>(capacity: Int.max)
  let bundle = Channel<MonthlyBundle>(capacity: 1)
  /// The thread's error, read once it is done.
  private(set) var failure: Error?
  private let done = DispatchSemaphore(value: 0)
  private var waited = false  // waited for once: a semaphore, unlike a group, counts waits

  init(path: String, sheets: MonthlySheetNames) {
    Thread.detachNewThread { [self] in
      defer { done.signal() }
      do {
        try write(path: path, sheets: sheets)
      } catch {
        failure = error
        stamps.abandon()
      }
    }
  }

  /// Closes the channels and waits for the thread (once; again is a no-op).
  func finish() {
    layout.close()
    stamps.close()
    bundle.close()
    if !waited { done.wait() }
    waited = true
  }

  private func write(path: String, sheets: MonthlySheetNames) throws {
    guard let (list, layout) = try layout.receive() else { return }
    let workbook = try XLSXWorkbook(path: path, sheetNames: layout.all)
    let sheet = workbook.stream(
      WorkbookSheet(name: sheets.stamps, report: list.report), split: layout.stamps)
    // The list says how many stamps it has: the sheet is done when they are in, while the
    // other reports are still being worked out.
    var written = 0
    while written < list.count, let batch = try stamps.receive() {
      // Cell by cell from the stamps, without making rows; the first batch as rows sets the
      // column widths.
      var sample: [Row]?
      list.forEachRow(batch) { cells in
        sheet.appendBodyRow(cells) {
          if sample == nil { sample = list.rows(Array(batch.prefix(5000))) }
          return sample!
        }
      }
      written += batch.count
    }
    guard written == list.count else { return }  // the reading failed
    sheet.append([list.totalRow])
    sheet.finish()
    guard let bundle = try bundle.receive() else { return }
    workbook.write(
      WorkbookSheet(name: sheets.summary, report: bundle.summary, appendix: bundle.adjustments))
    workbook.write(
      WorkbookSheet(name: sheets.byUser, report: bundle.byUser), split: bundle.byUserSheets)
    workbook.write(
      WorkbookSheet(name: sheets.byCentre, report: bundle.byCentre), split: bundle.byCentreSheets)
    workbook.write(WorkbookSheet(name: sheets.byDay, report: bundle.byDay, chartColumn: "stamps"))
    workbook.write(
      WorkbookSheet(name: sheets.packages, report: bundle.packages, appendix: bundle.changes))
    try workbook.close(
      properties: WorkbookProperties(
        title: bundle.summary.title, subject: bundle.summary.title,
        created: bundle.summary.moment))
  }
}

/// Reads a month of the books: hands its outline to the first function, its stamps in order to
/// the second as they are read, and returns the month (`Books.month`).
public typealias MonthReading = (
  _ outline: (MonthOutline) throws -> Void, _ stamps: ([ListedStamp]) throws -> Void
) throws -> MonthBooks
