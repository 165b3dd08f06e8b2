import Foundation
import Testing

@testable import TSAReport

@Suite struct MonthlyReportTests {
  let folder = TemporaryFolder()

  /// The list of stamps is handed out in batches: whatever their size, the rows are the same, in
  /// time order, with the Prague wall time on both sides of the end of summer time, the package
  /// each stamp is drawn from, and one total row at the very end.
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
    let bundle = try MonthlyReport.build(
      month: LocalDate(iso: "2026-10-01")!, store: store, zone: prague)
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
    #expect(bundle.stamps.count == 4)
    for size in [1, 2, 3, 4, 5, 4096] {
      var batches: [[Row]] = []
      bundle.stamps.forEachBatch(of: size) { batches.append($0) }
      #expect(batches.dropLast().allSatisfy { $0.count == size })
      #expect(batches.flatMap { $0 }.map { Array($0.cells.prefix(4)) } == expected)
      #expect(batches.flatMap { $0 }.map(\.role) == [.body, .body, .body, .body, .total])
    }
  }

  @Test func aMonthWithoutStampsListsOnlyTheTotal() throws {
    let store = try makeStore(folder)
    let bundle = try MonthlyReport.build(
      month: LocalDate(iso: "2026-10-01")!, store: store, zone: prague)
    var rows: [Row] = []
    bundle.stamps.forEachBatch { rows += $0 }
    #expect(rows.map(\.role) == [.total])
    #expect(rows.first?.cells.prefix(2) == [.text("Total"), .text("0 stamps")])
  }
}
