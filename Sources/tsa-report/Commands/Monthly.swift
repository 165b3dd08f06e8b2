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
      let today = zone.localDate(of: Clock.now())
      let first =
        month.flatMap { LocalDate(iso: $0 + "-01") } ?? today.firstOfMonth.adding(months: -1)
      let store = try global.openStore()
      let folder = (out as NSString).appendingPathComponent(MonthlyReport.label(month: first))
      var state = MonthState.complete
      try writeFolderAtomically(folder) { temporary in
        state =
          try MonthlyBundleWriter.write(
            month: first, today: today, store: store, zone: zone, language: lang,
            dialect: csvDialect, into: temporary
          ).state
      }
      if let said = Words(.en).monthState(state, today: today) {
        note("Note: \(MonthlyReport.label(month: first)) \(said).")
      }
      note("Wrote \(folder)/")
    }
  }
}

// glibc declares it only under _GNU_SOURCE.
@_silgen_name("renameat2")
private func renameat2(
  _ olddirfd: Int32, _ oldpath: UnsafePointer<CChar>, _ newdirfd: Int32,
  _ newpath: UnsafePointer<CChar>, _ flags: UInt32
) -> Int32
private let renameExchange: UInt32 = 1 << 1  // RENAME_EXCHANGE

/// Builds a folder under an unpredictable temporary name beside `path` (`mkdtemp`), then puts
/// it in place of any older one by an atomic exchange (`renameat2(RENAME_EXCHANGE)`): a reader
/// sees the old bundle or the new one, never half of one and never none.
func writeFolderAtomically(_ path: String, _ body: (String) throws -> Void) throws {
  let manager = FileManager.default
  let parent = (path as NSString).deletingLastPathComponent
  let name = (path as NSString).lastPathComponent
  let directory = parent.isEmpty ? "." : parent
  // A run killed midway leaves its temporary folder behind: clear those of dead processes.
  let prefix = ".\(name).tmp-"
  for leftover in (try? manager.contentsOfDirectory(atPath: directory)) ?? []
  where leftover.hasPrefix(prefix) {
    let pid = Int32(leftover.dropFirst(prefix.count).prefix { $0.isNumber }) ?? 0
    if pid > 0 && kill(pid, 0) != 0 {
      try? manager.removeItem(atPath: (directory as NSString).appendingPathComponent(leftover))
    }
  }
  if !manager.fileExists(atPath: directory) {
    try manager.createDirectory(
      atPath: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
  }
  var template = Array((directory + "/" + prefix + "\(getpid())-XXXXXX").utf8CString)
  guard let made = mkdtemp(&template) else {
    throw CLIError.io("cannot write in \(directory): \(String(cString: strerror(errno))).")
  }
  let temporary = String(cString: made)
  do {
    try body(temporary)
    var info = stat()
    if lstat(path, &info) == 0 {
      guard info.st_mode & S_IFMT == S_IFDIR else {
        throw CLIError.io("\(path) is there and is not a folder; move it away or choose --out.")
      }
      guard renameat2(AT_FDCWD, temporary, AT_FDCWD, path, renameExchange) == 0 else {
        throw CLIError.io("cannot put \(path) in place: \(String(cString: strerror(errno))).")
      }
      try? manager.removeItem(atPath: temporary)  // the old bundle, now under the temporary name
    } else {
      guard rename(temporary, path) == 0 else {
        throw CLIError.io("cannot put \(path) in place: \(String(cString: strerror(errno))).")
      }
    }
  } catch {
    try? manager.removeItem(atPath: temporary)
    if error is StoreError || error is CLIError { throw error }
    if let error = error as? XLSXError { throw CLIError.io(error.description) }
    throw CLIError.io("cannot write \(path): \((error as NSError).localizedDescription).")
  }
}
