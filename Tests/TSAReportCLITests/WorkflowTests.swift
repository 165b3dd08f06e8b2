import Foundation
import Testing

/// The walking skeleton end to end through the built binary: books set up, the sample proxy
/// log imported, usage and balance reported; compared with committed transcripts.
@Suite struct WorkflowTests {
  func setUp(_ session: Session) throws -> String {
    var text = ""
    for command in [
      [
        "contract", "add", "F2112000371", "--name", "PostSignum TSA", "--account", "tsa@example.cz",
      ],
      [
        "package", "add", "--contract", "F2112000371", "--stamps", "200", "--price", "847",
        "--vat-rate", "21", "--paid", "2021-12-13", "--ref", "FV-2021-1207",
      ],
      [
        "package", "add", "--contract", "F2112000371", "--stamps", "1000", "--price", "3630",
        "--vat-rate", "21", "--paid", "2026-08-28", "--ref", "FV-2026-0820",
      ],
      ["package", "add", "--contract", "F2112000371", "--stamps", "1000", "--ref", "FV-2026-1120"],
      ["import", "samples/proxy/access.log"],
    ] {
      text += try session.transcript(command)
    }
    return text
  }

  @Test func theSampleLogFromImportToReports() throws {
    let session = Session()
    var text = try setUp(session)
    for command in [
      ["import", "samples/proxy/access.log"],
      ["contract", "list"], ["package", "list"], ["rejects"],
      ["usage", "--from", "2026-10-01", "--to", "2026-10-31", "--by", "user"],
      ["usage", "--from", "2026-10-01", "--to", "2026-10-31", "--by", "user", "--format", "csv"],
      ["usage", "--from", "2026-10-24", "--to", "2026-10-26", "--by", "day", "--by", "user"],
      [
        "usage", "--from", "2026-09-01", "--to", "2026-10-31", "--by", "month", "--contract",
        "F2112000371",
      ],
      [
        "usage", "--from", "2026-09-01", "--to", "2026-10-31", "--by", "week", "--user", "carol",
        "--format", "csv",
      ],
      ["--tz", "UTC", "usage", "--from", "2026-09-30", "--to", "2026-09-30", "--by", "user"],
      // A period over on any day the suite runs (a note says when one is not).
      ["usage", "--period", "2026-10", "--by", "month", "--by", "package"],
      ["user", "set", "alice", "--cost-centre", "CC-110"],
      ["user", "set", "bob", "--cost-centre", "CC-110"],
      ["user", "alias", "10.20.7.40", "archive"],
      ["user", "set", "archive", "--cost-centre", "CC-900"],
      ["usage", "--period", "2026-10", "--by", "cost-centre", "--format", "csv"],
      ["usage", "--period", "2026-10-25", "--by", "source"],
      ["balance", "--as-of", "2026-09-30"],
      ["balance", "--as-of", "2026-10-31", "--format", "csv"],
      ["balance", "--as-of", "2026-10-31", "--contract", "F2112000371"],
      [
        "reconcile", "--contract", "F2112000371", "--provider-used", "1087", "--as-of",
        "2026-10-31",
      ],
      [
        "reconcile", "--contract", "F2112000371", "--provider-used", "1090", "--as-of",
        "2026-10-31T23:00:00Z",
      ],
      // The portal's stamps left: October's closing, 113, all in package 2; then 200 more.
      [
        "reconcile", "--contract", "F2112000371", "--provider-left", "113", "--provider-used",
        "1087", "--as-of", "2026-10-31",
      ],
      [
        "reconcile", "--contract", "F2112000371", "--provider-left", "313", "--as-of",
        "2026-10-31T23:00:00Z",
      ],
    ] {
      text += try session.transcript(command)
    }
    try expectGolden(text, "workflow/sample-log.txt")
  }

  @Test func reportsGoToAFileWhoseExtensionPicksTheFormat() throws {
    let session = Session()
    _ = try setUp(session)
    let path = session.folder + "/october.csv"
    let result = try session.run([
      "usage", "--from", "2026-10-01", "--to", "2026-10-31", "--by", "user", "--output", path,
    ])
    #expect(result.status == 0)
    #expect(result.stdout.isEmpty)
    let csv = try String(contentsOfFile: path, encoding: .utf8)
    #expect(csv.hasPrefix("user,stamps,cost_excl_vat,vat,cost_incl_vat,row\r\n"))
    #expect(
      try FileManager.default.contentsOfDirectory(atPath: session.folder).filter {
        $0.contains(".tmp")
      }.isEmpty)
  }

  /// The acceptance check of the walking skeleton: October's usage by user equals what awk
  /// counts over the same lines with the same classification (POST, 2xx, body >= 300 bytes;
  /// the user is $remote_user, or $remote_addr when that is "-"). nginx wrote the sample's
  /// times in Prague time, so the month can be read off the line itself.
  @Test func usageByUserEqualsACountByHand() throws {
    let session = Session()
    _ = try setUp(session)
    let csv = try session.run([
      "usage", "--from", "2026-10-01", "--to", "2026-10-31", "--by", "user", "--format", "csv",
    ])
    #expect(csv.status == 0)

    let byHand = try runProgram(
      "/usr/bin/gawk",
      [
        #"""
        match($0, /^([^ ]+) [^ ]+ (.*) \[[0-9]+\/([A-Za-z]+)\/([0-9]+):[^]]*\] "([A-Z]+) [^"]*" ([0-9]+) ([0-9]+|-)/, f) {
          user = f[2] == "-" ? f[1] : f[2]
          if (f[3] == "Oct" && f[4] == "2026" && f[5] == "POST" && f[6] ~ /^2/ && f[7] != "-" && f[7] + 0 >= 300) { n[user]++; total++ }
        }
        END { for (u in n) print u "," n[u]; print "total," total }
        """#,
        repositoryRoot.appendingPathComponent("samples/proxy/access.log").path,
      ]
    ).stdout

    let ours = csv.stdout.split(separator: "\r\n").dropFirst().map { $0.split(separator: ",") }
    let theirs = byHand.split(separator: "\n").map(String.init)
    #expect(Set(ours.map { $0[0...1].joined(separator: ",") }) == Set(theirs))
    #expect(ours.count == 6)  // five users and the total
    // Every October stamp is drawn from package 2: 3630 CZK for 1000 stamps, 3.63 a stamp
    // excluding VAT, plus 21 % VAT.
    for row in ours {
      let stamps = Decimal(string: String(row[1]))!
      #expect(Decimal(string: String(row[2])) == stamps * Decimal(string: "3.63")!)
      #expect(
        Decimal(string: String(row[4])) == Decimal(string: String(row[2]))! + Decimal(
          string: String(row[3]))!)
    }
  }

  @Test func importingTwiceChangesNothing() throws {
    let session = Session()
    _ = try setUp(session)
    let before = try session.run([
      "usage", "--from", "2026-09-01", "--to", "2026-10-31", "--by", "day", "--by", "user",
      "--format", "csv",
    ])
    let again = try session.run(["import", "samples/proxy/access.log"])
    #expect(again.stdout.contains("nothing new (1,650 lines imported before)"))
    let after = try session.run([
      "usage", "--from", "2026-09-01", "--to", "2026-10-31", "--by", "day", "--by", "user",
      "--format", "csv",
    ])
    #expect(before.stdout == after.stdout)
    #expect(before.stdout.count > 1000)
  }
}
