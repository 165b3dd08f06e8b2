import Foundation
import TSAModel
import Testing

/// `alert` end to end through a real MTA: msmtp as the sendmail program, delivering over SMTP to
/// aiosmtpd on loopback, which writes a Maildir the test reads.
@Suite(.serialized) struct AlertMailTests {
  /// aiosmtpd on a loopback port (smtp_sink.py), stopped when the test lets go of it and, since
  /// it serves only while its standard input is open, also when the test run itself dies.
  final class SMTPServer {
    let server: BackgroundServer
    let maildir: String
    let port: Int

    init(folder: String) throws {
      maildir = folder + "/maildir"
      port = BackgroundServer.freePort()
      server = try BackgroundServer(
        [
          "/usr/bin/python3",
          repositoryRoot.appendingPathComponent("Tests/TSAReportCLITests/smtp_sink.py").path,
          maildir, String(port),
        ], port: port)
    }

    /// The delivered messages, oldest first, without the three headers the server adds
    /// (X-Peer, X-MailFrom, X-RcptTo), with LF line ends.
    func messages() -> [String] {
      let folder = maildir + "/new"
      let names = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
      let dated = names.compactMap { name -> (Date, String)? in
        guard
          let text = try? String(contentsOfFile: folder + "/" + name, encoding: .utf8),
          let date = (try? FileManager.default.attributesOfItem(atPath: folder + "/" + name))?[
            .modificationDate] as? Date
        else { return nil }
        return (date, text)
      }
      return dated.sorted { $0.0 < $1.0 }.map { _, text in
        text.replacingOccurrences(of: "\r\n", with: "\n").split(
          separator: "\n", omittingEmptySubsequences: false
        )
        .filter { !["X-Peer:", "X-MailFrom:", "X-RcptTo:"].contains(where: $0.hasPrefix) }
        .joined(separator: "\n")
      }
    }
  }

  /// Books whose contract has used `stampsUsed` of its 200 stamps, one a minute, ending an hour
  /// before `morning`.
  static let morning = "2026-11-25T09:00:00+01:00"

  func setUp(_ session: Session, stampsUsed: Int) throws {
    try session.run(["contract", "add", "F2112000371"])
    try session.run([
      "package", "add", "--contract", "F2112000371", "--stamps", "200", "--price", "847", "--paid",
      "2025-01-01",
    ])
    let end = parseInstant(Self.morning)!.adding(seconds: -3600)
    let events =
      (0..<stampsUsed).map { n in
        #"{"time":"\#(utcText(end.adding(seconds: Int64(-60 * n))))","user":"alice","id":"e\#(n)"}"#
      }.joined(separator: "\n") + "\n"
    let path = session.folder + "/events.jsonl"
    try Data(events.utf8).write(to: URL(fileURLWithPath: path))
    let imported = try session.run(["import", path])
    try #require(imported.status == 0, "\(imported.stderr)")
  }

  func msmtp(_ session: Session, port: Int) throws -> String {
    let config = session.folder + "/msmtprc"
    try Data(
      "account default\nhost 127.0.0.1\nport \(port)\nfrom tsa@example.cz\nauth off\ntls off\n".utf8
    )
    .write(to: URL(fileURLWithPath: config))
    chmod(config, 0o600)
    return "/usr/bin/msmtp -C \(config)"
  }

  /// `alert` at `time` (RFC 3339), with these further arguments.
  func alert(_ session: Session, at time: String = morning, _ arguments: [String]) throws
    -> Outcome
  {
    try session.run(["alert", "--as-of", time] + arguments)
  }

  @Test func aCriticalStateIsMailedOnceThroughARealMTA() throws {
    let session = Session()
    let server = try SMTPServer(folder: session.folder)
    try setUp(session, stampsUsed: 193)
    let options = [
      "--mail-to", "ucetni@example.cz", "--mail-from", "tsa@example.cz", "--sendmail",
      try msmtp(session, port: server.port),
    ]
    let first = try alert(session, options)
    #expect(first.status == 2, "\(first.stdout)\(first.stderr)")
    #expect(
      first.stdout.hasPrefix("TSA CRITICAL - F2112000371: 7 stamps left (3.5%), runway 1 day\n"))
    // five minutes later: nothing new, nothing printed, nothing sent
    let second = try alert(session, at: "2026-11-25T09:05:00+01:00", options)
    #expect(second.status == 2)
    #expect(second.stdout.isEmpty)

