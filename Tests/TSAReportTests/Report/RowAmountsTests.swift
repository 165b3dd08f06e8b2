import Foundation
import Testing

@testable import TSAImport
@testable import TSALedger
@testable import TSAModel
@testable import TSAReport
@testable import TSAStore

/// One amount per set of stamps: a row's base is its exact cost rounded half up, its VAT is
/// worked out on that base, and a "Rounding" line makes the rows add up to the total.
@Suite struct RowAmountsTests {
  let folder = TemporaryFolder()

  /// Books whose stamps cost 1.45 CZK each (a package of 200 for 290 CZK at 21 % VAT): a stamp's
  /// VAT is 0.3045, so a row of one stamp is 1.45 + 0.30 and rows of three 4.35 + 0.91.
  func books(_ stampsPerUser: [String: Int]) throws -> Store {
    let store = try makeStore(folder)
    try store.addPackage(
      PackageDraft(
        contractCode: "F2112000371", stamps: 200, price: 290, vatRate: 21,
        paid: LocalDate(iso: "2026-09-01")))
    var lines: [String] = []
    var second = 0
    for (user, count) in stampsPerUser.sorted(by: { $0.key < $1.key }) {
      for _ in 0..<count {
        lines.append(
          logLine(
            user,
            "05/Oct/2026:10:\(second / 60 < 10 ? "0" : "")\(second / 60):\(second % 60 < 10 ? "0" : "")\(second % 60) +0200"
          ))
        second += 1
      }
    }
    let log = folder.write("access.log", lines.joined())
    _ = try Importer(store: store, options: ImportOptions(), now: testNow).run(paths: [log])
    try store.setUser(name: "u1", displayName: nil, costCentre: "C1")
    try store.setUser(name: "u2", displayName: nil, costCentre: "C1")
    return store
  }

  func money(_ cell: Cell) -> Decimal? {
    if case .money(let amount, _) = cell { amount } else { nil }
  }

  func round(_ value: Decimal) -> Decimal { Money.rounded(value, currency: "CZK") }

  /// Every row's VAT is round(base × 21 %) and its total base + VAT; the rows and the rounding
  /// line add up to the total in each column, and the total is the exact cost rounded.
  @Test func eachRowIsRoundedOnItsOwnAndTheRoundingLineMakesUpTheTotal() throws {
    // Eleven users of one stamp each: 11 × 0.3045 = 3.3495 → 3.35, the rows' 0.30 each = 3.30.
    let store = try books(Dictionary(uniqueKeysWithValues: (1...11).map { ("u\($0)", 1) }))
    let report = try UsageReport.build(
      UsageQuery(period: october(), dimensions: [.user]), store: store)
    let rows = report.table.rows
    let body = rows.filter { $0.role == .body }
    #expect(body.count == 11)
    for row in body {
      let (base, vat, total) = (money(row.cells[2])!, money(row.cells[3])!, money(row.cells[4])!)
      #expect(base == Decimal(string: "1.45")!)
      #expect(vat == round(base * 21 / 100))
      #expect(total == base + vat)
    }
    let rounding = try #require(rows.first { $0.role == .rounding })
    let total = try #require(rows.last)
    #expect(total.role == .total && rows[rows.count - 2].role == .rounding)
    #expect(rounding.cells[0] == .term("rounding", text: "Rounding"))
    for column in 2...4 {
      let sum = body.reduce(Decimal(0)) { $0 + money($1.cells[column])! }
      #expect(sum + money(rounding.cells[column])! == money(total.cells[column])!)
    }
    // The total is the exact cost rounded: 11 × 1.45 = 15.95; VAT 15.95 × 21 % = 3.3495 → 3.35.
    #expect(money(total.cells[2]) == Decimal(string: "15.95"))
    #expect(money(total.cells[3]) == Decimal(string: "3.35"))
    #expect(money(rounding.cells[3]) == Decimal(string: "0.05"))
  }

  /// A user's stamps carry one amount in every table where they are one row: by user, by cost
  /// centre and user, and the month's By user and By cost centre sheets.
  @Test func aUsersStampsHaveOneAmountInEveryTable() throws {
    let store = try books(["u1": 3, "u2": 1, "u3": 7])
    let byUser = try UsageReport.build(
      UsageQuery(period: october(), dimensions: [.user]), store: store)
    let byCentre = try UsageReport.build(
      UsageQuery(period: october(), dimensions: [.costCentre, .user]), store: store)
    let month = try MonthlyReport.build(
      month: LocalDate(iso: "2026-10-01")!, today: LocalDate(iso: "2026-11-26")!, store: store,
      zone: prague)
    func amounts(_ report: Report, user: String) -> [Decimal] {
      let row = report.table.rows.first { row in
        row.role == .body && row.cells.contains(.text(user))
      }!
      return row.cells.compactMap(money)
    }
    for user in ["u1", "u2", "u3"] {
      #expect(amounts(byUser, user: user) == amounts(byCentre, user: user))
      #expect(amounts(byUser, user: user) == amounts(month.byUser, user: user))
      #expect(amounts(byUser, user: user) == amounts(month.byCentre, user: user))
    }
    // Three stamps: 4.35 + round(4.35 × 21 %) = 0.9135 → 0.91; seven: 10.15 + 2.13.
    #expect(amounts(byUser, user: "u1") == [4.35, 0.91, 5.26].map { Decimal(string: "\($0)")! })
    #expect(amounts(byUser, user: "u3") == [10.15, 2.13, 12.28].map { Decimal(string: "\($0)")! })
  }

  /// Rows that add up to the total need no rounding line.
  @Test func noRoundingLineWhereTheRowsAddUp() throws {
    let store = try books(["u1": 2, "u2": 2])
    let report = try UsageReport.build(
      UsageQuery(period: october(), dimensions: [.user]), store: store)
    #expect(!report.table.rows.contains { $0.role == .rounding })
  }

  /// The month's Summary: two contracts of one 1.45 CZK stamp each have VAT 0.30 each, their
  /// total 2.90 has 0.61: the rounding line (0.01) sits under the cost columns, every row as wide
  /// as the header (the stamp and value columns empty on the rounding line).
  @Test func theSummarysRoundingLineSitsUnderTheCosts() throws {
    let store = try makeStore(folder, contracts: ["F1", "F2"])
    for code in ["F1", "F2"] {
      try store.addPackage(
        PackageDraft(
          contractCode: code, stamps: 200, price: 290, vatRate: 21,
          paid: LocalDate(iso: "2026-09-01")))
      // Lines of their own: a second file of the same line would be the same source.
      let log = folder.write(
        "\(code).log", logLine("user-\(code)", "05/Oct/2026:10:00:00 +0200"))
      _ = try Importer(store: store, options: ImportOptions(contractCode: code), now: testNow)
        .run(paths: [log])
    }
    let summary = try MonthlyReport.build(
      month: LocalDate(iso: "2026-10-01")!, today: LocalDate(iso: "2026-11-26")!, store: store,
      zone: prague
    ).summary
    let width = summary.table.columns.count
    #expect(summary.table.rows.allSatisfy { $0.cells.count == width })
    let rounding = try #require(summary.table.rows.first { $0.role == .rounding })
    let vat = try #require(summary.table.columns.firstIndex { $0.key == "vat" })
    #expect(rounding.cells[vat] == .money(Decimal(string: "0.01")!, currency: "CZK"))
    #expect(rounding.cells[1..<(vat - 1)].allSatisfy { $0 == .empty })
  }
}
