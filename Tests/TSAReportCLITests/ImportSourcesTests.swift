import Foundation
import Testing

/// Every kind of input through the built binary: standard input, tokens made by a real
/// `openssl ts` TSA, client events, nginx JSON, and what `auto` says it picked.
@Suite struct ImportSourcesTests {
  @Test func everyFormatOnceWithWhatAutoPicked() throws {
    let session = Session()
    // A rejection reply holds no time: it counts at its file's modification time, which a
    // checkout sets to the day of the clone. The test sets it.
    let tokens = try session.copyOfFixture("tokens", modified: "2026-11-25T10:30:00Z")
    var text = ""
    for command in [
      ["contract", "add", "F2112000371", "--account", "tsa@example.cz"],
      ["import", "Tests/Fixtures/nginx/access.json", tokens, "--user", "archive"],
      ["import", "Tests/Fixtures/nginx/access.json", tokens, "--user", "archive"],
      ["import", "Tests/Fixtures/events/client.jsonl", "Tests/Fixtures/events/client.csv"],
      ["rejects"],
      ["user", "alias", "10.20.7.40", "archive"],
      ["user", "set", "alice", "--display-name", "Alice Nováková", "--cost-centre", "CC-110"],
      ["user", "list"],
      ["--tz", "UTC", "usage", "--from", "2026-11-25", "--to", "2026-11-25", "--by", "user"],
    ] {
      text += try session.transcript(command)
    }
    try expectGolden(text, "workflow/import-sources.txt")
  }

  @Test func standardInputIsImportedOnce() throws {
    let session = Session()
    try session.run(["contract", "add", "F2112000371"])
    var text = try session.transcript(["import", "-"], stdinFile: "samples/proxy/access.log")
    text += try session.transcript(["import", "-"], stdinFile: "samples/proxy/access.log")
    text += try session.transcript(["import", "--dry-run", "samples/proxy/access.log"])
    try expectGolden(text, "workflow/stdin.txt")
  }

  /// Every client's event CSV starts with the same header: through standard input, in either
  /// order, each file keeps its own rows, and each again adds nothing.
  @Test(arguments: [true, false])
  func twoCSVsWithOneHeaderThroughStandardInput(aFirst: Bool) throws {
    let session = Session()
    try session.run(["contract", "add", "F2112000371"])
    func rows(_ user: String, _ count: Int) -> String {
      "time,user,id\n"
        + (1...count).map { "2026-10-0\($0)T10:00:00Z,\(user),\(user)-\($0)\n" }.joined()
    }
    let a = session.folder + "/a.csv"
    let b = session.folder + "/b.csv"
    try rows("alice", 6).write(toFile: a, atomically: true, encoding: .utf8)
    try rows("bob", 4).write(toFile: b, atomically: true, encoding: .utf8)
    let order = aFirst ? [a, b] : [b, a]
    var said = try order.map { try session.run(["import", "-"], stdinFile: $0).stdout }
    #expect(said[0].contains(aFirst ? "6 stamps new" : "4 stamps new"), "\(said)")
    #expect(said[1].contains(aFirst ? "4 stamps new" : "6 stamps new"), "\(said)")
    said = try order.map { try session.run(["import", "-"], stdinFile: $0).stdout }
    #expect(said.allSatisfy { $0.contains("nothing new") }, "\(said)")
    let usage = try session.run([
      "usage", "--from", "2026-10-01", "--to", "2026-10-31", "--by", "user", "--format", "csv",
    ])
    #expect(usage.stdout.contains("alice,6") && usage.stdout.contains("bob,4"), "\(usage.stdout)")
  }

  /// logrotate's copy of a log already imported, through a pipe: only the lines after what was
  /// imported count.
  @Test func aRotatedCopyThroughStandardInputAddsOnlyItsNewLines() throws {
    let session = Session()
    try session.run(["contract", "add", "F2112000371"])
    let lines = (0..<8).map { n in
      "10.0.0.5 - user\(n) [05/Oct/2026:10:00:0\(n) +0200] \"POST /TSS/TSS_user/ HTTP/1.1\" 200 1551 \"-\" \"curl\"\n"
    }
    let live = session.folder + "/access.log"
    let copy = session.folder + "/access.log.1"
    try lines.prefix(5).joined().write(toFile: live, atomically: true, encoding: .utf8)
    try lines.joined().write(toFile: copy, atomically: true, encoding: .utf8)
    #expect(try session.run(["import", live]).stdout.contains("5 stamps new"))
    let piped = try session.run(["import", "-"], stdinFile: copy).stdout
    #expect(piped.contains("3 stamps new") && piped.contains("after 5 lines"), "\(piped)")
    #expect(try session.run(["import", "-"], stdinFile: copy).stdout.contains("nothing new"))
  }

  @Test func aPipeIsReadWholeAndNothingIsStoredTwice() throws {
    let session = Session()
    try session.run(["contract", "add", "F2112000371"])
    for expected in [
      "1,650 lines · 1,087 stamps new · 0 duplicate", "nothing new (1,650 lines imported before)",
    ] {
      let text = try runProgram(
        "/bin/sh", ["-c", "cat samples/proxy/access.log | \"$0\" import -", binary],
        environment: session.environment
      ).stdout
      #expect(text.contains("standard input [auto: combined]: \(expected)"), "\(text)")
    }
  }