    let messages = server.messages()
    #expect(messages.count == 1)
    try expectGolden(try #require(messages.first), "alert/critical-mail.txt")
  }

  /// A Czech accountant's mail: Czech subject and body with Czech plurals, numbers and dates;
  /// the advice names the contract's own last package (1 000 razítek za 3 630,00 Kč) in one
  /// paragraph and the command in another; the status line on standard output stays English.
  @Test func aCzechMailReadsAsCzechAndAdvisesFromTheContractsOwnPackage() throws {
    let session = Session()
    let server = try SMTPServer(folder: session.folder)
    try setUp(session, stampsUsed: 193)
    try session.run([
      "package", "add", "--contract", "F2112000371", "--stamps", "1000", "--price", "3630",
      "--vat-rate", "21", "--paid", "2025-02-01", "--ref", "FV-2025-0201",
    ])
    // 1 193 used of 1 200: 7 left; the settings say Czech.
    let config = session.folder + "/config.toml"
    try Data("lang = \"cs\"\n".utf8).write(to: URL(fileURLWithPath: config))
    session.environment["TSA_REPORT_CONFIG"] = config
    let events = session.folder + "/more.jsonl"
    let end = parseInstant(Self.morning)!.adding(seconds: -7200)
    try Data(
      (0..<1000).map { n in
        #"{"time":"\#(utcText(end.adding(seconds: Int64(-30 * n))))","user":"bob","id":"m\#(n)"}"#
      }.joined(separator: "\n").appending("\n").utf8
    ).write(to: URL(fileURLWithPath: events))
    try #require(try session.run(["import", events]).status == 0)
    let result = try alert(
      session,
      [
        "--mail-to", "ucetni@example.cz", "--mail-from", "tsa@example.cz", "--sendmail",
        try msmtp(session, port: server.port),
      ])
    #expect(result.status == 2, "\(result.stdout)\(result.stderr)")
    #expect(
      result.stdout.hasPrefix(
        "TSA CRITICAL - F2112000371: 7 stamps left (0.6%), runway 0 days\nKRITICKÝ STAV — F2112000371:"
      ),
      "\(result.stdout)")
    let message = try #require(server.messages().first)
    try expectGolden(message, "alert/critical-mail-cs.txt")
  }

  /// A dry run with nothing to send says so, rather than print the status alone.
  @Test func aDryRunWithNothingDueSaysSo() throws {
    let session = Session()
    try setUp(session, stampsUsed: 10)
    let result = try alert(
      session, ["--dry-run", "--mail-to", "a@example.cz", "--mail-from", "tsa@example.cz"])
    #expect(result.status == 0, "\(result.stderr)")
    #expect(result.stdout.hasPrefix("TSA OK - "), "\(result.stdout)")
    #expect(result.stdout.contains("Nothing is due:"), "\(result.stdout)")
    #expect(!result.stdout.contains("Would send"))
  }

  /// An ordered, unpaid package is what to pay, not a new one to order.
  @Test func anUnpaidPackageIsWhatToPay() throws {
    let session = Session()
    try setUp(session, stampsUsed: 193)
    try session.run([
      "package", "add", "--contract", "F2112000371", "--stamps", "1000", "--price", "3630",
      "--ordered", "2026-11-20", "--ref", "FV-2026-1120",
    ])
    let result = try alert(
      session, ["--dry-run", "--mail-to", "ucetni@example.cz", "--mail-from", "tsa@example.cz"])
    #expect(result.status == 2)
    #expect(
      result.stdout.contains(
        "What to do: package 2 (FV-2026-1120): 1,000 stamps for 3,630.00 CZK excl. VAT of"
          + " F2112000371 is ordered but not paid yet; its stamps count only once it is paid. Pay"
          + " it.\n\nFor whoever keeps the books: once it is paid, record the day:\n"
          + "  tsa-report package pay 2 --date YYYY-MM-DD\n"), "\(result.stdout)")
    let czech = try alert(
      session,
      [
        "--dry-run", "--lang", "cs", "--mail-to", "ucetni@example.cz", "--mail-from",
        "tsa@example.cz",
      ])
    #expect(
      czech.stdout.contains(
        "Co udělat: balíček 2 (FV-2026-1120): 1 000 razítek za 3 630,00 Kč bez DPH smlouvy"
          + " F2112000371 je objednaný, ale ještě nezaplacený"), "\(czech.stdout)")
  }

  /// Without --mail-from or mail_from the sender is tsa-report@ and the machine's fully
  /// qualified name; a bare host name is refused with what to set. The host name is set in a
  /// UTS namespace of the test's own (root only).
  @Test func theSenderIsAFullyQualifiedNameOrARefusal() throws {
    guard geteuid() == 0 else { return }
    let session = Session()
    try setUp(session, stampsUsed: 193)
    func alert(hostname: String) throws -> Outcome {
      try runProgram(
        "/usr/bin/unshare",
        [
          "--uts", "/bin/sh", "-c", "hostname \"$0\" && exec \"$@\"", hostname, binary, "alert",
          "--as-of", Self.morning, "--dry-run", "--mail-to", "a@example.cz",
        ], environment: session.environment)
    }
    let named = try alert(hostname: "tsa.firma.example")
    #expect(named.stdout.contains("From: tsa-report@tsa.firma.example\n"), "\(named.stdout)")
    let bare = try alert(hostname: "vm")
    #expect(bare.status == 3)
    #expect(
      bare.stdout.hasPrefix(
        "TSA UNKNOWN - no sender for the mail: this machine's name 'vm' is not fully qualified"
          + " (hostname -f). Set mail_from = \"tsa-report@your-domain.cz\" in the settings file,"
          + " or give --mail-from.\n"), "\(bare.stdout)")
  }

  @Test func aSendmailThatFailsIsExit3AndTheNextRunSends() throws {
    let session = Session()
    try setUp(session, stampsUsed: 193)
    let failed = try alert(
      session,
      ["--mail-to", "a@example.cz", "--mail-from", "tsa@example.cz", "--sendmail", "/bin/false"])
    #expect(failed.status == 3)
    #expect(failed.stdout.hasPrefix("TSA UNKNOWN - /bin/false refused the message (exit 1)\n"))
    let server = try SMTPServer(folder: session.folder)
    let retried = try alert(
      session, at: "2026-11-25T09:05:00+01:00",
      [
        "--mail-to", "a@example.cz", "--mail-from", "tsa@example.cz", "--sendmail",
        try msmtp(session, port: server.port),
      ])
    #expect(retried.status == 2)
    #expect(server.messages().count == 1)
  }

  /// A mail program that never returns (and leaves a child of its own holding the pipes) is
  /// stopped at the deadline: exit 3, and the notice is still due at the next run.
  @Test func aMailProgramThatHangsIsStoppedAndTheNoticeStaysDue() throws {
    let session = Session()
    try setUp(session, stampsUsed: 193)
    let hanging = session.folder + "/hanging-sendmail"
    try Data("#!/bin/sh\nsleep 600 &\ncat > /dev/null\nsleep 600\n".utf8).write(
      to: URL(fileURLWithPath: hanging))
    let hung = try alert(
      session,
      [
        "--mail-to", "a@example.cz", "--mail-from", "tsa@example.cz", "--sendmail",
        "/bin/sh \(hanging)", "--sendmail-timeout", "1s",
      ])
    #expect(hung.status == 3, "\(hung.stdout)\(hung.stderr)")
    #expect(
      hung.stdout.hasPrefix("TSA UNKNOWN - /bin/sh did not finish within 1 s and was stopped;"),
      "\(hung.stdout)")
    let server = try SMTPServer(folder: session.folder)
    let next = try alert(
      session, at: "2026-11-25T09:05:00+01:00",
      [
        "--mail-to", "a@example.cz", "--mail-from", "tsa@example.cz", "--sendmail",
        try msmtp(session, port: server.port),
      ])
    #expect(next.status == 2)
    #expect(server.messages().count == 1)
  }

  @Test func monitoringGetsItsStatusEveryTime() throws {
    let session = Session()
    try setUp(session, stampsUsed: 150)
    for _ in 0..<2 {
      let check = try alert(session, ["--always", "--warn-runway", "0d", "--crit-runway", "0d"])
      #expect(check.status == 0)
      #expect(
        check.stdout.hasPrefix("TSA OK - F2112000371: 50 stamps left (25%), runway 10 days\n"))
    }
    let warning = try alert(
      session, ["--always", "--warn-below", "60", "--warn-runway", "0d", "--crit-runway", "0d"])
    #expect(warning.status == 1)
    #expect(warning.stdout.hasPrefix("TSA WARNING - F2112000371: 50 stamps left (25%)"))
  }

  /// A day names its last moment: the books as they stood at the end of that day.
  @Test func asOfADayIsItsLastMoment() throws {
    let session = Session()
    try setUp(session, stampsUsed: 150)  // the last at 07:00 on 25 November, Prague
    let before = try alert(session, at: "2026-11-24", ["--always"])
    #expect(before.stdout.hasPrefix("TSA OK - F2112000371: 200 stamps left (100%)"))
    let after = try alert(session, at: "2026-11-25", ["--always"])
    #expect(
      after.stdout.hasPrefix("TSA WARNING - F2112000371: 50 stamps left (25%), runway 10 days"))
    let wrong = try alert(session, at: "yesterday", ["--always"])
    #expect(wrong.status == 64)
    #expect(wrong.stderr.contains("--as-of 'yesterday' is neither a day (2026-11-24) nor a time"))
  }

  @Test func aSettingsFileKeepsTheCrontabLineShort() throws {
    let session = Session()
    let server = try SMTPServer(folder: session.folder)
    try setUp(session, stampsUsed: 193)
    let config = session.folder + "/config.toml"
    try Data(
      """
      # tsa-report settings
      mail_to = ["ucetni@example.cz", "it@example.cz"]
      mail_from = "tsa@example.cz"
      sendmail = "\(try msmtp(session, port: server.port))"
      sendmail_timeout = "30s"
      warn_below = ["20%"]
      remind_after = "7d"
      """.utf8
    ).write(to: URL(fileURLWithPath: config))
    session.environment["TSA_REPORT_CONFIG"] = config
    let result = try alert(session, [])
    #expect(result.status == 2, "\(result.stderr)")
    let message = try #require(server.messages().first)
    #expect(message.contains("To: ucetni@example.cz, it@example.cz"))
  }
}

