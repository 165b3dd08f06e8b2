import Foundation
import TSAModel
import Testing

/// Correcting the books from the command line: edits and removals refused or recorded, with
/// what moves where; `history` lists every change; the monthly bundle lists the month's.
@Suite struct CorrectionTests {
  /// The history as CSV with the time and the user (this machine's) masked.
  func history(_ session: Session, _ arguments: [String] = []) throws -> String {
    let csv = try session.run(["history", "--format", "csv"] + arguments).stdout
    return csv.split(separator: "\r\n", omittingEmptySubsequences: false).map { line in
      let fields = line.split(separator: ",", maxSplits: 2, omittingEmptySubsequences: false)
      guard fields.count == 3, fields[0] != "changed_at" else { return String(line) }
      return "TIME,WHO," + fields[2]
    }.joined(separator: "\n")
  }

  @Test func correctionsAreRefusedOrRecordedAndHistoryListsThem() throws {
    let session = Session()
    try session.demoBooks()
    var text = ""
    for command in [
      ["package", "edit", "2"],
      ["package", "edit", "2", "--ref", "FV-2021-1207"],
      ["package", "edit", "2", "--clear", "stamps"],
      ["package", "edit", "2", "--stamps", "800", "--ref", "FV-2026-0820b"],
      ["package", "remove", "2"],
      ["package", "pay", "3", "--date", "2026-10-15"],
      ["package", "remove", "2", "--force"],
      [
        "contract", "edit", "F2112000371", "--name", "PostSignum TSA (Mzdy)", "--add-account",
        "mzdy@example.cz",
      ],
      ["contract", "remove", "F2112000371"],
      ["contract", "add", "F2112000317", "--name", "typo"],
      ["contract", "remove", "F2112000317"],
      ["user", "set", "alice", "--display-name", "Alice Nováková"],
      ["user", "alias", "10.20.7.41", "alice"],
      ["user", "remove", "alice"],
      ["user", "remove", "10.20.7.41"],
      ["package", "list"],
    ] {
      text += try session.transcript(command)
    }
    text += "$ tsa-report history --format csv  (time and user masked)\n"
    text += try history(session)
    try expectGolden(text, "errors/corrections.txt")
  }

  /// A change made in October (the clock set back with faketime, as if it were then) is on the
  /// October bundle's Packages sheet and in its changes.csv; November's bundle does not list it.
  @Test func theMonthlyBundleListsTheMonthsChanges() throws {
    let session = Session()
    try session.demoBooks()
    // A clock of its own: none of the shifted run's libfaketime settings (its shared state
    // would win over the new time).
    var environment = session.environment.filter {
      !$0.key.hasPrefix("FAKETIME") && $0.key != "LD_PRELOAD"
    }
    environment["TZ"] = "UTC"  // the time faketime is given
    let edit = try runProgram(
      "/usr/bin/faketime",
      // `-f` and an absolute time: the clock stands still (a busy machine may start the
      // program a second later, which a starting time would let show)
      ["-f", "2026-10-20 10:00:00", binary, "package", "edit", "2", "--ref", "FV-2026-0820-opr"],
      environment: environment)
    #expect(edit.status == 0, "\(edit.stderr)")
    let text = try history(session, ["--from", "2026-10-01", "--to", "2026-10-31"])
    #expect(
      text.hasSuffix("TIME,WHO,package,2,changed,ref,FV-2026-0820,FV-2026-0820-opr,,body\n"),
      "\(text)")
    let out = session.folder + "/reports"
    for month in ["2026-10", "2026-11"] {
      let result = try session.run(["monthly", "--month", month, "--out", out])
      #expect(result.status == 0, "\(result.stderr)")
    }
    let october = try String(contentsOfFile: out + "/2026-10/changes.csv", encoding: .utf8)
    #expect(october.contains("2026-10-20 12:00:00,"), "\(october)")  // Prague time
    #expect(october.hasSuffix(",package,2,changed,ref,FV-2026-0820,FV-2026-0820-opr,,body\r\n"))
    let november = try String(contentsOfFile: out + "/2026-11/changes.csv", encoding: .utf8)
    #expect(!november.contains("FV-2026-0820-opr"), "\(november)")
    let sheet = try runProgram(
      "/usr/bin/env",  // the python3 on PATH, which has openpyxl
      [
        "python3",
        repositoryRoot.appendingPathComponent("Tests/TSAReportCLITests/dump_workbook.py").path,
        out + "/2026-10/tsa-report-2026-10.xlsx",
      ])
    #expect(sheet.status == 0, "\(sheet.stderr)")
    let packages = try #require(
      sheet.stdout.components(separatedBy: "== sheet 'Packages'").last?
        .components(separatedBy: "== sheet").first)
    #expect(packages.contains("'Changes to the books'"), "\(packages)")
    // The package named as messages name it, with its contract and invoice.
    #expect(
      packages.contains(
        "'Package' | '2 (F2112000371, FV-2026-0820"),
      "\(packages)")
    #expect(
      packages.contains("| 'changed' | 'Ref' | 'FV-2026-0820' | 'FV-2026-0820-opr'"),
      "\(packages)")
  }
}
