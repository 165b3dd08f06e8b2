import Foundation
import Testing

@testable import TSAImport
@testable import TSALedger
@testable import TSAModel
@testable import TSAReport
@testable import TSAStore

/// A fresh folder under the system's temporary directory, removed when the test ends.
final class TemporaryFolder {
  let path: String

  init() {
    path = NSTemporaryDirectory() + "tsa-report-tests-" + UUID().uuidString
    try! FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
  }

  deinit { try? FileManager.default.removeItem(atPath: path) }

  func file(_ name: String) -> String { path + "/" + name }

  @discardableResult
  func write(_ name: String, _ text: String) -> String {
    let target = file(name)
    try! Data(text.utf8).write(to: URL(fileURLWithPath: target))
    return target
  }

  /// Runs a shell command in the folder (real gzip, cp, mv, as logrotate does it).
  func shell(_ command: String) throws {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/bin/sh")
    process.arguments = ["-c", command]
    process.currentDirectoryURL = URL(fileURLWithPath: path)
    try process.run()
    process.waitUntilExit()
    #expect(process.terminationStatus == 0, "\(command)")
  }

  func append(_ name: String, _ text: String) {
    let handle = FileHandle(forWritingAtPath: file(name))!
    handle.seekToEndOfFile()
    handle.write(Data(text.utf8))
    handle.closeFile()
  }
}

/// A store in a temporary folder with one contract, F2112000371.
func makeStore(_ folder: TemporaryFolder, contracts: [String] = ["F2112000371"]) throws -> Store {
  let store = try Store(path: folder.file("books.sqlite"))
  for code in contracts { try store.addContract(code: code, name: nil, accounts: []) }
  return store
}

let testNow = Instant(seconds: 1_800_000_000)

/// Imports `paths` into `store` and returns the summaries.
func run(_ store: Store, _ paths: [String], _ options: ImportOptions = ImportOptions()) throws
  -> [SourceSummary]
{
  try Importer(store: store, options: options, now: testNow).run(paths: paths).summaries
}
let prague = ReportZone(identifier: "Europe/Prague")!

/// A combined log line for `user` at a Prague wall time like `05/Oct/2026:10:00:00 +0200`.
func logLine(
  _ user: String, _ time: String, method: String = "POST", status: Int = 200, bytes: Int = 1551
) -> String {
  #"10.0.0.5 - \#(user) [\#(time)] "\#(method) /TSS/TSS_user/ HTTP/1.1" \#(status) \#(bytes) "-" "curl/7.88.1""#
    + "\n"
}

func october(_ zone: ReportZone = prague) -> Period {
  Period(from: LocalDate(iso: "2026-10-01")!, through: LocalDate(iso: "2026-10-31")!, zone: zone)
}

extension Store {
  /// Stamps in the books, per user, over a period.
  func stampsByUser(_ period: Period) throws -> [String: Int64] {
    let counts = try stampCounts(
      in: period, grouping: StampGrouping(user: true), filter: AttemptFilter(),
      pieces: Books(self).pieces(zone: period.zone))
    return Dictionary(counts.map { ($0.user!, $0.count) }, uniquingKeysWith: +)
  }

  func totalStamps() throws -> Int64 { try stampTotalsByContract().values.reduce(0, +) }
}

/// A file of the repository, found from this source file's place in it.
func repositoryFile(_ relative: String) -> String {
  let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent()
  return root.appendingPathComponent(relative).standardizedFileURL.path
}

/// What `usage` is asked, for tests that build the report from the books in one call.
struct UsageQuery {
  var period: Period
  var dimensions: [UsageDimension]
  var filters = UsageFilters()
  var language = Language.en
}

extension UsageReport {
  /// The usage report as the command line makes it: the books' summary, then the report.
  static func build(_ query: UsageQuery, store: Store) throws -> Report {
    report(
      try Books(store).usage(
        period: query.period, dimensions: query.dimensions, filters: query.filters),
      language: query.language)
  }
}

extension BalanceReport {
  /// The balance report as the command line makes it.
  static func build(
    store: Store, contractCode: String? = nil, asOf: LocalDate, zone: ReportZone,
    language: Language = .en
  ) throws -> Report {
    build(
      try Books(store).balanceSheet(contractCode: contractCode, asOf: asOf, zone: zone),
      language: language)
  }
}

extension MonthlyReport {
  /// The month's bundle as the command line makes it, with the outline's list and sheets and
  /// the stamps handed out as they are read.
  static func build(
    month first: LocalDate, today: LocalDate, store: Store, zone: ReportZone,
    language: Language = .en, batchSize: Int = 4096,
    stampList: (StampList, MonthlySheets) -> Void = { _, _ in },
    stamps: ([ListedStamp]) throws -> Void = { _ in }
  ) throws -> MonthlyBundle {
    let month = try Books(store).month(
      first, today: today, zone: zone, exactUsersAbove: byUserRowsPerSheet, batchSize: batchSize,
      outline: { outline in
        let (list, sheets) = MonthlyReport.layout(outline, language: language)
        stampList(list, sheets)
      }, stamps: stamps)
    return build(month, language: language)
  }
}
