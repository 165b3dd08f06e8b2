import Foundation
import Testing

/// Books an accountant can close: October is closed with its bundle, corrections made in
/// November leave October's files as they were reported, and November books them as
/// adjustments to closed months, opening at October's reported closing.
@Suite struct ClosingTests {
  /// A CSV file of the bundle as rows of fields (the standard dialect; no field here holds a
  /// comma or a quote).
  func csv(_ path: String) throws -> [[String]] {
    try String(contentsOfFile: path, encoding: .utf8)
      .split(separator: "\r\n").map {
        $0.split(separator: ",", omittingEmptySubsequences: false)
          .map(String.init)
      }
  }

  /// A CSV's rows as dictionaries by its header.
  func records(_ path: String) throws -> [[String: String]] {
    let rows = try csv(path)
    return rows.dropFirst().map { Dictionary(uniqueKeysWithValues: zip(rows[0], $0)) }
  }

  /// Every file of a folder and its bytes.
  func files(_ folder: String) throws -> [String: Data] {
    var files: [String: Data] = [:]
    for name in try FileManager.default.contentsOfDirectory(atPath: folder) {
      files[name] = try Data(contentsOf: URL(fileURLWithPath: folder + "/" + name))
    }
    return files
  }

  func money(_ text: String?) -> Decimal { text.flatMap { Decimal(string: $0) } ?? -999_999 }

  func stamps(_ text: String?) -> Int64 { text.flatMap { Int64($0) } ?? -999_999 }

  @Test func octoberClosedStaysAsReportedAndNovemberBooksTheCorrections() throws {
    let session = Session()
    try session.demoBooks()
    let out = session.folder + "/reports"
    // An invoice entered twice, paid in October: October is reported with it.
    let duplicate = try session.run([
      "package", "add", "--contract", "F2112000371", "--stamps", "1000", "--price", "3630",
      "--vat-rate", "21", "--ordered", "2026-10-01", "--paid", "2026-10-05", "--ref",
      "FV-2026-0820 again",
    ])
    #expect(duplicate.status == 0, "\(duplicate.stderr)")
    // Closing needs the books read after the month: the demo's import ran today.
    let closed = try session.run(["close", "--month", "2026-10", "--out", out])
    #expect(closed.status == 0, "\(closed.stderr)")
    #expect(closed.stderr.contains("Closed 2026-10 (version 1)"))
    let october = try files(out + "/2026-10")
    let reported = try records(out + "/2026-10/summary.csv")
    let reportedRow = try #require(reported.first { $0["contract"] == "F2112000371" })
    #expect(stamps(reportedRow["purchased"]) == 1000)  // the duplicate, bought in October

    // Closed twice, or out of order: refused, nothing written.
    let again = try session.run(["close", "--month", "2026-10", "--out", out])
    #expect(again.status == 64 && again.stderr.contains("2026-10 is closed already"))

    // November's corrections. Each is refused first, saying what it would change …
    let removal = ["package", "remove", "4", "--force"]
    let refused = try session.run(removal)
    #expect(refused.status == 64, "\(refused.stderr)")
    #expect(
      refused.stderr.contains("would alter the books of closed months (closed through 2026-10)"))
    #expect(refused.stderr.contains("F2112000371 purchased in 2026-10: 1000 → 0 stamps"))
    #expect(refused.stderr.contains("--into-open-month"))
    let stillThere = try session.run(["package", "list"])
    #expect(stillThere.stdout.contains("FV-2026-0820 again"))
    // … and booked into the open month when asked to.
    for command in [
      removal, ["package", "edit", "2", "--price", "3000"],
      ["user", "set", "alice", "--cost-centre", "CC-110"],
    ] {
      let accepted = try session.run(command + ["--into-open-month"])
      #expect(accepted.status == 0, "\(command): \(accepted.stderr)")
      #expect(accepted.stderr.contains("first open month books the difference"))
    }
    // Stamps of 30 October imported late are taken and said to be late.
    let late = session.folder + "/late.log"
    try Data(
      (1...3).map { minute in
        "10.20.1.11 - alice [30/Oct/2026:10:0\(minute):00 +0100] \"POST /TSS/TSS_user/ HTTP/1.1\""
          + " 200 1550 \"-\" \"JSignPdf/2.3\"\n"
      }.joined().utf8
    ).write(to: URL(fileURLWithPath: late))
    let imported = try session.run(["import", late])
    #expect(imported.status == 0, "\(imported.stderr)")
    #expect(imported.stdout.contains("3 stamps dated in closed months (closed through 2026-10)"))

