import Testing

@testable import TSALedger
@testable import TSAModel

@Suite struct LocalDateTests {
  @Test func daysSinceEpochRoundTripsOverFourCenturies() {
    for days in stride(from: Int64(-146_097), through: 146_097 * 2, by: 37) {
      #expect(LocalDate(daysSinceEpoch: days).daysSinceEpoch == days)
    }
  }

  @Test func knownDatesHaveKnownDayNumbers() {
    #expect(LocalDate(year: 1970, month: 1, day: 1)!.daysSinceEpoch == 0)
    #expect(LocalDate(year: 2000, month: 3, day: 1)!.daysSinceEpoch == 11_017)
    #expect(LocalDate(year: 2026, month: 10, day: 25)!.daysSinceEpoch == 20_751)
  }

  @Test(arguments: [
    "2026-02-30", "2026-13-01", "26-10-01", "2026-1-01", "2026/10/01", "", "２０２６-10-01",
  ])
  func rejectsWhatIsNotADate(_ text: String) {
    #expect(LocalDate(iso: text) == nil)
  }

  @Test func leapDayPlusAYearIsTheLastOfFebruary() {
    #expect(LocalDate(iso: "2024-02-29")!.adding(years: 1) == LocalDate(iso: "2025-02-28"))
    #expect(LocalDate(iso: "2021-12-13")!.adding(years: 25) == LocalDate(iso: "2046-12-13"))
  }

  @Test func isoWeeksStartOnMondayAndWeekOneHoldsJanuaryFourth() {
    #expect(ISOWeek(LocalDate(iso: "2026-10-25")!).label == "2026-W43")  // a Sunday
    #expect(ISOWeek(LocalDate(iso: "2026-10-26")!).label == "2026-W44")  // the Monday after
    #expect(ISOWeek(LocalDate(iso: "2027-01-01")!).label == "2026-W53")
    #expect(ISOWeek(LocalDate(iso: "2024-12-30")!).label == "2025-W01")
  }
}
