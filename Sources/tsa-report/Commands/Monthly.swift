import ArgumentParser
import Foundation
import TSAReport

struct MonthlyCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "monthly",
    abstract: "Write the accountant's bundle for a month: text, CSV and one XLSX workbook.",
    discussion: """
      Writes DIR/YYYY-MM/: summary.txt (the summary, usage by user and the packages), summary.csv, by-user.csv, by-day.csv, packages.csv, stamps.csv, and tsa-report-YYYY-MM.xlsx with the sheets Summary, By user, By day (with a chart), Packages and Stamps. The Summary holds, per contract, opening balance + purchased − used − expired = closing balance and the month's costs. The folder appears whole or not at all.

      Example:
        tsa-report monthly --month 2026-10 --out /srv/accounting/tsa
      """)

  @OptionGroup var global: GlobalOptions

  @Option(help: ArgumentHelp("The month, YYYY-MM (default: last month).", valueName: "month"))
  var month: String?

  @Option(help: ArgumentHelp("Where the month's folder goes.", valueName: "dir"))
  var out: String = "reports"

  @Option(
    name: .customLong("csv-dialect"),
    help: ArgumentHelp("standard, or excel-cz for Czech Excel.", valueName: "dialect"))
  var csvDialect: CSVDialect = .standard

  @Option(
    help: ArgumentHelp("Labels and headers in en (English) or cs (Czech).", valueName: "lang"))
  var lang: Language = .en

  func validate() throws {
    if let month, month.count != 7 || LocalDate(iso: month + "-01") == nil {
      throw ValidationError("--month '\(month)' is not a month; write it as YYYY-MM, e.g. 2026-10.")
    }
  }

  func run() throws {
    try reportingErrors {
      let zone = try global.zone()
      let first =
        month.flatMap { LocalDate(iso: $0 + "-01") }
        ?? zone.localDate(of: Clock.now()).firstOfMonth.adding(months: -1)
      let store = try global.openStore()
      let label = MonthlyReport.label(month: first)
      let folder = (out as NSString).appendingPathComponent(label)
      let (dialect, language) = (csvDialect, lang)
      try writeFolderAtomically(folder) { temporary in
        @Sendable func file(_ name: String) -> String {
          (temporary as NSString).appendingPathComponent(name)
        }
        // The workbook takes longest, its sheet of every stamp above all: that sheet is written
        // on a thread of its own as soon as the stamps are read, while this thread works out the
        // other reports and writes the text and CSV files.
        let stampsRead = Channel<StampList>(capacity: 1)
        let bundleBuilt = Channel<MonthlyBundle>(capacity: 1)
        let failures = Failures()
        let workbookWritten = DispatchGroup()
        DispatchQueue.global().async(group: workbookWritten) {
          do {
            guard let stamps = try stampsRead.receive() else { return }
            let workbook = try XLSXWorkbook(
              path: file("tsa-report-\(label).xlsx"),
              sheetNames: ["Summary", "By user", "By day", "Packages", "Stamps"])
            let sheet = workbook.stream(
              WorkbookSheet(name: "Stamps", report: stamps.report), bodyRows: stamps.count)
            stamps.forEachBatch { sheet.append($0) }
            sheet.finish()
            guard let bundle = try bundleBuilt.receive() else { return }
            workbook.write(WorkbookSheet(name: "Summary", report: bundle.summary))
            workbook.write(WorkbookSheet(name: "By user", report: bundle.byUser))
            workbook.write(
              WorkbookSheet(name: "By day", report: bundle.byDay, chartColumn: "stamps"))
            workbook.write(WorkbookSheet(name: "Packages", report: bundle.packages))
            try workbook.close(
              properties: WorkbookProperties(
                title: bundle.summary.title, subject: "Qualified time stamps, \(label)",
                created: bundle.summary.moment))
          } catch {
            failures.add(error)
          }
        }
        defer {
          stampsRead.close()
          bundleBuilt.close()
          workbookWritten.wait()
        }
        let bundle = try MonthlyReport.build(
          month: first, store: store, zone: zone, language: language,
          stampsRead: { stampsRead.send($0) })
        bundleBuilt.send(bundle)
        let text = [bundle.summary, bundle.byUser, bundle.packages].map(TextRenderer.render)
          .joined(separator: "\n")
        try Data(text.utf8).write(to: URL(fileURLWithPath: file("summary.txt")))
        for (name, report) in [
          ("summary.csv", bundle.summary), ("by-user.csv", bundle.byUser),
          ("by-day.csv", bundle.byDay), ("packages.csv", bundle.packages),
        ] {
          try Data(CSVRenderer.bytes(report, dialect: dialect)).write(
            to: URL(fileURLWithPath: file(name)))
        }
        // The list of stamps a batch at a time, so that it is never all in memory as text.
        let stampsFile = try OutputFile(path: file("stamps.csv"))
        var csv = CSVRenderer.header(bundle.stamps.report.table.columns, dialect: dialect)
        try bundle.stamps.forEachBatch { rows in
          CSVRenderer.append(rows, dialect: dialect, to: &csv)
          try stampsFile.write(csv)
          csv.removeAll(keepingCapacity: true)
        }
        try stampsFile.close()
        workbookWritten.wait()
        if let error = failures.first { throw error }
      }
      note("Wrote \(folder)/")
    }
  }
}

