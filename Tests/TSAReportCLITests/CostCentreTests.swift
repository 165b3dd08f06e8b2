import Foundation
import Testing

/// Re-billing by cost centre: the bundle's By cost centre sheet and by-cost-centre.csv carry a
/// subtotal per centre equal to `usage --by cost-centre`, and `monthly --statements` writes a
/// statement per centre (users without one in "no cost centre") whose totals are those
/// subtotals, in files named safely after the centre.
@Suite struct CostCentreTests {
  func csv(_ text: String) -> [[String]] {
    text.split(separator: "\r\n").map {
      $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
    }
  }

  @Test func subtotalsAndStatementsMatchUsageByCostCentre() throws {
    let session = Session()
    try session.demoBooks()
    for (user, centre) in [("alice", "CC-110"), ("bob", "CC-110"), ("carol", "../CC 200")] {
      #expect(try session.run(["user", "set", user, "--cost-centre", centre]).status == 0)
    }
    let out = session.folder + "/reports"
    let made = try session.run(["monthly", "--month", "2026-10", "--out", out, "--statements"])
    #expect(made.status == 0, "\(made.stderr)")
    let folder = out + "/2026-10"
    // usage --by cost-centre, the figures the subtotals must equal.
    let usage = csv(
      try session.run(["usage", "--period", "2026-10", "--by", "cost-centre", "--format", "csv"])
        .stdout)
    // Keyed by the centre, without the `row` column (body there, subtotal or total here).
    let expected = Dictionary(
      uniqueKeysWithValues: usage.dropFirst().map { ($0[0], Array($0[1...].dropLast())) })
    let byCentre = csv(try String(contentsOfFile: folder + "/by-cost-centre.csv", encoding: .utf8))
    #expect(
      byCentre[0] == [
        "cost_centre", "user", "display_name", "stamps", "cost_excl_vat", "vat", "cost_incl_vat",
        "row",
      ])
    // The subtotals are marked by the row column, their centres named as in usage.
    let subtotals = byCentre.filter { $0.last == "subtotal" && $0[1] == "" && $0[0] != "rounding" }
    #expect(subtotals.map { $0[0] } == ["../CC 200", "CC-110", "no_cost_centre"])
    for row in subtotals {
      #expect(
        Array(row[3...].dropLast()) == expected[row[0]],
        "\(row) against \(String(describing: expected[row[0]]))")
    }
    #expect(byCentre.last!.first == "total" && byCentre.last!.last == "total")
    #expect(Array(byCentre.last![3...].dropLast()) == expected["total"])
    // A statement per centre, named safely, whose total is the centre's subtotal.
    let statements = try FileManager.default.contentsOfDirectory(atPath: folder + "/statements")
    #expect(
      statements.sorted() == [
        "CC-110.csv", "CC-110.xlsx", "_._CC_200.csv", "_._CC_200.xlsx", "no-cost-centre.csv",
        "no-cost-centre.xlsx",
      ])
    for (file, centre) in [
      ("CC-110", "CC-110"), ("_._CC_200", "../CC 200"), ("no-cost-centre", "no_cost_centre"),
    ] {
      let rows = csv(
        try String(contentsOfFile: folder + "/statements/\(file).csv", encoding: .utf8))
      #expect(
        rows[0] == [
          "user", "display_name", "package", "ref", "stamps", "cost_excl_vat", "vat",
          "cost_incl_vat", "row",
        ])
      #expect(rows.last!.first == "total" && rows.last!.last == "total")
      #expect(Array(rows.last![4...].dropLast()) == expected[centre], "\(file): \(rows)")
      // The demo's October stamps are all drawn from package 2, known by its invoice.
      #expect(rows.dropFirst().dropLast().allSatisfy { $0[2] == "2" && $0[3] == "FV-2026-0820" })
    }
    // The statement's workbook reads back in openpyxl with the same total.
    let sheet = try runProgram(
      "/usr/bin/env",
      [
        "python3",
        repositoryRoot.appendingPathComponent("Tests/TSAReportCLITests/dump_workbook.py").path,
        folder + "/statements/CC-110.xlsx",
      ])
    #expect(sheet.status == 0, "\(sheet.stderr)")
    let total = try #require(expected["CC-110"])
    #expect(
      sheet.stdout.contains("'Total' |  |  |  | \(total[0]) [#,##0] | \(total[1]) ["),
      "\(sheet.stdout)")
    // The bundle's workbook has the By cost centre sheet after By user.
    let bundle = try runProgram(
      "/usr/bin/env",
      [
        "python3",
        repositoryRoot.appendingPathComponent("Tests/TSAReportCLITests/dump_workbook.py").path,
        folder + "/tsa-report-2026-10.xlsx",
      ])
    let sheets = bundle.stdout.split(separator: "\n").filter { $0.hasPrefix("== sheet") }
    #expect(
      sheets.map { $0.split(separator: "'")[1] }.prefix(3) == [
        "Summary", "By user", "By cost centre",
      ])
    // Closed with its statements, the month is written again with them, byte for byte.
    let closed = try session.run([
      "close", "--month", "2026-10", "--out", out + "/closed", "--statements",
    ])
    #expect(closed.status == 0, "\(closed.stderr)")
    let kept = try Data(
      contentsOf: URL(fileURLWithPath: out + "/closed/2026-10/statements/CC-110.xlsx"))
    try FileManager.default.removeItem(atPath: out + "/closed/2026-10")
    #expect(
      try session.run(["monthly", "--month", "2026-10", "--out", out + "/closed"]).status == 0)
    #expect(
      try Data(contentsOf: URL(fileURLWithPath: out + "/closed/2026-10/statements/CC-110.xlsx"))
        == kept)
  }
}
