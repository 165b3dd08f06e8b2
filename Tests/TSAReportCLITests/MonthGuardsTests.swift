import Foundation
import Testing

/// A bundle of zeros reads as a month without stamps: a month before anything in the books is
/// said to be so (a month not begun is refused: ReportFormatTests).
@Suite struct MonthGuardsTests {
  @Test func aMonthBeforeAnythingInTheBooksIsSaidToBeSo() throws {
    let session = Session()
    try session.run(["contract", "add", "F2112000371"])
    try session.run(["import", "samples/proxy/access.log"])
    let out = session.folder + "/reports"
    let early = try session.run(["monthly", "--month", "2020-01", "--out", out])
    #expect(early.status == 0)
    #expect(
      early.stderr.contains(
        "Note: 2020-01 is before anything in the books (the first package or stamp is of 2026-09-"))
    // A month with stamps says nothing of the kind.
    let october = try session.run(["monthly", "--month", "2026-10", "--out", out])
    #expect(october.status == 0 && !october.stderr.contains("before anything"))
  }
}
