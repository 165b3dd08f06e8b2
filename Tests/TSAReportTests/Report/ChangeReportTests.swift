import Foundation
import Testing

@testable import TSAModel
@testable import TSAReport

/// The change log as a report: it is given the whole log (earlier changes name the packages)
/// and lists the period's changes.
@Suite struct ChangeReportTests {
  let zone = ReportZone(identifier: "Europe/Prague")!

  func change(
    _ day: String, _ action: ChangeAction, field: String, old: String? = nil, new: String? = nil
  ) -> ChangeRecord {
    ChangeRecord(
      at: zone.startOfDay(LocalDate(iso: day)!), who: "alice", entity: .package, key: "3",
      action: action, field: field, old: old, new: new)
  }

  var log: [ChangeRecord] {
    [
      change("2026-09-02", .add, field: "contract", new: "F2112000371"),
      change("2026-09-02", .add, field: "price", new: "3630"),
      change("2026-09-02", .add, field: "currency", new: "CZK"),
      change("2026-09-02", .add, field: "ref", new: "FV-2026-0902"),
      change("2026-10-15", .edit, field: "price", old: "3630", new: "3600"),
    ]
  }

  func period(_ month: String) -> (Instant, Instant) {
    let first = LocalDate(iso: month + "-01")!
    return (zone.startOfDay(first), zone.startOfDay(first.adding(months: 1)))
  }

  /// A month with no change of its own says so, although the log has changes in other months.
  @Test func aMonthWithoutChangesSaysSoWhateverTheRestOfTheLog() {
    let (start, end) = period("2026-11")
    let report = ChangeReport.report(
      log, from: start, before: end, zone: zone, language: .cs, moment: end)
    #expect(report.table.rows.isEmpty)
    #expect(report.notes == [Words(.cs)[.noChanges]])
  }

  /// The month's change names its package by what the September log said, and its amounts as
  /// money; the program's values stay plain.
  @Test func aChangeNamesItsPackageFromEarlierChanges() {
    let (start, end) = period("2026-10")
    let report = ChangeReport.report(
      log, from: start, before: end, zone: zone, language: .cs, moment: end)
    #expect(report.notes.isEmpty)
    #expect(report.table.rows.count == 1)
    let cells = report.table.rows[0].cells
    #expect(cells[3] == .term("3", text: "3 (F2112000371, FV-2026-0902)"))
    #expect(cells[6] == .money(3630, currency: "CZK"))
    #expect(cells[7] == .money(3600, currency: "CZK"))
    #expect(Words(.cs).text(cells[7]) == "3 600,00 Kč")
  }
}
