import Foundation
import TSALedger
import TSAModel
import TSAReport
import TSASystem

/// Writes a month's bundle into a folder: summary.txt (the summary, usage by user, the packages
/// and the month's changes to the books), summary.csv, by-user.csv, by-day.csv, packages.csv,
/// changes.csv, stamps.csv and the workbook tsa-report-YYYY-MM.xlsx with the sheets Summary, By
/// user, By day (with a chart), Packages (with the month's changes under them) and Stamps (named
/// in the bundle's language). Returns the month's summary.
public enum MonthlyBundleWriter {
  /// Reads the month with `read` (`Books.month`, handed the outline and stamp callbacks) and
  /// writes its bundle in `language` into `folder`.
  @discardableResult
  public static func write(
    month first: LocalDate, language: Language, dialect: CSVDialect, into folder: String,
    read: MonthReading
  ) throws -> MonthlySummary {
    let label = MonthlyReport.label(month: first)
    let sheets = MonthlySheetNames(Words(language))
    @Sendable func file(_ name: String) -> String {
      (folder as NSString).appendingPathComponent(name)
    }
    // The workbook takes longest, its sheet of every stamp above all: that sheet is written on a
    // thread of its own as the stamps are read, while this thread works out the other reports
    // and then writes the text and CSV files. The stamps wait for the workbook in a channel
    // that never holds up the reading (they are a few dozen bytes each).
    let stampList = Channel<(StampList, MonthlySheets)>(capacity: 1)
    let stampBatches = Channel<[ListedStamp]>(capacity: Int.max)
    let bundleBuilt = Channel<MonthlyBundle>(capacity: 1)
    let failure = WorkerFailure()
    // A thread of its own, not one of Dispatch's pool: an idle pool thread waits with a
    // timeout, and libdispatch traps when that wait fails (as it does under libfaketime, which
    // the shifted test run uses).
    let workbookWritten = DispatchSemaphore(value: 0)
    var workbookDone = false  // waited for once: a semaphore, unlike a group, counts waits
    func awaitWorkbook() {
      if !workbookDone { workbookWritten.wait() }
      workbookDone = true
    }
    Thread.detachNewThread {
      defer { workbookWritten.signal() }
      do {
        guard let (list, layout) = try stampList.receive() else { return }
        let workbook = try XLSXWorkbook(
          path: file("tsa-report-\(label).xlsx"), sheetNames: layout.all)
        let sheet = workbook.stream(
          WorkbookSheet(name: sheets.stamps, report: list.report), split: layout.stamps)
        // The list says how many stamps it has: the sheet is done when they are in, while the
        // other reports are still being worked out.
        var written = 0
        while written < list.count, let stamps = try stampBatches.receive() {
          // Cell by cell from the stamps, without making rows; the first batch as rows sets
          // the column widths.
          var sample: [Row]?
          list.forEachRow(stamps) { cells in
            sheet.appendBodyRow(cells) {
              if sample == nil { sample = list.rows(Array(stamps.prefix(5000))) }
              return sample!
            }
          }
          written += stamps.count
        }
        guard written == list.count else { return }  // the reading failed
        sheet.append([list.totalRow])
        sheet.finish()
        guard let bundle = try bundleBuilt.receive() else { return }
        workbook.write(WorkbookSheet(name: sheets.summary, report: bundle.summary))
        workbook.write(
          WorkbookSheet(name: sheets.byUser, report: bundle.byUser), split: bundle.byUserSheets)
        workbook.write(
          WorkbookSheet(name: sheets.byDay, report: bundle.byDay, chartColumn: "stamps"))
        workbook.write(
          WorkbookSheet(name: sheets.packages, report: bundle.packages, appendix: bundle.changes))
        try workbook.close(
          properties: WorkbookProperties(
            title: bundle.summary.title, subject: bundle.summary.title,
            created: bundle.summary.moment))
      } catch {
        failure.error = error
        stampBatches.abandon()
      }
    }
    defer {
      stampList.close()
      stampBatches.close()
      bundleBuilt.close()
      awaitWorkbook()
    }
    var batches: [[ListedStamp]] = []  // for stamps.csv, once the workbook has the rest
    let books = try read(
      { stampList.send(MonthlyReport.layout($0, language: language)) },
      { stamps in
        stampBatches.send(stamps)
        batches.append(stamps)
      })
    let bundle = MonthlyReport.build(books, language: language)
    bundleBuilt.send(bundle)
    let text = [bundle.summary, bundle.byUser, bundle.packages, bundle.changes]
      .map(TextRenderer.render).joined(separator: "\n")
    try Data(text.utf8).write(to: URL(fileURLWithPath: file("summary.txt")))
    for (name, report) in [
      ("summary.csv", bundle.summary), ("by-user.csv", bundle.byUser),
      ("by-day.csv", bundle.byDay), ("packages.csv", bundle.packages),
      ("changes.csv", bundle.changes),
    ] {
      try Data(CSVRenderer.bytes(report, dialect: dialect)).write(
        to: URL(fileURLWithPath: file(name)))
    }
    // The list of stamps a batch at a time, so that it is never all in memory as text.
    FileManager.default.createFile(atPath: file("stamps.csv"), contents: nil)
    let stampsFile = try FileHandle(forWritingTo: URL(fileURLWithPath: file("stamps.csv")))
    var csv = CSVRenderer.header(bundle.stamps.report.table.columns, dialect: dialect)
    for stamps in batches {
      bundle.stamps.forEachRow(stamps) { CSVRenderer.append($0, dialect: dialect, to: &csv) }
      try stampsFile.write(contentsOf: csv)
      csv.removeAll(keepingCapacity: true)
    }
    CSVRenderer.append([bundle.stamps.totalRow], dialect: dialect, to: &csv)
    try stampsFile.write(contentsOf: csv)
    try stampsFile.close()
    awaitWorkbook()
    if let error = failure.error { throw error }
    return bundle.facts
  }
}

/// Reads a month of the books: hands its outline to the first function, its stamps in order to
/// the second as they are read, and returns the month (`Books.month`).
public typealias MonthReading = (
  _ outline: (MonthOutline) throws -> Void, _ stamps: ([ListedStamp]) throws -> Void
) throws -> MonthBooks

/// The error of the workbook's thread, read once the thread is done (after the group's wait).
private final class WorkerFailure: @unchecked Sendable {
  var error: Error?
}
