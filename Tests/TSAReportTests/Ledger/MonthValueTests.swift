import Foundation
import Testing

@testable import TSAImport
@testable import TSALedger
@testable import TSAModel
@testable import TSAReport
@testable import TSAStore

/// The month's equation in money: unused paid stamps at the start + packages paid − stamps used
/// − stamps expired = unused paid stamps at the end, to the haléř, and each month's closing is
/// the next month's opening.
@Suite struct MonthValueTests {
  let folder = TemporaryFolder()

  /// Package 1: 200 stamps for 290 CZK (1.45 each), paid in January, valid until 15 October.
  /// Package 2: 150 stamps for 599 CZK (3.99333… each), paid on 10 October. Stamps: 50 in
  /// September and 30 on 1–9 October (package 1), 40 after 16 October and 20 in November
  /// (package 2); package 1 expires with 120 unused.
  func books() throws -> Store {
    let store = try makeStore(folder)
    try store.addPackage(
      PackageDraft(
        contractCode: "F2112000371", stamps: 200, price: 290, vatRate: 21,
        paid: LocalDate(iso: "2026-01-05"), validUntil: LocalDate(iso: "2026-10-15")))
    try store.addPackage(
      PackageDraft(
        contractCode: "F2112000371", stamps: 150, price: 599, vatRate: 21,
        paid: LocalDate(iso: "2026-10-10")))
    var lines: [String] = []
    func stamps(_ count: Int, from day: Int, month: Int) {
      for n in 0..<count {
        let time = String(
          format: "2026-%02d-%02dT%02d:%02d:00+02:00", month, day + n % 5, 8 + n / 60, n % 60)
        lines.append(#"{"time":"\#(time)","user":"alice"}"# + "\n")
      }
    }
    stamps(50, from: 1, month: 9)
    stamps(30, from: 1, month: 10)
    stamps(40, from: 17, month: 10)
    stamps(20, from: 2, month: 11)
    _ = try Importer(store: store, options: ImportOptions(), now: testNow)
      .run(paths: [folder.write("events.jsonl", lines.joined())])
    return store
  }

  func month(_ store: Store, _ first: String) throws -> MonthlySummary {
    try MonthlyReport.build(
      month: LocalDate(iso: first)!, today: LocalDate(iso: "2026-12-02")!, store: store,
      zone: prague
    ).facts
  }

  func decimal(_ text: String) -> Decimal { Decimal(string: text)! }

  @Test func theEquationHoldsInMoneyAndOneMonthClosesWhereTheNextOpens() throws {
    let store = try books()
    let september = try month(store, "2026-09-01")
    let october = try month(store, "2026-10-01")
    let november = try month(store, "2026-11-01")
    #expect(october.valueCurrency == "CZK")
    for summary in [september, october, november] {
      #expect(summary.contracts.allSatisfy { $0.balances })
      #expect(summary.total.value?.balances == true)
    }
    let sep = try #require(september.total.value)
    let oct = try #require(october.total.value)
    let nov = try #require(november.total.value)
    // September: 290 at the start; 50 stamps used = 72.50; 217.50 left.
    #expect(
      [sep.opening, sep.purchased, sep.used, sep.expired, sep.closing]
        == ["290", "0", "72.5", "0", "217.5"].map(decimal))
    // October: package 2 bought (599); used 30 × 1.45 = 43.50 and 40 of package 2, worth
    // round(599 × 40 ÷ 150) = 159.73; package 1's 120 unused written off (290 − 116 = 174.00);
    // 599 − 159.73 = 439.27 left.
    #expect(
      [oct.opening, oct.purchased, oct.used, oct.expired, oct.closing]
        == ["217.5", "599", "203.23", "174", "439.27"].map(decimal))
    // November: 20 more of package 2: round(599 × 60 ÷ 150) − 159.73 = 239.60 − 159.73 = 79.87.
    #expect([nov.opening, nov.used, nov.closing] == ["439.27", "79.87", "359.4"].map(decimal))
    #expect(sep.closing == oct.opening && oct.closing == nov.opening)
  }

  /// The Summary's machine columns carry the values, and its stamps columns are as before.
  @Test func theSummaryHasTheValueColumns() throws {
    let store = try books()
    let bundle = try MonthlyReport.build(
      month: LocalDate(iso: "2026-10-01")!, today: LocalDate(iso: "2026-12-02")!, store: store,
      zone: prague)
    #expect(
      bundle.summary.table.columns.map(\.key) == [
        "contract", "opening", "purchased", "used", "expired", "adjustments", "closing",
        "unfunded", "opening_value", "purchased_value", "used_value", "expired_value",
        "adjustment_value", "closing_value",
        "cost_excl_vat", "vat", "cost_incl_vat",
      ])
    let total = try #require(bundle.summary.table.rows.last)
    #expect(
      total.cells[8...13].map { cell -> Decimal? in
        if case .money(let amount, _) = cell { amount } else { nil }
      } == ["217.5", "599", "203.23", "174", "0", "439.27"].map(decimal))
  }

  /// `balance` values every paid package so that used + left + expired = its price, at any day
  /// (an unpaid one holds no prepaid value):
  /// package 1 expired on 15 October with 120 unused (80 used: 116.00, 174.00 written off),
  /// package 2 at the end of October with 40 used (40 × 599 ÷ 150 = 159.73, 439.27 left).
  @Test func theBalanceValuesAddUpToEachPackagesPrice() throws {
    let store = try books()
    for day in ["2026-09-30", "2026-10-15", "2026-10-31", "2026-11-30"] {
      let balances = try Books(store).balances(
        contractCode: nil, asOf: LocalDate(iso: day)!, zone: prague)
      for item in balances.flatMap(\.packages) {
        // Not paid yet (package 2 on 30 September): nothing prepaid to value.
        if item.status == .unpaid {
          #expect(item.remainingValue == nil && item.expiredValue == nil)
          continue
        }
        let parts = [item.usedValue, item.remainingValue, item.expiredValue].compactMap { $0 }
        #expect(parts.count == 3 && parts.reduce(0, +) == item.package.price, "\(day): \(item)")
      }
    }
    let october = try Books(store).balances(
      contractCode: nil, asOf: LocalDate(iso: "2026-10-31")!, zone: prague)[0]
    let values = try #require(october.values)
    #expect(values.used == decimal("116") + decimal("159.73"))
    #expect(values.remaining == decimal("439.27"))
    #expect(values.expired == decimal("174"))
  }
}