/// Two alert runs that overlap (cron every five minutes, a slow mail program) never both send.
@Suite struct AlertLockTests {
  @Test func aSecondAlertWhileOneRunsSendsNothingAndSaysWhy() throws {
    let session = Session()
    try session.run(["contract", "add", "F2112000371"])
    let lock = session.folder + "/books.sqlite"
    // Another run holds the lock (flock on the books, as a running alert does) and then says
    // so in a file.
    // It waits for a signal, not with a timed sleep: libfaketime (the shifted test run) breaks
    // Python's monotonic sleep.
    let ready = session.folder + "/holding"
    let holder = try BackgroundServer(
      [
        "/usr/bin/python3", "-c",
        "import fcntl, signal, sys; f = open(sys.argv[1], 'rb'); fcntl.flock(f, fcntl.LOCK_EX);"
          + " open(sys.argv[2], 'w').close(); signal.pause()",
        lock, ready,
      ], ready: { FileManager.default.fileExists(atPath: ready) })
    try #require(FileManager.default.fileExists(atPath: ready), "the lock holder did not start")
    let second = try session.run([
      "alert", "--as-of", "2026-11-25", "--mail-to", "a@example.cz", "--mail-from",
      "tsa@example.cz", "--sendmail", "/bin/true",
    ])
    #expect(second.status == 3)
    #expect(
      second.stdout.hasPrefix("TSA UNKNOWN - another tsa-report alert is running on "),
      "\(second.stdout)")
    // A monitoring check (--always) sends and records nothing: it does not wait for the lock
    // (and books with no paid package are UNKNOWN, not OK).
    let check = try session.run(["alert", "--as-of", "2026-11-25", "--always"])
    #expect(check.status == 3)
    #expect(
      check.stdout.hasPrefix("TSA UNKNOWN - no paid package in the books "), "\(check.stdout)")
    withExtendedLifetime(holder) {}
  }

  /// An alert run as root (a dry run, or a real one) leaves nothing beside the books that their
  /// owner, the service user, could not open: the next run as that user is not locked out.
  @Test func anAlertAsRootNeverLocksOutTheBooksOwner() throws {
    guard getuid() == 0 else { return }  // needs root, as CI runs
    let session = Session()
    try session.run(["contract", "add", "F2112000371"])
    try session.run([
      "package", "add", "--contract", "F2112000371", "--stamps", "200", "--paid", "2026-01-05",
    ])
    let before = try FileManager.default.contentsOfDirectory(atPath: session.folder).sorted()
    let flags = [
      "--as-of", "2026-11-25", "--mail-to", "a@example.cz", "--mail-from", "tsa@example.cz",
      "--sendmail", "/bin/true",
    ]
    #expect([0, 1, 2].contains(try session.run(["alert", "--dry-run"] + flags).status))
    #expect([0, 1, 2].contains(try session.run(["alert"] + flags).status))
    #expect(try FileManager.default.contentsOfDirectory(atPath: session.folder).sorted() == before)
    let own = try runProgram("/bin/chown", ["-R", "nobody:nogroup", session.folder])
    try #require(own.status == 0, "\(own.stderr)")
    let asOwner = try runProgram(
      "/usr/bin/setpriv",
      ["--reuid=nobody", "--regid=nogroup", "--clear-groups", binary, "alert"] + flags,
      environment: session.environment)
    #expect([0, 1, 2].contains(asOwner.status), "\(asOwner.stdout) \(asOwner.stderr)")
    #expect(!asOwner.stdout.contains("lock"), "\(asOwner.stdout)")
  }
}