/// Builds a folder under a temporary name beside `path`, then puts it in place of any older
/// one: a reader sees the old bundle or the new one, never half of one.
func writeFolderAtomically(_ path: String, _ body: (String) throws -> Void) throws {
  let manager = FileManager.default
  let parent = (path as NSString).deletingLastPathComponent
  let name = (path as NSString).lastPathComponent
  let temporary = (parent as NSString).appendingPathComponent(".\(name).tmp-\(getpid())")
  // A run killed midway leaves its temporary folder behind: clear those of dead processes.
  for leftover in (try? manager.contentsOfDirectory(atPath: parent.isEmpty ? "." : parent)) ?? []
  where leftover.hasPrefix(".\(name).tmp-") {
    let pid = Int32(leftover.dropFirst(name.count + 6).prefix { $0.isNumber }) ?? 0
    if pid > 0 && kill(pid, 0) != 0 {
      try? manager.removeItem(atPath: (parent as NSString).appendingPathComponent(leftover))
    }
  }
  do {
    try manager.createDirectory(
      atPath: temporary, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
    try body(temporary)
    if manager.fileExists(atPath: path) {
      let old = temporary + ".old"
      try manager.moveItem(atPath: path, toPath: old)
      try manager.moveItem(atPath: temporary, toPath: path)
      try? manager.removeItem(atPath: old)
    } else {
      try manager.moveItem(atPath: temporary, toPath: path)
    }
  } catch {
    try? manager.removeItem(atPath: temporary)
    if error is StoreError || error is CLIError { throw error }
    if let error = error as? XLSXError { throw CLIError.io(error.description) }
    throw CLIError.io("cannot write \(path): \((error as NSError).localizedDescription).")
  }
}

/// A file written a part at a time.
final class OutputFile {
  private let handle: FileHandle

  init(path: String) throws {
    guard FileManager.default.createFile(atPath: path, contents: nil) else {
      throw CLIError.io("cannot create \(path).")
    }
    handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
  }

  func write(_ bytes: [UInt8]) throws { try handle.write(contentsOf: bytes) }

  func close() throws { try handle.close() }
}

/// Errors from work done side by side, kept safely.
final class Failures: @unchecked Sendable {
  private let lock = NSLock()
  private var errors: [Error] = []

  func add(_ error: Error) { lock.withLock { errors.append(error) } }
  var first: Error? { lock.withLock { errors.first } }
}
