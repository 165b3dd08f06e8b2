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
        ".tsa-report-bundle", "adjustments.csv", "by-cost-centre.csv", "by-day.csv", "by-user.csv",
        "changes.csv", "packages.csv",
        "stamps.csv", "summary.csv",
        "summary.txt", "tsa-report-2026-10.xlsx",
      ])
    let (status, said) = try python([checker("check_workbook.py"), folder])
    #expect(status == 0, "\(said)")
    #expect(said.hasPrefix("ok: 6 sheets"), "\(said)")
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

  /// Names holding what XML 1.0 forbids (U+FFFE, U+FFFF, a control character) once broke the
  /// workbook: openpyxl refused it and LibreOffice dropped that row, the total and every stamp
  /// after it. The workbook shows U+FFFD there, says so, and both readers find every row.
  @Test func namesXMLCannotHoldLeaveEveryRowInOpenpyxlAndLibreOffice() throws {
    let session = try setUp()
    let events = session.folder + "/odd-names.jsonl"
    try [
      #"{"time":"2026-10-20T08:00:00Z","user":"bob\ufffeby","id":"x-1"}"#,
      #"{"time":"2026-10-20T08:01:00Z","user":"eve\u0001x","id":"x-2"}"#,
      #"{"time":"2026-10-20T08:02:00Z","user":"zed\uffff","id":"x-3"}"#,
      #"{"time":"2026-10-20T08:03:00Z","user":"after","id":"x-4"}"#,
    ].joined(separator: "\n").appending("\n").write(
      toFile: events, atomically: true, encoding: .utf8)
    let imported = try session.run(["import", "--contract", "F2112000371", events])
    try #require(imported.status == 0, "\(imported.stderr)")
    let folder = try monthlyBundle(session)
    for script in ["check_workbook.py", "check_libreoffice.py"] {
      let (status, said) = try python([checker(script), folder])
      #expect(status == 0 && said.hasPrefix("ok"), "\(script): \(said)")
    }
    let dump = try python([checker("dump_workbook.py"), folder + "/tsa-report-2026-10.xlsx"])
    #expect(dump.output.contains("bob\u{FFFD}by") && dump.output.contains("zed\u{FFFD}"))
    #expect(dump.output.contains("characters a workbook cannot hold (XML 1.0"), "\(dump.output)")
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

  /// While bundles replace each other, a reader always finds one: the folder is exchanged with
  /// the new one in one step, never removed first.
  @Test func aReaderNeverFindsTheBundleMissing() throws {
    let session = Session()
    try session.run(["contract", "add", "F2112000371"])
    try session.run(["import", "samples/proxy/access.log"])
    let out = session.folder + "/reports"
    try #require(try session.run(["monthly", "--month", "2026-10", "--out", out]).status == 0)
    let summary = out + "/2026-10/summary.csv"
    let missing = Counter()
    let done = DispatchSemaphore(value: 0)
    let environment = session.environment
    DispatchQueue.global().async {
      for _ in 0..<5 {
        _ = try? runProgram(
          binary, ["monthly", "--month", "2026-10", "--out", out], environment: environment)
      }
      done.signal()
    }
    var looks = 0
    while done.wait(timeout: .now()) == .timedOut {
      if !FileManager.default.fileExists(atPath: summary) { missing.add() }
      looks += 1
    }
    #expect(looks > 100)
    #expect(missing.value == 0, "missing \(missing.value) times in \(looks) looks")
    #expect(try FileManager.default.contentsOfDirectory(atPath: out) == ["2026-10"])
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

  /// Only a folder tsa-report wrote is replaced: a `2026-10` folder of someone else's is refused
  /// (exit 73) and left as it was; a bundle from before the marker (its own files only) is
  /// replaced.
  @Test func aFolderThatIsNoBundleIsNeverReplaced() throws {
    let session = try setUp()
    let out = session.folder + "/reports"
    try FileManager.default.createDirectory(
      atPath: out + "/2026-10", withIntermediateDirectories: true)
    try Data("mine".utf8).write(to: URL(fileURLWithPath: out + "/2026-10/thesis.odt"))
    let refused = try session.run(["monthly", "--month", "2026-10", "--out", out])
    #expect(refused.status == 73, "\(refused.stderr)")
    #expect(refused.stderr.contains("is not a bundle tsa-report wrote (it holds thesis.odt)"))
    #expect(try FileManager.default.contentsOfDirectory(atPath: out + "/2026-10") == ["thesis.odt"])
    #expect(try FileManager.default.contentsOfDirectory(atPath: out) == ["2026-10"])
    // A bundle as an earlier release wrote it (no marker): replaced.
    try FileManager.default.removeItem(atPath: out + "/2026-10")
    #expect(try session.run(["monthly", "--month", "2026-10", "--out", out]).status == 0)
    try FileManager.default.removeItem(atPath: out + "/2026-10/.tsa-report-bundle")
    #expect(try session.run(["monthly", "--month", "2026-10", "--out", out]).status == 0)
    #expect(FileManager.default.fileExists(atPath: out + "/2026-10/.tsa-report-bundle"))
  }
}

/// The demo books as the accountant and the ad hoc user meet them: the same month in English
/// and in Czech, and the question without `--by`.
@Suite struct DemoBooksTests {
  func python(_ arguments: [String]) throws -> Outcome {
    try runProgram("/usr/bin/env", ["python3"] + arguments)
  }

  func script(_ name: String) -> String {
    repositoryRoot.appendingPathComponent("Tests/TSAReportCLITests/\(name)").path
  }

  /// `usage` without `--by` is one group, all stamps, with its costs — the same figures as
  /// `--by contract` — in text, CSV, JSON and XLSX (read back by openpyxl), in both languages.
  @Test func usageWithoutGroupingIsAllStampsWithTheirCosts() throws {
    let session = Session()
    try session.demoBooks()
    let october = ["usage", "--from", "2026-10-01", "--to", "2026-10-31"]
    var text = ""
    for extra in [
      [], ["--format", "csv"], ["--format", "json"], ["--lang", "cs"], ["--by", "contract"],
      ["--by", "contract", "--lang", "cs"],
      ["--output", session.folder + "/october.xlsx"],
    ] {
      text += try session.transcript(october + extra)
    }
    text += "$ openpyxl: october.xlsx\n"
    text += try python([script("dump_workbook.py"), session.folder + "/october.xlsx"]).stdout
    try expectGolden(text, "reports/usage-all-stamps.txt")
    // Hand-checked figures of October on the demo books (README): 537 stamps, 1 949.31 excl.
    // VAT, 409.36 VAT, 2 358.67 incl. VAT, without grouping and by contract alike.
    for extra in [[], ["--by", "contract"]] {
      let csv = try session.run(october + extra + ["--format", "csv"]).stdout
      #expect(csv.hasSuffix("total,537,1949.31,409.36,2358.67,total\r\n"), "\(extra): \(csv)")
    }
  }

  /// Every file of the Czech bundle, pinned; the workbook as openpyxl reads it.
  @Test func theCzechMonthlyBundleAsCommitted() throws {
    let session = Session()
    try session.demoBooks()
    let out = session.folder + "/reports"
    var text = try session.transcript([
      "monthly", "--month", "2026-10", "--out", out, "--lang", "cs",
    ])
    let folder = out + "/2026-10"
    for name in try FileManager.default.contentsOfDirectory(atPath: folder).sorted() {
      text += "==> \(name) <==\n"
      if name.hasSuffix(".xlsx") {
        text += try python([script("dump_workbook.py"), folder + "/" + name]).stdout
      } else {
        text += try String(contentsOfFile: folder + "/" + name, encoding: .utf8)
          .replacingOccurrences(of: "\r\n", with: "\n")
      }
    }
    // When the demo books were imported and the bundle made is when this test runs: the last
    // import's time and the bundle's are the values not pinned (MonthGuardsTests checks them).
    text = text.replacingOccurrences(
      of: #"(Poslední import[^\n]*?)\d+\. \d+\. \d{4} \d\d:\d\d [+-]\d\d:\d\d"#,
      with: "$1(čas importu)", options: .regularExpression)
    text = text.replacingOccurrences(
      of: #"(Vytvořeno[^\n]*?)\d+\. \d+\. \d{4} \d\d:\d\d [+-]\d\d:\d\d"#,
      with: "$1(čas vytvoření)", options: .regularExpression)
    try expectGolden(text, "reports/monthly-cs.txt")
  }

  /// The Czech bundle carries every figure of the English one: the same numbers and dates in
  /// every CSV field and every workbook cell, machine names unchanged, words and formats Czech.
  @Test func theCzechAndEnglishBundlesCarryTheSameFigures() throws {
    let session = Session()
    try session.demoBooks()
    for (language, out) in [("en", "/en"), ("cs", "/cs")] {
      let done = try session.run([
        "monthly", "--month", "2026-10", "--out", session.folder + out, "--lang", language,
      ])
      try #require(done.status == 0, "\(done.stderr)")
    }
    let compared = try python([
      script("compare_bundles.py"), session.folder + "/en/2026-10", session.folder + "/cs/2026-10",
    ])
    #expect(compared.status == 0, "\(compared.stdout)\(compared.stderr)")
    #expect(compared.stdout.hasPrefix("ok: "), "\(compared.stdout)")
  }

  /// A month not begun is refused (a bundle of zeros would read as a month without stamps) and
  /// nothing is written; a month that is over says nothing of the kind.
  @Test func aMonthNotBegunIsRefused() throws {
    let session = Session()
    try session.demoBooks()
    let future = try session.run(["monthly", "--month", "2999-01", "--out", session.folder])
    #expect(future.status == 64)
    #expect(
      future.stderr.hasPrefix("Error: --month 2999-01 has not begun yet (today is "),
      "\(future.stderr)")
    #expect(!FileManager.default.fileExists(atPath: session.folder + "/2999-01"))
    let past = try session.run(["monthly", "--month", "2026-10", "--out", session.folder])
    #expect(!past.stderr.contains("Note:"))
  }
}

/// A count shared with another thread.
final class Counter: @unchecked Sendable {
  private let lock = NSLock()
  private var count = 0
  func add() { lock.withLock { count += 1 } }
  var value: Int { lock.withLock { count } }
}