/// Alert levels that cannot lie: books a check cannot count against are UNKNOWN, with the path.
@Suite struct AlertUnknownTests {
  @Test func booksWithNoContractOrNoPaidPackageAreUnknown() throws {
    let session = Session()
    let empty = try session.run(["alert", "--always"])
    #expect(empty.status == 3)
    #expect(
      empty.stdout
        == "TSA UNKNOWN - no contracts in the books \(session.folder)/books.sqlite: is the check"
        + " aimed at the wrong books (--db, TSA_REPORT_DB, db in the settings)? Else add one:"
        + " tsa-report contract add ID\n")
    try session.run(["contract", "add", "F2112000371"])
    try session.run(["package", "add", "--contract", "F2112000371", "--stamps", "200"])  // unpaid
    let unpaid = try session.run(["alert", "--always"])
    #expect(unpaid.status == 3)
    #expect(unpaid.stdout.contains("no paid package in the books"), "\(unpaid.stdout)")
    try session.run(["package", "pay", "1", "--date", "2026-01-05"])
    let paid = try session.run(["alert", "--always", "--as-of", "2026-11-25"])
    #expect(paid.status == 0, "\(paid.stdout)")
    #expect(paid.stdout.contains("Newest line in the books: none yet"), "\(paid.stdout)")
  }
}

