import Foundation
import Testing

@testable import TSAImport
@testable import TSAModel
@testable import TSAReport
@testable import TSAStore

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
    // The repeated autumn hour's two 02:30 are told apart by their offsets (shown only where
    // the local time alone is ambiguous).
    let unfunded = Cell.term("unfunded", text: "unfunded")
    let expected: [[Cell]] = [
      [
        at("2026-10-01", 0, 0, 0), .empty, .text("bob"), .text("F2112000371"),
        .integer(1),
      ],
      [
        at("2026-10-25", 2, 30, 0), .text("UTC+02:00"), .text("alice"), .text("F2112000371"),
        unfunded,
      ],
      [
        at("2026-10-25", 2, 30, 0), .text("UTC+01:00"), .text("carol"), .text("F2112000371"),
        unfunded,
      ],
      [
        at("2026-10-31", 23, 59, 59), .empty, .text("alice"), .text("F2112000371"),
        unfunded,
      ],
      [.term("total", text: "Total"), .empty, .term("4", text: "4 stamps"), .empty, .empty],
    ]
    for size in [1, 2, 3, 4, 5, 4096] {
      var listed: StampList?
      var batches: [[ListedStamp]] = []
      let bundle = try MonthlyReport.build(
        month: LocalDate(iso: "2026-10-01")!, today: LocalDate(iso: "2026-11-26")!, store: store,
        zone: prague, batchSize: size,
        stampList: { list, _ in listed = list }, stamps: { batches.append($0) })
      #expect(listed?.count == 4)
      #expect(bundle.stamps.count == 4)
      #expect(batches.dropLast().allSatisfy { $0.count == size })
      let rows = batches.flatMap { bundle.stamps.rows($0) } + [bundle.stamps.totalRow]
      #expect(rows.map { Array($0.cells.prefix(5)) } == expected)
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
    #expect(
      bundle.stamps.totalRow.cells.prefix(3) == [
        .term("total", text: "Total"), .empty, .term("0", text: "0 stamps"),
      ])
  }

  /// The summary's costs come from the typed usage by contract, whatever the language (the
  /// Czech bundle once lost them matching translated column names); the packages ordered after
  /// the month are not in its books.
  @Test func theSummaryHoldsEveryContractsCostsInEitherLanguage() throws {
    let store = try makeStore(folder, contracts: ["F1", "F2"])
    try store.addPackage(
      PackageDraft(
        contractCode: "F1", stamps: 200, price: 847, vatRate: 21,
        paid: LocalDate(iso: "2026-09-01")))
    try store.addPackage(
      PackageDraft(
        contractCode: "F2", stamps: 3, price: 10, paid: LocalDate(iso: "2026-10-10")))
    try store.addPackage(
      PackageDraft(
        contractCode: "F2", stamps: 100, price: 500, ordered: LocalDate(iso: "2026-11-02")))
    for (code, user) in [("F1", "alice"), ("F1", "bob"), ("F2", "carol")] {
      let log = folder.write("\(code)-\(user).log", logLine(user, "15/Oct/2026:10:00:00 +0200"))
      _ = try run(store, [log], ImportOptions(contractCode: code))
    }
    var summaries: [[[Cell]]] = []
    for language in Language.allCases {
      let bundle = try MonthlyReport.build(
        month: LocalDate(iso: "2026-10-01")!, today: LocalDate(iso: "2026-11-26")!, store: store,
        zone: prague, language: language)
      #expect(bundle.facts.contracts.allSatisfy { $0.balances })
      #expect(bundle.facts.state == .complete)
      #expect(bundle.packages.table.rows.filter { $0.role == .body }.count == 2)
      summaries.append(bundle.summary.table.rows.map { Array($0.cells.dropFirst()) })
    }
    let money = { (amount: String) in Cell.money(Decimal(string: amount)!, currency: "CZK") }
    // F1: two stamps at 847/200 = 4.235 (+21 % VAT); F2: one at 10/3, no VAT rate. The values
    // (opening, purchased, used, expired, adjustments, closing): F1's package worth 847 at the
    // start, two stamps 8.47, 838.53 left; F2's package of 10 bought, one stamp round(10/3) =
    // 3.33, 6.67 left. No month is closed: no adjustments.
    let none = [Cell.integer(0)]
    #expect(
      summaries[0] == [
        [.integer(200), .integer(0), .integer(2), .integer(0)] + none
          + [.integer(198), .integer(0)]
          + [money("847"), money("0"), money("8.47"), money("0"), money("0"), money("838.53")]
          + [money("8.47"), money("1.78"), money("10.25")],
        [.integer(0), .integer(3), .integer(1), .integer(0)] + none + [.integer(2), .integer(0)]
          + [money("0"), money("10"), money("3.33"), money("0"), money("0"), money("6.67")]
          + [money("3.33"), money("0"), money("3.33")],
        [.integer(200), .integer(3), .integer(3), .integer(0)] + none
          + [.integer(200), .integer(0)]
          + [money("847"), money("10"), money("11.80"), money("0"), money("0"), money("845.20")]
          + [money("11.80"), money("1.78"), money("13.58")],
      ])
    #expect(summaries[1] == summaries[0])
  }
}
