import Testing

@testable import TSAReport

@Suite struct ReportZoneTests {
  let prague = ReportZone(identifier: "Europe/Prague")!

  private func utc(_ text: String) -> Instant {
    // 2026-09-30T22:30:00Z
    let date = LocalDate(iso: text.prefix(10))!
    let parts = text.dropFirst(11).dropLast().split(separator: ":").map { Int64($0)! }
    return Instant(
      seconds: date.daysSinceEpoch * 86_400 + parts[0] * 3600 + parts[1] * 60 + parts[2])
  }

  @Test func theDaySummerTimeEndsInPragueLasts25Hours() {
    let day = LocalDate(iso: "2026-10-25")!
    let length = prague.startOfDay(day.adding(days: 1)).seconds - prague.startOfDay(day).seconds
    #expect(length == 25 * 3600)
  }

  @Test func theDaySummerTimeStartsInPragueLasts23Hours() {
    let day = LocalDate(iso: "2026-03-29")!
    let length = prague.startOfDay(day.adding(days: 1)).seconds - prague.startOfDay(day).seconds
    #expect(length == 23 * 3600)
  }

  @Test func aStampAt2230UTCOnThirtySeptemberIsFirstOctoberInPrague() {
    #expect(prague.localDate(of: utc("2026-09-30T22:30:00Z")) == LocalDate(iso: "2026-10-01"))
    #expect(prague.localDate(of: utc("2026-09-30T21:59:59Z")) == LocalDate(iso: "2026-09-30"))
    #expect(
      ReportZone.utc.localDate(of: utc("2026-09-30T22:30:00Z")) == LocalDate(iso: "2026-09-30"))
  }

  @Test func octoberInPragueRunsFromPlusTwoToPlusOne() {
    let october = Period(
      from: LocalDate(iso: "2026-10-01")!, through: LocalDate(iso: "2026-10-31")!, zone: prague)
    #expect(october.resolvedDescription == "2026-10-01 00:00 +02:00 … 2026-11-01 00:00 +01:00")
    #expect(october.start == utc("2026-09-30T22:00:00Z"))
    #expect(october.end == utc("2026-10-31T23:00:00Z"))
  }

  @Test func offsetRunsSplitAtTheChangeOfTime() {
    let october = Period(
      from: LocalDate(iso: "2026-10-01")!, through: LocalDate(iso: "2026-10-31")!, zone: prague)
    let runs = prague.constantOffsetRuns(from: october.start, to: october.end)
    #expect(
      runs == [
        OffsetRun(start: october.start, end: utc("2026-10-25T01:00:00Z"), offsetSeconds: 7200),
        OffsetRun(start: utc("2026-10-25T01:00:00Z"), end: october.end, offsetSeconds: 3600),
      ])
  }

  @Test func aZoneWhoseMidnightIsSkippedStartsTheDayAtOneOClock() {
    // Chile moved its clocks from 00:00 to 01:00 on 2026-09-06.
    let santiago = ReportZone(identifier: "America/Santiago")!
    let start = santiago.startOfDay(LocalDate(iso: "2026-09-06")!)
    #expect(santiago.format(start) == "2026-09-06 01:00 -03:00")
  }

  @Test(arguments: ["Prague", "CET", "Europe/Nowhere", ""])
  func onlyIANANamesAreZones(_ name: String) {
    #expect(ReportZone(identifier: name) == nil)
  }
}