/// Books that stopped growing (a broken log path, a dead import) must not look better: with
/// `--warn-stale`/`--crit-stale` an old newest line is WARNING or CRITICAL and says since when.
@Suite struct AlertStaleTests {
  @Test func booksThatStoppedGrowingAreWarnedAbout() throws {
    let session = Session()
    try session.run(["contract", "add", "F2112000371"])
    try session.run([
      "package", "add", "--contract", "F2112000371", "--stamps", "200", "--paid", "2026-01-05",
    ])
    let events = session.folder + "/events.jsonl"
    try Data(
      #"{"time":"2026-11-15T09:00:00Z","user":"alice","id":"e1"}"#.appending("\n").utf8
    ).write(to: URL(fileURLWithPath: events))
    try session.run(["import", events])
    let at = ["alert", "--always", "--as-of", "2026-11-25T12:00:00+01:00"]
    let fresh = try session.run(at)
    #expect(fresh.status == 0, "\(fresh.stdout)")
    #expect(fresh.stdout.contains("Newest line in the books: 2026-11-15 10:00 +01:00"))
    let warned = try session.run(at + ["--warn-stale", "3d"])
    #expect(warned.status == 1)
    #expect(
      warned.stdout.hasPrefix(
        "TSA WARNING - F2112000371: 199 stamps left (99.5%), runway 5,970 days at the pace up to"
          + " 2026-11-15, nothing new since 2026-11-15 10:00 +01:00\n"), "\(warned.stdout)")
    #expect(warned.stdout.contains("no new line for 10 days (limit 3 days)"))
    let critical = try session.run(at + ["--warn-stale", "3d", "--crit-stale", "7d"])
    #expect(critical.status == 2)
    // A month on, the trailing 30 days hold no stamp: without a stale threshold the books
    // show no runway at all; with one, the runway is the pace up to the newest line.
    let later = ["alert", "--always", "--as-of", "2026-12-20T12:00:00+01:00"]
    #expect(
      try session.run(later).stdout.hasPrefix(
        "TSA OK - F2112000371: 199 stamps left (99.5%)\n"))
    #expect(
      try session.run(later + ["--warn-stale", "3d"]).stdout.hasPrefix(
        "TSA WARNING - F2112000371: 199 stamps left (99.5%), runway 5,970 days at the pace up to"
          + " 2026-11-15, nothing new since 2026-11-15 10:00 +01:00\n"))
  }
}
