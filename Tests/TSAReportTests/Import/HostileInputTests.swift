import Foundation
import Testing

@testable import TSAAlert
@testable import TSAImport
@testable import TSALedger
@testable import TSAModel
@testable import TSAReport
@testable import TSAStore

/// Bad input gets a clear outcome and never costs what is already stored.
@Suite struct HostileInputTests {
  let folder = TemporaryFolder()

  @Test func anEmptyFileImportsNothingAndSaysSo() throws {
    let store = try makeStore(folder)
    let summary = try run(store, [folder.write("empty.log", "")], ImportOptions(format: .combined))[
      0]
    #expect(summary.lines == 0)
    #expect(summary.newStamps == 0)
  }

  @Test func binaryGarbageAndNULBytesAreMalformedLinesAndTheGoodOnesStay() throws {
    let store = try makeStore(folder)
    var bytes = Array(logLine("alice", "05/Oct/2026:10:00:00 +0200").utf8)
    var random = SeededRandom(seed: 3)
    for _ in 0..<50 {
      bytes +=
        (0..<Int.random(in: 1...300, using: &random)).map { _ in
          UInt8.random(in: 0...255, using: &random)
        }
        .filter { $0 != 0x0A } + [0x0A]
    }
    bytes += Array(
      "10.0.0.5 - bob [05/Oct/2026:10:00:00 +0200] \"POST /\u{0}x HTTP/1.1\" 200 1551\n".utf8)
    bytes += Array(logLine("carol", "05/Oct/2026:11:00:00 +0200").utf8)
    let path = folder.file("garbage.log")
    try Data(bytes).write(to: URL(fileURLWithPath: path))
    // Mostly garbage: refused as a whole unless asked to keep what can be read.
    #expect(throws: ImportError.self) { try run(store, [path], ImportOptions(format: .combined)) }
    #expect(try store.stampsByUser(october()).isEmpty)
    let summary = try run(store, [path], ImportOptions(format: .combined, allowMalformed: true))[0]
    #expect(summary.lines == 53)
    #expect(try store.stampsByUser(october()) == ["alice": 1, "carol": 1])
    // every other line is kept aside as malformed, the one with a NUL byte too
    #expect(summary.malformed == 51)
    #expect(
      try store.malformedLines(sourceContaining: nil).contains {
        $0.reason.hasPrefix("control characters")
      })
  }

  @Test func datesInTheYearsZeroAndNineThousandNineHundredNinetyNineAreKept() throws {
    let store = try makeStore(folder)
    let summary = try run(
      store,
      [
        folder.write(
          "edges.log",
          logLine("a", "01/Jan/0000:00:00:00 +0000") + logLine("b", "31/Dec/9999:23:59:59 +0000"))
      ],
      ImportOptions(format: .combined))[0]
    #expect(summary.newStamps == 2)
    let far = Period(
      from: LocalDate(iso: "9999-12-31")!, through: LocalDate(iso: "9999-12-31")!, zone: .utc)
    #expect(try store.stampsByUser(far) == ["b": 1])
  }

  @Test func aDirectoryWithASymlinkLoopIsWalkedOnce() throws {
    let store = try makeStore(folder)
    try FileManager.default.createDirectory(
      atPath: folder.file("logs/sub"), withIntermediateDirectories: true)
    folder.write("logs/sub/a.log", logLine("alice", "05/Oct/2026:10:00:00 +0200"))
    try FileManager.default.createSymbolicLink(
      atPath: folder.file("logs/sub/loop"), withDestinationPath: folder.file("logs"))
    let summaries = try run(store, [folder.file("logs")])
    #expect(summaries.map(\.path) == [folder.file("logs/sub/a.log")])
    #expect(try store.totalStamps() == 1)
  }

  @Test func sqlInNamesIsStoredAsTextAndRunsNowhere() throws {
    let store = try makeStore(folder)
    let hostile = "x'); DROP TABLE attempt; --"
    let log = folder.write(
      "events.jsonl",
      #"{"time":"2026-10-05T10:00:00Z","user":"\#(hostile)","contract":"F2112000371","id":"1' OR '1'='1"}"#
        + "\n")
    _ = try run(store, [log])
    try store.setUser(name: hostile, displayName: "Robert'); DROP TABLE user;--", costCentre: nil)
    try store.aliasUser("' OR 1=1 --", to: hostile)
    #expect(try store.stampsByUser(october()) == [hostile: 1])
    // The alias names the hostile user, whose one stamp it finds (and nothing else).
    let filtered = try UsageReport.build(
      UsageQuery(
        period: october(), dimensions: [.user], filters: UsageFilters(userName: "' OR 1=1 --")),
      store: store)
    #expect(filtered.table.rows.last?.cells.last == .integer(1))
    #expect(try store.users().contains { $0.displayName == "Robert'); DROP TABLE user;--" })
    #expect(try store.db.prepare("PRAGMA integrity_check").rows { $0.text(0) } == ["ok"])
  }

  @Test func aFailedImportLeavesTheBooksAsTheyWere() throws {
    let store = try makeStore(folder)
    _ = try run(store, [folder.write("good.log", logLine("alice", "05/Oct/2026:10:00:00 +0200"))])
    let bad = folder.write(
      "events.jsonl", #"{"time":"2026-10-05T10:00:00Z","user":"x","contract":"F404"}"# + "\n")
    #expect(throws: ImportError.self) {
      try run(store, [folder.write("more.log", logLine("bob", "06/Oct/2026:10:00:00 +0200")), bad])
    }
    // bob's line was rolled back with the rest
    #expect(try store.stampsByUser(october()) == ["alice": 1])
    #expect(try store.db.prepare("PRAGMA integrity_check").rows { $0.text(0) } == ["ok"])
  }

  /// Books written before the ranges were checked may hold a package valid for 2^63 years, or
  /// of 2^63 stamps at 2^63 haléře: every report still works (read within the ranges input
  /// allows), nothing traps.
  @Test func aPackageValidForEverDoesNotBreakTheReports() throws {
    let store = try makeStore(folder)
    try store.addPackage(
      PackageDraft(contractCode: "F2112000371", stamps: 10, paid: LocalDate(iso: "2026-01-01")))
    try store.addPackage(
      PackageDraft(contractCode: "F2112000371", stamps: 10, paid: LocalDate(iso: "2026-01-01")))
    // …and two packages of 2^63 stamps at a price of 2^63 minor units: their sums would overflow
    try store.db.execute(
      """
      UPDATE package SET valid_years = 9223372036854775807, stamps = 9223372036854775807,
        price_minor = 9223372036854775807, vat_rate_bp = 9223372036854775807
      """)
    _ = try run(store, [folder.write("a.log", logLine("alice", "05/Oct/2026:10:00:00 +0200"))])
    let balances = try Books(store).balances(
      contractCode: nil, asOf: LocalDate(iso: "2026-10-31")!, zone: prague)
    #expect(balances[0].packages[0].package.validUntil == LocalDate(iso: "9999-12-31"))
    #expect(balances[0].remaining == 2 * Store.maxStamps - 1)
    _ = try UsageReport.build(UsageQuery(period: october(), dimensions: [.user]), store: store)
    _ = try MonthlyReport.build(
      month: LocalDate(iso: "2026-10-01")!, today: LocalDate(iso: "2026-11-26")!, store: store,
      zone: prague)
    let alerts = AlertEvaluator.evaluate(
      balances, warning: .defaultWarning, critical: .defaultCritical,
      today: LocalDate(iso: "2026-10-31")!)
    #expect(alerts.count == 1)
  }

  /// A link planted in a log folder (to /etc/shadow, to /dev/zero) is not read by a directory
  /// import, only listed; a link named on the command line is followed.
  @Test func linksAndSpecialFilesInAFolderAreSkippedAndListed() throws {
    let store = try makeStore(folder)
    try FileManager.default.createDirectory(
      atPath: folder.file("logs"), withIntermediateDirectories: true)
    folder.write("logs/a.log", logLine("alice", "05/Oct/2026:10:00:00 +0200"))
    folder.write("elsewhere.log", logLine("bob", "05/Oct/2026:11:00:00 +0200"))
    for (name, target) in [("zero.log", "/dev/zero"), ("linked.log", folder.file("elsewhere.log"))]
    {
      try FileManager.default.createSymbolicLink(
        atPath: folder.file("logs/" + name), withDestinationPath: target)
    }
    let result = try Importer(store: store, options: ImportOptions(), now: testNow).run(
      paths: [folder.file("logs")])
    #expect(result.summaries.map(\.newStamps) == [1])
    #expect(result.notRegular == [folder.file("logs/linked.log"), folder.file("logs/zero.log")])
    let named = try run(store, [folder.file("logs/linked.log")])
    #expect(named.map(\.newStamps) == [1])
  }

  /// A small file can hold millions of empty or broken lines: they are counted, and at most
  /// `keepMalformed` of a source are stored, over all its imports.
  @Test func malformedLinesAreCountedButOnlyAFewAreKept() throws {
    let store = try makeStore(folder)
    let garbage = (0..<30).map { "garbage \($0)\n" }.joined()
    folder.write("junk.log", String(repeating: "\n", count: 5000) + garbage)
    let options = ImportOptions(format: .combined, allowMalformed: true, keepMalformed: 20)
    let first = try run(store, [folder.file("junk.log")], options)[0]
    #expect(first.malformed == 5030)
    #expect(first.notKept == 5010)  // 5 000 empty lines, and 10 past the limit
    folder.append("junk.log", "more garbage\n")
    let grown = try run(store, [folder.file("junk.log")], options)[0]
    #expect(grown.malformed == 1 && grown.notKept == 1)
    #expect(try store.malformedLines(sourceContaining: nil).count == 20)
  }
}
