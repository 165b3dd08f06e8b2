import Foundation
import Testing

@testable import TSAImport
@testable import TSAModel
@testable import TSAReport
@testable import TSAStore

@Suite struct UsageReportTests {
  let folder = TemporaryFolder()

  /// A store holding these log lines.
  func store(_ lines: [String], contracts: [String] = ["F2112000371"], contract: String? = nil)
    throws -> Store
  {
    let store = try makeStore(folder, contracts: contracts)
    let log = folder.write("access-\(UUID().uuidString).log", lines.joined())
    _ = try Importer(store: store, options: ImportOptions(contractCode: contract), now: testNow)
      .run(paths: [log])
    return store
  }

  func rows(_ report: Report) -> [[Cell]] { report.table.rows.map(\.cells) }

  @Test func daysFollowPragueMidnightAcrossTheEndOfSummerTime() throws {
    let store = try store([
      logLine("alice", "24/Oct/2026:23:59:59 +0200"),
      logLine("alice", "25/Oct/2026:00:00:00 +0200"),
      logLine("alice", "25/Oct/2026:02:30:00 +0200"),
      logLine("alice", "25/Oct/2026:02:30:00 +0100"),  // the repeated hour
      logLine("alice", "25/Oct/2026:23:59:59 +0100"),
      logLine("alice", "26/Oct/2026:00:00:00 +0100"),
    ])
    let report = try UsageReport.build(
      UsageQuery(period: october(), dimensions: [.day]), store: store)
    #expect(
      rows(report) == [
        [.date(LocalDate(iso: "2026-10-24")!), .integer(1)],
        [.date(LocalDate(iso: "2026-10-25")!), .integer(4)],
        [.date(LocalDate(iso: "2026-10-26")!), .integer(1)],
        [.term("total", text: "Total"), .integer(6)],
      ])
  }

  @Test func aStampJustAfterLocalMidnightBelongsToTheNextMonth() throws {
    // 22:30 UTC on 30 September is 00:30 on 1 October in Prague.
    let store = try store([
      logLine("alice", "30/Sep/2026:22:30:00 +0000"),
      logLine("bob", "30/Sep/2026:21:59:59 +0000"),
    ])
    let inPrague = try UsageReport.build(
      UsageQuery(
        period: Period(
          from: LocalDate(iso: "2026-09-01")!, through: LocalDate(iso: "2026-10-31")!, zone: prague),
        dimensions: [.month, .user]),
      store: store)
    #expect(
      rows(inPrague) == [
        [.text("2026-09"), .text("bob"), .integer(1)],
        [.text("2026-10"), .text("alice"), .integer(1)],
        [.term("total", text: "Total"), .empty, .integer(2)],
      ])
    let inUTC = try UsageReport.build(
      UsageQuery(period: october(.utc), dimensions: [.user]), store: store)
    #expect(rows(inUTC) == [[.term("total", text: "Total"), .integer(0)]])
  }

  @Test func aStampAt2330UTCOnTheLastDayOfAMonthBelongsToTheNextLocalMonth() throws {
    let store = try store([
      logLine("alice", "31/Oct/2026:23:30:00 +0000"),  // 00:30 on 1 November in Prague
      logLine("bob", "31/Oct/2026:22:59:59 +0000"),  // 23:59:59 on 31 October in Prague
    ])
    let autumn = Period(
      from: LocalDate(iso: "2026-10-01")!, through: LocalDate(iso: "2026-11-30")!, zone: prague)
    let report = try UsageReport.build(
      UsageQuery(period: autumn, dimensions: [.month, .user]), store: store)
    #expect(
      rows(report) == [
        [.text("2026-10"), .text("bob"), .integer(1)],
        [.text("2026-11"), .text("alice"), .integer(1)],
        [.term("total", text: "Total"), .empty, .integer(2)],
      ])
  }

  @Test func theIntervalIncludesBothDaysAndNothingOutside() throws {
    let store = try store([
      logLine("alice", "30/Sep/2026:23:59:59 +0200"),
      logLine("alice", "01/Oct/2026:00:00:00 +0200"),
      logLine("alice", "31/Oct/2026:23:59:59 +0100"),
      logLine("alice", "01/Nov/2026:00:00:00 +0100"),
    ])
    let report = try UsageReport.build(UsageQuery(period: october(), dimensions: []), store: store)
    #expect(
      rows(report) == [
        [.term("all_stamps", text: "all stamps"), .integer(2)],
        [.term("total", text: "Total"), .integer(2)],
      ])
    #expect(report.facts.first?.value == "2026-10-01 – 2026-10-31")
  }

  @Test func unbilledRequestsAreCountedNotBilled() throws {
    let store = try store([
      logLine("alice", "05/Oct/2026:10:00:00 +0200"),
      logLine("bob", "05/Oct/2026:10:00:00 +0200", bytes: 57),
      logLine("bob", "05/Oct/2026:10:00:01 +0200", status: 401, bytes: 179),
      logLine("bob", "05/Oct/2026:10:00:02 +0200", method: "GET", bytes: 17),
      logLine("bob", "05/Oct/2026:10:00:03 +0200", status: 502, bytes: 157),
      #"10.0.0.5 - bob [05/Oct/2026:10:00:04 +0200] "POST"# + "\n",
    ])
    let report = try UsageReport.build(
      UsageQuery(period: october(), dimensions: [.user]), store: store)
    #expect(
      rows(report) == [
        [.text("alice"), .integer(1)], [.term("total", text: "Total"), .integer(1)],
      ])
    #expect(
      report.notes.first
        == "Seen but not billed: 1 rejected by TSA · 1 auth failure · 1 probe · 1 error · 1 malformed"
    )
  }

  @Test func filtersNarrowToAContractOrAUser() throws {
    let store = try makeStore(folder, contracts: ["F1", "F2"])
    for (code, user, hour) in [("F1", "alice", 10), ("F2", "alice", 11), ("F2", "bob", 12)] {
      let log = folder.write(
        "\(code)-\(user).log", logLine(user, "05/Oct/2026:\(hour):00:00 +0200"))
      _ = try Importer(store: store, options: ImportOptions(contractCode: code), now: testNow).run(
        paths: [log])
    }
    let byContract = try UsageReport.build(
      UsageQuery(period: october(), dimensions: [.contract, .user]), store: store)
    #expect(
      rows(byContract) == [
        [.text("F1"), .text("alice"), .integer(1)], [.text("F2"), .text("alice"), .integer(1)],
        [.text("F2"), .text("bob"), .integer(1)],
        [.term("total", text: "Total"), .empty, .integer(3)],
      ])
    let f2 = try UsageReport.build(
      UsageQuery(
        period: october(), dimensions: [.user], filters: UsageFilters(contractCode: "F2")),
      store: store)
    #expect(rows(f2).last == [.term("total", text: "Total"), .integer(2)])
    let bob = try UsageReport.build(
      UsageQuery(period: october(), dimensions: [], filters: UsageFilters(userName: "bob")),
      store: store)
    #expect(
      rows(bob) == [
        [.term("all_stamps", text: "all stamps"), .integer(1)],
        [.term("total", text: "Total"), .integer(1)],
      ])
    #expect(throws: StoreError.unknownUser(name: "bbo", nearest: ["alice", "bob"].reversed())) {
      try UsageReport.build(
        UsageQuery(period: october(), dimensions: [], filters: UsageFilters(userName: "bbo")),
        store: store)
    }
    #expect(throws: StoreError.unknownContract(code: "F9", known: ["F1", "F2"])) {
      try UsageReport.build(
        UsageQuery(period: october(), dimensions: [], filters: UsageFilters(contractCode: "F9")),
        store: store)
    }
  }

  @Test func weeksQuartersAndYearsRollUpLocalDays() throws {
    let store = try store([
      logLine("alice", "25/Oct/2026:12:00:00 +0100"),  // Sunday of week 43
      logLine("alice", "26/Oct/2026:12:00:00 +0100"),  // Monday of week 44
    ])
    let weeks = try UsageReport.build(
      UsageQuery(period: october(), dimensions: [.week]), store: store)
    #expect(
      rows(weeks).dropLast() == [
        [.text("2026-W43"), .integer(1)], [.text("2026-W44"), .integer(1)],
      ])
    let quarter = try UsageReport.build(
      UsageQuery(period: october(), dimensions: [.year, .quarter]), store: store)
    #expect(rows(quarter).dropLast() == [[.text("2026"), .text("2026-Q4"), .integer(2)]])
  }
}