    // October as reported: its folder untouched, and made again, the same bytes.
    #expect(try files(out + "/2026-10") == october)
    try FileManager.default.removeItem(atPath: out + "/2026-10")
    let remade = try session.run(["monthly", "--month", "2026-10", "--out", out])
    #expect(remade.status == 0, "\(remade.stderr)")
    #expect(remade.stderr.contains("October 2026 is closed (version 1"))
    #expect(try files(out + "/2026-10") == october)

    // November opens at October's reported closing and books the corrections.
    for language in ["en", "cs"] {
      let folder = out + "/" + language
      let november = try session.run([
        "monthly", "--month", "2026-11", "--out", folder, "--lang", language,
      ])
      #expect(november.status == 0, "\(november.stderr)")
      let text = try String(contentsOfFile: folder + "/2026-11/summary.txt", encoding: .utf8)
      #expect(
        text.contains(language == "en" ? "Adjustments to closed months" : "Opravy minulých období"))
    }
    let summary = try records(out + "/en/2026-11/summary.csv")
    let row = try #require(summary.first { $0["contract"] == "F2112000371" })
    #expect(row["opening"] == reportedRow["closing"])
    #expect(row["opening_value"] == reportedRow["closing_value"])
    // The duplicate (1 000 stamps) is gone and three stamps came late: 1 003 fewer.
    #expect(stamps(row["adjustments"]) == -1003)
    for (suffix, scale) in [("", "stamps"), ("_value", "money")] {
      let value: (String) -> Decimal = { key in
        scale == "stamps" ? Decimal(self.stamps(row[key + suffix])) : self.money(row[key + suffix])
      }
      let adjustments = suffix.isEmpty ? value("adjustments") : money(row["adjustment_value"])
      #expect(
        value("opening") + value("purchased") - value("used") - value("expired") + adjustments
          == value("closing"), "\(scale): \(row)")
    }
    // The adjustments, figure by figure, add up to the contract's adjustment.
    let adjustments = try records(out + "/en/2026-11/adjustments.csv")
    let lines = adjustments.filter { $0["month"] == "2026-10" }
    #expect(
      lines.contains {
        $0["figure"] == "purchased" && $0["reported"] == "1000" && $0["now"] == "0"
          && $0["effect"] == "-1000" && $0["effect_value"] == "-3630.00"
      }, "\(adjustments)")
    #expect(lines.contains { $0["figure"] == "used" && $0["effect"] == "-3" }, "\(adjustments)")
    #expect(lines.map { stamps($0["effect"]) }.reduce(0, +) == -1003)
    #expect(
      lines.map { money($0["effect_value"]) }.reduce(0, +) == money(row["adjustment_value"]))
    let total = try #require(
      adjustments.first { $0["month"] == "F2112000371" && $0["row"] == "total" })
    #expect(total["effect"] == "-1003")
    // The changes that caused them are named.
    let text = try String(contentsOfFile: out + "/en/2026-11/summary.txt", encoding: .utf8)
    // Named as every message names packages, amounts as money.
    #expect(
      text.contains(
        "Package 4 (F2112000371, FV-2026-0820 again) removed (Contract F2112000371, Stamps 1,000"),
      "\(text)")
    #expect(
      text.contains(
        "Package 2 (F2112000371, FV-2026-0820) changed Price excl. VAT 3,630.00 → 3,000.00"))
    #expect(text.contains("3 stamps dated in closed months were imported after 2026-10 was closed"))

    // Reopened (with a reason, listed) and closed again: version 2 beside version 1.
    let reopened = try session.run([
      "reopen", "--month", "2026-10", "--reason", "duplicate invoice removed",
    ])
    #expect(reopened.status == 0, "\(reopened.stderr)")
    let second = try session.run(["close", "--month", "2026-10", "--out", out])
    #expect(second.status == 0 && second.stderr.contains("Closed 2026-10 (version 2)"))
    #expect(try files(out + "/2026-10") == october)
    let differences = try String(
      contentsOfFile: out + "/2026-10-v2/differences.txt", encoding: .utf8)
    #expect(differences.contains("F2112000371 purchased: 1000 → 0"), "\(differences)")
    #expect(differences.contains("summary.csv: changed"))
    // Each version says when it was made and from which state of the books.
    func fact(_ folder: String, _ name: String) throws -> String? {
      try String(contentsOfFile: out + "/\(folder)/summary.txt", encoding: .utf8)
        .split(separator: "\n").prefix(12).first { $0.hasPrefix(name + ":") }.map(String.init)
    }
    let (state1, state2) = (
      try fact("2026-10", "Books state"), try fact("2026-10-v2", "Books state")
    )
    #expect(state1 != nil && state2 != nil && state1 != state2, "\(String(describing: state1))")
    #expect(try fact("2026-10", "Made") != nil)
    #expect(try fact("2026-10", "Version") == nil)
    #expect(try fact("2026-10-v2", "Version")?.contains("2 (the month was reopened") == true)
    let listed = try session.run(["closed"])
    let rows = listed.stdout.split(separator: "\n").filter { $0.hasPrefix("2026-10") }
    #expect(rows.count == 3, "\(listed.stdout)")
    #expect(rows[1].contains("reopen") && rows[1].contains("duplicate invoice removed"))
    #expect(rows[2].contains("2026-10-v2"))
  }

  /// A month is closed once over and read after its end, in order, and reopened from the last.
  @Test func closingIsRefusedWhereTheBooksCannotBeClosed() throws {
    let session = Session()
    try session.demoBooks()
    let out = session.folder + "/reports"
    let database = session.environment["TSA_REPORT_DB"]!
    // The only import ended on 15 October: October was not read after it ended.
    _ = try runProgram(
      "/usr/bin/sqlite3", [database, "UPDATE import_run SET started = 1792065600000000"])
    let unread = try session.run(["close", "--month", "2026-10", "--out", out])
    #expect(unread.status == 1 && unread.stderr.contains("was not read after it ended"))
    #expect(!FileManager.default.fileExists(atPath: out + "/2026-10"))
    try session.run(["import", "samples/proxy/access.log"])
    #expect(try session.run(["close", "--month", "2026-10", "--out", out]).status == 0)
    // A change with no effect in October passes as ever: a package paid in November, a
    // contract's name. Its number, which October's bundle names, cannot change now.
    let november = try session.run([
      "package", "add", "--contract", "F2112000371", "--stamps", "200", "--price", "847",
      "--paid", "2026-11-16",
    ])
    #expect(november.status == 0 && !november.stderr.contains("closed"), "\(november.stderr)")
    #expect(
      try session.run(["contract", "edit", "F2112000371", "--name", "PostSignum"]).status == 0)
    let renamed = try session.run(["contract", "edit", "F2112000371", "--code", "F2112000999"])
    #expect(renamed.status == 64 && renamed.stderr.contains("reopen the closed months first"))
    #expect(!renamed.stderr.contains("--into-open-month"))
    let skipped = try session.run(["close", "--month", "2026-12", "--out", out])
    #expect(skipped.status == 64)
    let reopenEarlier = try session.run(["reopen", "--month", "2026-09", "--reason", "x"])
    #expect(reopenEarlier.status == 64 && reopenEarlier.stderr.contains("2026-09 is not closed"))
    let noReason = try session.run(["reopen", "--month", "2026-10", "--reason", " "])
    #expect(noReason.status == 64)
    // With close_after_monthly the monthly run (its timer) closes the month it writes.
    let settings = session.folder + "/config.toml"
    try Data("close_after_monthly = true\n".utf8).write(to: URL(fileURLWithPath: settings))
    let timer = try session.run([
      "monthly", "--config", settings, "--month", "2026-11", "--out", out,
    ])
    #expect(timer.status == 0 && timer.stderr.contains("Closed 2026-11 (version 1)"))
    // The books keep the closes: no UPDATE or DELETE passes.
    let tampered = try runProgram(
      "/usr/bin/sqlite3", [database, "DELETE FROM month_close_file"])
    #expect(tampered.status != 0 && tampered.stderr.contains("append-only"))
  }
}
