import Foundation
import Testing

/// Every format of the same books carries the same numbers; the workbook is read back by
/// openpyxl, an independent reader, and opened in LibreOffice.
@Suite struct ReportFormatTests {
  /// The sample log, two contracts and their packages, and two hostile user names.
  func setUp() throws -> Session {
    let session = Session()
    for command in [
      ["contract", "add", "F2112000371", "--name", "PostSignum TSA"],
      ["contract", "add", "F2301000007", "--name", "Archive"],
      [
        "package", "add", "--contract", "F2112000371", "--stamps", "200", "--price", "847",
        "--vat-rate", "21", "--paid", "2021-12-13",
      ],
      [
        "package", "add", "--contract", "F2112000371", "--stamps", "1000", "--price", "3630",
        "--vat-rate", "21", "--paid", "2026-08-28",
      ],
      [
        "package", "add", "--contract", "F2301000007", "--stamps", "150", "--price", "599",
        "--vat-rate", "21", "--paid", "2026-10-10", "--valid-until", "2026-12-31",
      ],
      ["import", "--contract", "F2112000371", "samples/proxy/access.log"],
      [
        "import", "Tests/Fixtures/events/hostile.jsonl",
        "Tests/Fixtures/events/archive-october.csv",
      ],
      ["import", "--contract", "F2301000007", "--user", "archive", "Tests/Fixtures/tokens"],
      ["user", "set", "alice", "--cost-centre", "CC-110"],
    ] {
      let result = try session.run(command)
      try #require(result.status == 0, "\(command): \(result.stderr)")
    }
    return session
  }

  /// The month's bundle of the set-up books; the path of its folder.
  func monthlyBundle(_ session: Session) throws -> String {
    let out = session.folder + "/reports"
    let result = try session.run(["monthly", "--month", "2026-10", "--out", out])
    #expect(result.status == 0, "\(result.stderr)")
    return out + "/2026-10"
  }

  /// Runs python3 with these arguments; its exit status and everything it printed.
  func python(_ arguments: [String]) throws -> (status: Int32, output: String) {
    let done = try runProgram("/usr/bin/env", ["python3"] + arguments)  // the one on PATH
    return (done.status, done.stdout + done.stderr)
  }

  func checker(_ name: String) -> String {
    repositoryRoot.appendingPathComponent("Tests/TSAReportCLITests/\(name)").path
  }

  @Test func theMonthlyBundleReadsBackTheSameInOpenpyxl() throws {
    let session = try setUp()  // its folder lives as long as it does
    let folder = try monthlyBundle(session)
    let files = try FileManager.default.contentsOfDirectory(atPath: folder).sorted()
    #expect(
      files == [
        "by-day.csv", "by-user.csv", "packages.csv", "stamps.csv", "summary.csv", "summary.txt",
        "tsa-report-2026-10.xlsx",
      ])
    let (status, said) = try python([checker("check_workbook.py"), folder])
    #expect(status == 0, "\(said)")
    #expect(said.hasPrefix("ok: 5 sheets"), "\(said)")
    #expect(said.contains("2 hostile names as text"), "\(said)")
    // The chart is there (openpyxl does not read charts back): the By day sheet has a drawing.
    let listing = try python([
      "-c", "import zipfile,sys; print('\\n'.join(zipfile.ZipFile(sys.argv[1]).namelist()))",
      folder + "/tsa-report-2026-10.xlsx",
    ])
    #expect(listing.output.contains("xl/charts/chart1.xml"))
    withExtendedLifetime(session) {}
  }

  /// LibreOffice opens the workbook and shows the numbers, dates and names of the CSV files —
  /// the hostile names as their own text, never run as formulas.
  @Test func theMonthlyWorkbookOpensInLibreOfficeWithTheSameNumbers() throws {
    let session = try setUp()
    let folder = try monthlyBundle(session)
    let (status, said) = try python([checker("check_libreoffice.py"), folder])
    #expect(status == 0, "\(said)")
    #expect(said.hasPrefix("ok: LibreOffice shows"), "\(said)")
    #expect(said.contains("2 hostile names as text"), "\(said)")
    withExtendedLifetime(session) {}
  }

  @Test func textCSVAndJSONOfTheSameReportAsCommitted() throws {
    let session = try setUp()
    var text = ""
    for command in [
      ["usage", "--period", "2026-10", "--by", "contract", "--by", "user"],
      ["usage", "--period", "2026-10", "--by", "contract", "--by", "user", "--format", "csv"],
      ["usage", "--period", "2026-10", "--by", "contract", "--by", "user", "--format", "json"],
      [
        "usage", "--period", "2026-10", "--by", "contract", "--format", "csv", "--csv-dialect",
        "excel-cz",
      ],
      ["balance", "--as-of", "2026-10-31", "--format", "json"],
      ["usage", "--period", "2026-10", "--by", "contract", "--by", "package", "--lang", "cs"],
      [
        "usage", "--period", "2026-10", "--by", "cost-centre", "--lang", "cs", "--format", "csv",
        "--csv-dialect", "excel-cz",
      ],
      ["balance", "--as-of", "2026-10-31", "--lang", "cs"],
      ["usage", "--period", "2026-10", "--by", "endpoint", "--by", "user"],
    ] {
      text += try session.transcript(command)
    }
    try expectGolden(text, "reports/formats.txt")
  }

  @Test func aMonthlyBundleIsReplacedWhole() throws {
    let session = try setUp()
    let out = session.folder + "/reports"
    for _ in 0..<2 {
      #expect(try session.run(["monthly", "--month", "2026-10", "--out", out]).status == 0)
    }
    let left = try FileManager.default.contentsOfDirectory(atPath: out)
    #expect(left == ["2026-10"])  // no temporary or old folder left behind
    // Reports are private by default: the folder 0700, its files 0600.
    let folder = try FileManager.default.attributesOfItem(atPath: out + "/2026-10")
    #expect((folder[.posixPermissions] as? Int) == 0o700)
    for name in try FileManager.default.contentsOfDirectory(atPath: out + "/2026-10") {
      let file = try FileManager.default.attributesOfItem(atPath: out + "/2026-10/" + name)
      #expect((file[.posixPermissions] as? Int) == 0o600, "\(name)")
    }
  }
}
