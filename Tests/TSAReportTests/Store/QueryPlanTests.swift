import Foundation
import Testing

@testable import TSAImport
@testable import TSALedger
@testable import TSAModel
@testable import TSAReport
@testable import TSAStore

/// The reports read a period's stamps by the table's key, through the runs of ids that
/// `attempt_span` names, never by scanning every attempt: what keeps them fast on ten million
/// stamps with no index on the attempts (`make bench`).
@Suite struct QueryPlanTests {
  let folder = TemporaryFolder()

  @Test func noReportScansTheWholeTableOfAttempts() throws {
    let store = try makeStore(folder, contracts: ["F1", "F2"])
    try store.addPackage(
      PackageDraft(contractCode: "F1", stamps: 5, price: 10, paid: LocalDate(iso: "2026-09-01")))
    try store.addPackage(PackageDraft(contractCode: "F2", stamps: 5, paid: nil))
    let log = folder.write(
      "access.log",
      (1...40).map { day in
        logLine("user\(day % 3)", String(format: "%02d/Oct/2026:10:00:00 +0200", day % 28 + 1))
      }.joined())
    _ = try run(store, [log], ImportOptions(contractCode: "F1"))
    _ = try run(store, [repositoryFile("Tests/Fixtures/tokens")], ImportOptions(contractCode: "F2"))

    try store.setUser(name: "user1", displayName: "User One", costCentre: "CC-1")
    store.db.queryPlans = []
    for dimensions: [TSALedger.UsageDimension] in [
      [.day], [.week], [.month], [.contract], [.user, .costCentre], [.package], [.source],
      [.endpoint],
    ] {
      _ = try UsageReport.build(UsageQuery(period: october(), dimensions: dimensions), store: store)
    }
    _ = try BalanceReport.build(store: store, asOf: LocalDate(iso: "2026-10-31")!, zone: prague)
    _ = try MonthlyReport.build(
      month: LocalDate(iso: "2026-10-01")!, today: LocalDate(iso: "2026-11-26")!, store: store,
      zone: prague)
    _ = try UsageReport.build(
      UsageQuery(
        period: october(), dimensions: [.user],
        filters: UsageFilters(contractCode: "F1", userName: "User One", costCentre: "CC-1")),
      store: store)
    _ = try Books(store).reconcile(
      contractCode: "F1", providerUsed: 5, end: october().end, zone: prague)
    let plans = store.db.queryPlans ?? []
    #expect(plans.filter { $0.sql.contains("FROM attempt") }.count > 10)
    // The tables that grow with the logs (`a` is attempt's alias) are searched by key or index,
    // never scanned, not even through an index.
    let growing = ["attempt", "a", "malformed_line", "attempt_span", "stamp_quarter"]
    for (sql, plan) in plans {
      for line in plan where growing.contains(where: { line.hasPrefix("SCAN \($0)") }) {
        let words = line.split(separator: " ")
        #expect(!growing.contains(String(words[1])), "\(line) in: \(sql)")
      }
    }
  }
}
