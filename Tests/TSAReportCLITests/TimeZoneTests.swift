import Foundation
import Testing

/// Without `--tz` and `TSA_REPORT_TZ`, the system zone is `TZ` as glibc reads it: `UTC+5` is
/// five hours west of UTC, `:Europe/Prague` is Prague, and a rule no report can use is an error
/// naming it — never a silent UTC or a sign turned round.
@Suite struct TimeZoneTests {
  func usage(tz: String) throws -> Outcome {
    let session = Session()
    session.environment["TSA_REPORT_TZ"] = nil
    session.environment["TZ"] = tz
    try session.run(["contract", "add", "F2112000371"])
    return try session.run(["usage", "--from", "2026-10-05", "--to", "2026-10-05"])
  }

  @Test func theTZVariableIsReadAsGlibcReadsIt() throws {
    let west = try usage(tz: "UTC+5")
    #expect(west.status == 0, "\(west.stderr)")
    // POSIX's UTC+5 is five hours west: Etc/GMT+5 (its offset -05:00).
    #expect(west.stdout.contains("Time zone: Etc/GMT+5"), "\(west.stdout)")
    let prague = try usage(tz: ":Europe/Prague")
    #expect(prague.stdout.contains("Time zone: Europe/Prague"), "\(prague.stdout)")
    let rule = try usage(tz: "CET-1CEST,M3.5.0,M10.5.0/3")
    #expect(rule.status == 64)
    #expect(rule.stderr.contains("TZ 'CET-1CEST,M3.5.0,M10.5.0/3' names no IANA time zone"))
  }
}
