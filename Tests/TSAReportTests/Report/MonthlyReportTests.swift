import Foundation
import Testing

@testable import TSAReport

@Suite struct MonthlyReportTests {
  let folder = TemporaryFolder()

  /// The stamps are handed out in batches as they are read: whatever their size, the rows are
  /// the same, in time order, with the Prague wall time on both sides of the end of summer time
  /// (each batch finds its own offset), and the package each stamp is drawn from.
  @Test func theListOfStampsIsTheSameInBatchesOfAnySize() throws {
    let store = try makeStore(folder)
    try store.addPackage(
      PackageDraft(
        contractCode: "F2112000371", stamps: 2, price: 10, paid: LocalDate(iso: "2026-09-01")))
    let log = folder.write(
      "access.log",
      [
        logLine("alice", "30/Sep/2026:23:59:59 +0200"),  // September: not listed, stamp 1 of 2
        logLine("bob", "01/Oct/2026:00:00:00 +0200"),  // stamp 2 of 2
        logLine("alice", "25/Oct/2026:02:30:00 +0200"),  // unfunded from here on
        logLine("carol", "25/Oct/2026:02:30:00 +0100"),  // the repeated hour
        logLine("alice", "31/Oct/2026:23:59:59 +0100"),
        logLine("bob", "01/Nov/2026:00:00:00 +0100"),  // November: not listed
      ].joined())
    _ = try run(store, [log])
    func at(_ date: String, _ hour: Int, _ minute: Int, _ second: Int) -> Cell {
      .dateTime(LocalDate(iso: date)!, secondOfDay: hour * 3600 + minute * 60 + second)
    }
    let expected: [[Cell]] = [
      [at("2026-10-01", 0, 0, 0), .text("bob"), .text("F2112000371"), .integer(1)],
      [at("2026-10-25", 2, 30, 0), .text("alice"), .text("F2112000371"), .text("unfunded")],
      [at("2026-10-25", 2, 30, 0), .text("carol"), .text("F2112000371"), .text("unfunded")],
      [at("2026-10-31", 23, 59, 59), .text("alice"), .text("F2112000371"), .text("unfunded")],
      [.text("Total"), .text("4 stamps"), .empty, .empty],
    ]
    for size in [1, 2, 3, 4, 5, 4096] {
      var listed: StampList?
      var batches: [[ListedStamp]] = []
      let bundle = try MonthlyReport.build(
        month: LocalDate(iso: "2026-10-01")!, today: LocalDate(iso: "2026-11-26")!, store: store,
        zone: prague, batchSize: size,
        stampList: { listed = $0 }, stamps: { batches.append($0) })
      #expect(listed?.count == 4)
      #expect(bundle.stamps.count == 4)
      #expect(batches.dropLast().allSatisfy { $0.count == size })
      let rows = batches.flatMap { bundle.stamps.rows($0) } + [bundle.stamps.totalRow]
      #expect(rows.map { Array($0.cells.prefix(4)) } == expected)
      #expect(rows.map(\.role) == [.body, .body, .body, .body, .total])
    }
  }

  @Test func aMonthWithoutStampsListsOnlyTheTotal() throws {
    let store = try makeStore(folder)
    var batches = 0
    let bundle = try MonthlyReport.build(
      month: LocalDate(iso: "2026-10-01")!, today: LocalDate(iso: "2026-11-26")!, store: store,
      zone: prague, stamps: { _ in batches += 1 })
    #expect(batches == 0)
    #expect(bundle.stamps.count == 0)
    #expect(bundle.stamps.totalRow.cells.prefix(2) == [.text("Total"), .text("0 stamps")])
  }
}