  /// Fresh tokens from a real `openssl ts` TSA, made by the committed fixture script.
  @Test func tokensFromARealOpenSSLTSA() throws {
    let session = Session()
    let tokens = session.folder + "/tokens"
    let made = try runProgram(
      repositoryRoot.appendingPathComponent("scripts/make-token-fixtures.sh").path, [tokens, "20"])
    try #require(made.status == 0, "\(made.stderr)")
    try session.run(["contract", "add", "F2112000371"])
    let first = try session.run(["import", "--user", "archive", tokens])
    #expect(first.status == 0)
    // 20 bulk + sha256-with-certs + sha512 + two tokens given one serial: 24 stamps. The bare
    // .tst of sha512 and of sha256-with-certs, and that token with its certificates stripped,
    // are the same tokens: 3 duplicates. 2 rejections.
    #expect(
      first.stdout.contains(
        "[auto: tsr]: 29 files · 24 stamps new · 3 duplicate · 2 rejected by TSA"),
      "\(first.stdout)")
    #expect(
      first.stdout.contains(
        "warning: 1 token with a serial number another token of the same TSA already has (80)"),
      "\(first.stdout)")
    #expect(first.stdout.contains("Skipped 2 files of no known format"))  // the two .pem files
    let again = try session.run(["import", "--user", "archive", tokens])
    #expect(again.stdout.contains("29 files · 0 stamps new · 29 duplicate"), "\(again.stdout)")
    // A renamed copy of a stripped token, imported on its own: still the same stamp.
    let copy = session.folder + "/elsewhere/renamed.tst"
    try FileManager.default.createDirectory(
      atPath: session.folder + "/elsewhere", withIntermediateDirectories: true)
    try FileManager.default.copyItem(
      atPath: tokens + "/granted-sha256-certs-stripped.tst", toPath: copy)
    let renamed = try session.run(["import", "--user", "archive", copy])
    #expect(renamed.stdout.contains("1 file · 0 stamps new · 1 duplicate"), "\(renamed.stdout)")
  }
}

/// The progress bar shows on a terminal (a pseudo-terminal made by `script`), and only there.
@Suite struct ProgressBarTests {
  @Test func aTerminalGetsAProgressBarAPipeDoesNot() throws {
    let session = Session()
    try session.run(["contract", "add", "F2112000371"])
    let log = try session.generatedLog(lines: 300_000)
    let shown = try runProgram(
      "/usr/bin/script", ["-qec", "\(binary) import \(log)", "/dev/null"],
      environment: session.environment
    ).stdout
    #expect(
      shown.range(of: #"generated-300000\.log \[#*\.*\] \d+%"#, options: .regularExpression) != nil,
      "\(shown.prefix(300))")
    #expect(shown.contains("300,000 lines"))
    // Through a pipe (as from cron) there is no bar, over the same whole import.
    let other = session.folder + "/other.sqlite"
    try session.run(["--db", other, "contract", "add", "F2112000371"])
    let piped = try session.run(["--db", other, "import", log])
    #expect(piped.stdout.contains("300,000 lines"))
    #expect(!piped.stderr.contains("%"))
  }
}

/// "Did last night's import run?" — every import is in the books: kept, dry, or failed.
@Suite struct ImportRunsTests {
  @Test func everyImportIsListedWithItsFigures() throws {
    let session = Session()
    try session.run(["contract", "add", "F2112000371"])
    let junk = session.folder + "/junk.log"
    try Data("not a log\nstill not\n".utf8).write(to: URL(fileURLWithPath: junk))
    #expect(try session.run(["import", "--dry-run", "samples/proxy/access.log"]).status == 0)
    #expect(try session.run(["import", "samples/proxy/access.log"]).status == 0)
    #expect(try session.run(["import", "--format", "combined", junk]).status == 65)
    #expect(try session.run(["import", "no/such.log"]).status == 66)
    let listed = try session.run(["imports"])
    #expect(listed.status == 0, "\(listed.stderr)")
    let rows = listed.stdout.split(separator: "\n").dropFirst(2).map { String($0) }
    #expect(rows.count == 4, "\(listed.stdout)")
    // newest first: outcome, lines, stamps new, malformed
    let expected = [
      ("failed: no/such.log: no such file", "0", "0", "0"),
      ("failed: mostly malformed, nothing written", "2", "0", "2"),
      ("ok", "1,650", "1,087", "1"),
      ("dry run", "1,650", "1,087", "1"),
    ]
    for (row, (outcome, lines, stamps, malformed)) in zip(rows, expected) {
      // columns apart by two spaces or more: started, seconds, outcome, the figures, paths
      let fields = row.replacingOccurrences(
        of: " {2,}", with: "\t", options: .regularExpression
      ).split(separator: "\t").map(String.init)
      try #require(fields.count == 7, "\(row)")
      #expect(fields[2].hasPrefix(outcome), "\(row)")
      #expect(Array(fields[3...5]) == [lines, stamps, malformed], "\(row)")
    }
  }
}
