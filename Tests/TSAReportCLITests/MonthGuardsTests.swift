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
        "Note: January 2020 is before anything in the books (the first package or stamp is of"
          + " 2026-09-"))
    // A month with stamps says nothing of the kind.
    let october = try session.run(["monthly", "--month", "2026-10", "--out", out])
    #expect(october.status == 0 && !october.stderr.contains("before anything"))
  }

  /// Books no import read after the month ended (a stopped import timer, a broken log path):
  /// October is refused with exit 1 and nothing is written, whether the last import ended before
  /// October did or none is recorded; --allow-incomplete writes it, every report saying so.
  @Test func aMonthNoImportReadAfterItsEndIsRefused() throws {
    let session = Session()
    try session.run(["contract", "add", "F2112000371"])
    try session.run(["import", "samples/proxy/access.log"])
    let database = session.environment["TSA_REPORT_DB"]!
    // The books as an import that ended on 15 October left them (12:00 UTC).
    let rewound = try runProgram(
      "/usr/bin/sqlite3",
      [
        database,
        "UPDATE import_run SET started = 1792065600000000, seconds = 2",
      ])
    try #require(rewound.status == 0, "\(rewound.stderr)")
    let out = session.folder + "/reports"
    let refused = try session.run(["monthly", "--month", "2026-10", "--out", out])
    #expect(refused.status == 1)
    #expect(
      refused.stderr.contains(
        "2026-10 was not read after it ended: the last import ended 2026-10-1"),
      "\(refused.stderr)")
    #expect(refused.stderr.contains("--allow-incomplete"))
    #expect(!FileManager.default.fileExists(atPath: out + "/2026-10"))
    // No import recorded at all: refused too.
    _ = try runProgram("/usr/bin/sqlite3", [database, "DELETE FROM import_run"])
    let none = try session.run(["monthly", "--month", "2026-10", "--out", out])
    #expect(none.status == 1 && none.stderr.contains("no import is recorded in the books"))
    // Written anyway, it says so in every report, in either language.
    for (language, warning) in [
      ("en", "Incomplete: no import read the books after this month ended"),
      ("cs", "Neúplné: po skončení měsíce evidenci nenačetl žádný import"),
    ] {
      let folder = out + "/" + language
      let written = try session.run([
        "monthly", "--month", "2026-10", "--out", folder, "--allow-incomplete", "--lang", language,
      ])
      #expect(written.status == 0, "\(written.stderr)")
      let summary = try String(contentsOfFile: folder + "/2026-10/summary.txt", encoding: .utf8)
      // summary.txt holds the summary, the adjustments to closed months, usage by user, by
      // cost centre, the packages and the changes.
      #expect(summary.components(separatedBy: warning).count - 1 == 6, "\(summary)")
    }
    // An import after October ended lets it be written as it is.
    try session.run(["import", "samples/proxy/access.log"])
    let read = try session.run(["monthly", "--month", "2026-10", "--out", out + "/read"])
    #expect(read.status == 0)
    let summary = try String(contentsOfFile: out + "/read/2026-10/summary.txt", encoding: .utf8)
    #expect(!summary.contains("Incomplete"))
    // Every bundle says how far the books were read: the newest line (the sample log's last,
    // 31 October 21:00 Prague) and when the last import ended (after October).
    let facts = summary.split(separator: "\n").prefix(8).map(String.init)
    #expect(
      facts.contains { $0.hasPrefix("Newest line:") && $0.contains("2026-10-31") }, "\(facts)")
    let lastImport = try #require(facts.first { $0.hasPrefix("Last import:") })
    #expect(!lastImport.contains("none") && !lastImport.contains("2026-10-"), "\(lastImport)")
  }

  /// A template or a macro built on October's files works on November's: a month without a
  /// stamp has the same columns in every CSV file (costs at zero, the Name column empty).
  @Test func aMonthWithoutStampsHasTheColumnsOfOneWith() throws {
    let session = Session()
    try session.demoBooks()
    let out = session.folder + "/reports"
    for month in ["2026-10", "2026-11"] {
      let made = try session.run(["monthly", "--month", month, "--out", out])
      #expect(made.status == 0, "\(made.stderr)")
    }
    let files = try FileManager.default.contentsOfDirectory(atPath: out + "/2026-10")
      .filter { $0.hasSuffix(".csv") }
    #expect(files.count == 8)
    for file in files {
      func header(_ month: String) throws -> String? {
        try String(contentsOfFile: out + "/\(month)/\(file)", encoding: .utf8)
          .components(separatedBy: "\r\n").first
      }
      #expect(try header("2026-11") == (try header("2026-10")), "\(file)")
    }
    let november = try String(contentsOfFile: out + "/2026-11/by-user.csv", encoding: .utf8)
    #expect(november.hasSuffix("total,,,0,0.00,0.00,0.00,total\r\n"), "\(november)")
  }

  /// usage for a period not over says so, as monthly does for a month: this month is never
  /// over, October 2026 always is.
  @Test func usageOfAPeriodNotOverSaysSo() throws {
    let session = Session()
    try session.demoBooks()
    let current = try session.run(["usage", "--period", "this month"])
    #expect(current.status == 0 && current.stderr.contains("Note: the period is not over yet"))
    let past = try session.run(["usage", "--period", "2026-10"])
    #expect(past.status == 0 && !past.stderr.contains("not over"), "\(past.stderr)")
  }
}
