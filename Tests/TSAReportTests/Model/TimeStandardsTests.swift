import Foundation
import Testing

@testable import TSAImport
@testable import TSALedger
@testable import TSAModel
@testable import TSAStore

/// Times follow their standards: a leap second stays in its minute, an offset beyond ±14:00 is
/// unreadable, `TZ` is read as glibc reads it, and a stamp before 1970 is on its own day.
@Suite struct TimeStandardsTests {
  @Test func aLeapSecondStaysInItsDayMonthAndYear() {
    let leap = parseInstant("2016-12-31T23:59:60Z")!
    #expect(leap.microseconds == parseInstant("2016-12-31T23:59:59.999999Z")!.microseconds)
    #expect(ReportZone.utc.localDate(of: leap).iso == "2016-12-31")
    let withOffset = parseInstant("2017-01-01T00:59:60+01:00")!
    #expect(ReportZone.utc.localDate(of: withOffset).iso == "2016-12-31")
    let combined = Array("31/Dec/2016:23:59:60 +0000".utf8).withUnsafeBytes {
      CombinedLogParser.parseTime($0, 0..<26)
    }
    #expect(combined.map { ReportZone.utc.localDate(of: $0).iso } == "2016-12-31")
  }

  @Test func anOffsetBeyondFourteenHoursIsUnreadable() {
    #expect(parseInstant("2026-10-05T10:00:00+99:59") == nil)
    #expect(parseInstant("2026-10-05T10:00:00-14:01") == nil)
    #expect(parseInstant("2026-10-05T10:00:00+14:00") != nil)
    #expect(parseInstant("2026-10-05T10:00:00-12:00") != nil)
    for text in ["05/Oct/2026:10:00:00 +9959", "05/Oct/2026:10:00:00 -1500"] {
      let parsed = Array(text.utf8).withUnsafeBytes { CombinedLogParser.parseTime($0, 0..<26) }
      #expect(parsed == nil, "\(text)")
    }
  }

  /// glibc: `UTC+5` is five hours *west* of UTC; `:Europe/Prague` is Prague.
  @Test func theTZVariableIsReadAsGlibcReadsIt() {
    let october = parseInstant("2026-10-05T12:00:00Z")!
    #expect(ReportZone(tzVariable: "UTC+5")?.offset(at: october) == -5 * 3600)
    #expect(ReportZone(tzVariable: "EST5")?.offset(at: october) == -5 * 3600)
    #expect(ReportZone(tzVariable: "UTC-3")?.offset(at: october) == Int64(10_800))
    #expect(ReportZone(tzVariable: ":Europe/Prague")?.identifier == "Europe/Prague")
    #expect(ReportZone(tzVariable: "Europe/Prague")?.offset(at: october) == Int64(7_200))
    #expect(ReportZone(tzVariable: "UTC0")?.offset(at: october) == 0)
    #expect(ReportZone(tzVariable: "UTC")?.offset(at: october) == 0)
    for unusable in ["CET-1CEST,M3.5.0,M10.5.0/3", ":/etc/localtime", "Mars/Olympus", "X+5"] {
      #expect(ReportZone(tzVariable: unusable) == nil, "\(unusable)")
    }
  }

  /// SQLite's division rounds toward zero: a stamp at 1969-12-31 23:00 UTC was once counted on
  /// 1970-01-01.
  @Test func aStampBefore1970IsOnItsOwnDay() throws {
    let folder = TemporaryFolder()
    let store = try makeStore(folder)
    _ = try run(
      store,
      [
        folder.write(
          "old.log",
          logLine("alice", "31/Dec/1969:23:00:00 +0000")
            + logLine("bob", "01/Jan/1970:00:30:00 +0000"))
      ])
    let period = Period(
      from: LocalDate(iso: "1969-12-31")!, through: LocalDate(iso: "1970-01-01")!, zone: .utc)
    let counts = try store.stampCounts(
      in: period, grouping: StampGrouping(day: true, user: true), filter: AttemptFilter(),
      pieces: Books(store).pieces(zone: .utc))
    let days = Dictionary(counts.map { ($0.user!, $0.day!.iso) }, uniquingKeysWith: { a, _ in a })
    #expect(days == ["alice": "1969-12-31", "bob": "1970-01-01"])
  }
}
