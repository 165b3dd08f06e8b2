import Testing

@testable import TSAModel
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
    #expect(Words(.en).instant(october.start, in: prague) == "2026-10-01 00:00 +02:00")
    #expect(Words(.en).instant(october.end, in: prague) == "2026-11-01 00:00 +01:00")
    // Said as an accountant writes a period: its first and last day.
    #expect(Words(.en).interval(october) == "2026-10-01 – 2026-10-31")
    #expect(Words(.cs).interval(october) == "1. 10. 2026 – 31. 10. 2026")
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

@Suite struct PeriodParsingTests {
  // "Now" is 2026-11-25 12:00 UTC.
  let now = Instant(seconds: LocalDate(iso: "2026-11-25")!.daysSinceEpoch * 86_400 + 12 * 3600)
  let prague = ReportZone(identifier: "Europe/Prague")!

  @Test(arguments: [
    ("2026-10", "2026-10-01", "2026-10-31"), ("2026-Q4", "2026-10-01", "2026-12-31"),
    ("2026-q1", "2026-01-01", "2026-03-31"), ("2026", "2026-01-01", "2026-12-31"),
    ("2026-10-05", "2026-10-05", "2026-10-05"), ("this month", "2026-11-01", "2026-11-30"),
    ("last month", "2026-10-01", "2026-10-31"), ("this quarter", "2026-10-01", "2026-12-31"),
    ("last quarter", "2026-07-01", "2026-09-30"), ("this year", "2026-01-01", "2026-12-31"),
    ("last year", "2025-01-01", "2025-12-31"), ("2024-02", "2024-02-01", "2024-02-29"),
  ])
  func periodsResolveToWholeLocalDays(_ text: String, _ first: String, _ last: String) throws {
    let period = try #require(Period.parse(text, now: now, zone: prague))
    #expect(period.firstDay == LocalDate(iso: first))
    #expect(period.lastDay == LocalDate(iso: last))
  }

  @Test(arguments: ["2026-13", "2026-Q5", "26-10", "next month", "", "2026-10-32", "2026-W43"])
  func whatIsNotAPeriodIsRefused(_ text: String) {
    #expect(Period.parse(text, now: now, zone: prague) == nil)
  }

  @Test func lastMonthInJanuaryIsDecember() {
    let january = Instant(seconds: LocalDate(iso: "2027-01-10")!.daysSinceEpoch * 86_400)
    #expect(
      Period.parse("last month", now: january, zone: prague)?.firstDay
        == LocalDate(iso: "2026-12-01"))
    #expect(
      Period.parse("last quarter", now: january, zone: prague)?.firstDay
        == LocalDate(iso: "2026-10-01"))
  }
}
