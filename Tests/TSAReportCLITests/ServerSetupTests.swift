import Foundation
import TSALedger
import Testing

/// A granted stamp as nginx's combined log writes it, `index` seconds after 1 Oct 2026 09:00.
private func stampLine(_ index: Int) -> String {
  let minute = index / 60
  let second = index % 60
  let time = String(format: "01/Oct/2026:%02d:%02d:%02d", 9 + minute / 60, minute % 60, second)
  return
    "10.20.7.40 - alice [\(time) +0200] \"POST /TSS/TSS_user/ HTTP/1.1\" 200 1553 \"-\" \"c\"\n"
}

private func write(_ text: String, to path: String) throws {
  try Data(text.utf8).write(to: URL(fileURLWithPath: path))
}

private func append(_ text: String, to path: String) throws {
  let handle = try #require(FileHandle(forWritingAtPath: path))
  handle.seekToEndOfFile()
  handle.write(Data(text.utf8))
  handle.closeFile()
}

/// The settings file on a server: where it is looked for, what it may say, and `import` with no
/// paths reading the logs it names.
@Suite struct SettingsFileTests {
  /// The settings file `doctor` says is in use.
  private func settingsInUse(_ session: Session, _ arguments: [String] = []) throws -> String {
    let result = try session.run(["doctor"] + arguments)
    let line = try #require(
      result.stdout.split(separator: "\n").first { $0.contains("Settings file") })
    return String(line).replacingOccurrences(of: session.folder, with: "$TMP")
  }

  @Test func theSettingsFileIsLookedForInTheDocumentedOrder() throws {
    let session = Session()
    #expect(try settingsInUse(session) == "FIX  Settings file: none")
    let system = session.environment["TSA_REPORT_SYSTEM_CONFIG"]!
    try write("tz = \"Europe/Prague\"\n", to: system)
    #expect(try settingsInUse(session) == "OK   Settings file: $TMP/etc-tsa-report-config.toml")
    // The user's own file wins over the system's.
    let own = session.folder + "/.config/tsa-report"
    try FileManager.default.createDirectory(atPath: own, withIntermediateDirectories: true)
    try write("tz = \"Europe/Prague\"\n", to: own + "/config.toml")
    #expect(try settingsInUse(session) == "OK   Settings file: $TMP/.config/tsa-report/config.toml")
    // TSA_REPORT_CONFIG wins over both, --config over everything.
    try write("", to: session.folder + "/env.toml")
    try write("", to: session.folder + "/flag.toml")
    session.environment["TSA_REPORT_CONFIG"] = session.folder + "/env.toml"
    #expect(try settingsInUse(session) == "OK   Settings file: $TMP/env.toml (TSA_REPORT_CONFIG)")
    #expect(
      try settingsInUse(session, ["--config", session.folder + "/flag.toml"])
        == "OK   Settings file: $TMP/flag.toml (--config)")
  }

  @Test func listsMayRunOverLinesWithCommentsAndErrorsNameTheLine() throws {
    let session = Session()
    let config = session.folder + "/config.toml"
    try write(
      """
      # logs of both proxies
      logs = [
        "/var/log/nginx/tsa-access.log",  # the front proxy
        '/var/log/apache2/tsa_access.log',
      ]
      tz = "Europe/Prague" # Czech books
      mail_from = "tsa-report@server.example.cz"

      """, to: config)
    let doctor = try session.run(["doctor", "--config", config])
    #expect(
      doctor.stdout.contains(
        "logs = [/var/log/nginx/tsa-access.log, /var/log/apache2/tsa_access.log]"),
      "\(doctor.stdout)")
    #expect(doctor.stdout.contains("tz = Europe/Prague\n"))
    for (text, message) in [
      ("logs = [\n  \"a.log\"\n", "config.toml:3: the list is not closed with ']'."),
      ("tz = Europe/Prague extra\n", "config.toml:1: unexpected text after the value"),
      ("\n\nlog = [\"a\"]\n", "config.toml:3: unknown setting 'log'; known: bundle_dir,"),
      ("tz = \"Europe/Prague\n", "config.toml:1: the text is not closed with '\"'."),
    ] {
      try write(text, to: config)
      let result = try session.run(["import", "--config", config])
      #expect(result.status == 64, "\(text)")
      #expect(result.stderr.contains(message), "\(text): \(result.stderr)")
      #expect(!result.stderr.contains("usage("), "\(result.stderr)")
    }
  }

  /// A wrong value in the settings is named with its file and line, by every command.
  @Test func aWrongValueInTheSettingsNamesItsLine() throws {
    let session = Session()
    try session.demoBooks()
    let config = session.folder + "/config.toml"
    try write(
      "tz = \"Europe/Prague\"\n\nwarn_stale = \"3x\"\ncrit_below = [\"lots\"]\n", to: config)
    session.environment["TSA_REPORT_CONFIG"] = config
    let alert = try session.run(["alert", "--always"])
    #expect(alert.status == 3)
    #expect(
      alert.stdout.replacingOccurrences(of: session.folder, with: "$TMP").hasPrefix(
        "TSA UNKNOWN - $TMP/config.toml:4: crit_below 'lots' is neither a number of stamps (20)"
          + " nor a share (10%).\n"), "\(alert.stdout)")
    try write("warn_stale = \"3x\"\n", to: config)
    #expect(
      try session.run(["alert", "--always"]).stdout.replacingOccurrences(
        of: session.folder, with: "$TMP"
      ).hasPrefix("TSA UNKNOWN - $TMP/config.toml:1: warn_stale '3x' is not a duration;"))
    try write("lang = \"de\"\n", to: config)
    let usage = try session.run(["usage", "--period", "2026-10"])
    #expect(usage.status == 64)
    #expect(
      usage.stderr.replacingOccurrences(of: session.folder, with: "$TMP")
        == "Error: $TMP/config.toml:1: lang 'de' is not a language tsa-report speaks; use en or"
        + " cs.\n")
  }

  /// The issue's own case: 100 lines imported, 10 more written, logrotate renames the log and
  /// starts a new one: `import` with no paths reads the rotated copy's last 10 lines too.
  @Test func importWithNoPathsReadsTheSettingsLogsWithTheirRotatedCopies() throws {
    let session = Session()
    try session.run(["contract", "add", "F2112000371"])
    let logs = session.folder + "/nginx"
    try FileManager.default.createDirectory(atPath: logs, withIntermediateDirectories: true)
    let log = logs + "/tsa-access.log"
    try write((0..<100).map(stampLine).joined(), to: log)
    let config = session.folder + "/config.toml"
    try write("logs = [\"\(log)\"]\n", to: config)
    session.environment["TSA_REPORT_CONFIG"] = config

    let first = try session.run(["import"])
    #expect(first.status == 0, "\(first.stderr)")
    try append((100..<110).map(stampLine).joined(), to: log)
    try FileManager.default.moveItem(atPath: log, toPath: log + ".1")
    try write((110..<115).map(stampLine).joined(), to: log)

    let second = try session.run(["import"])
    #expect(second.status == 0, "\(second.stderr)")
    #expect(second.stdout.contains("tsa-access.log.1 [auto: combined]: 10 lines · 10 stamps new"))
    #expect(second.stdout.contains("tsa-access.log [auto: combined]: 5 lines · 5 stamps new"))
    let usage = try session.run(["usage", "--from", "2026-10-01", "--to", "2026-10-01"])
    #expect(usage.stdout.contains("115"), "\(usage.stdout)")
    // Once more: nothing new, nothing twice.
    let third = try session.run(["import"])
    #expect(third.status == 0)
    #expect(
      third.stdout.components(separatedBy: ": nothing new (").count == 3,
      "\(third.stdout)")
    #expect(
      try session.run(["usage", "--from", "2026-10-01", "--to", "2026-10-01", "--format", "csv"])
        .stdout.contains(",115"))
  }

  /// Right after logrotate the live log is empty: the configured import says so, exits 0, and
  /// the rotated copy's unread lines are imported.
  @Test func anEmptyLiveLogRightAfterRotationIsNothingToImport() throws {
    let session = Session()
    try session.run(["contract", "add", "F2112000371"])
    let log = session.folder + "/tsa-access.log"
    try write((0..<3).map(stampLine).joined(), to: log)
    let config = session.folder + "/config.toml"
    try write("logs = [\"\(log)\"]\n", to: config)
    session.environment["TSA_REPORT_CONFIG"] = config
    #expect(try session.run(["import"]).status == 0)
    try append((3..<5).map(stampLine).joined(), to: log)
    try FileManager.default.moveItem(atPath: log, toPath: log + ".1")
    try write("", to: log)
    let rotated = try session.run(["import"])
    #expect(rotated.status == 0, "\(rotated.stderr)")
    #expect(rotated.stdout.contains("tsa-access.log.1 [auto: combined]: 2 lines · 2 stamps new"))
    #expect(
      rotated.stdout.contains("tsa-access.log: empty, nothing to import"), "\(rotated.stdout)")
  }

  @Test func aConfiguredLogThatIsMissingFailsAfterTheOthersAreImported() throws {
    let session = Session()
    try session.run(["contract", "add", "F2112000371"])
    let present = session.folder + "/present.log"
    try write((0..<3).map(stampLine).joined(), to: present)
    let config = session.folder + "/config.toml"
    try write(
      "logs = [\n  \"\(present)\",\n  \"\(session.folder)/moved.log\",\n]\n", to: config)
    let result = try session.run(["import", "--config", config])
    #expect(result.status == 66)
    #expect(result.stdout.contains("present.log [auto: combined]: 3 lines · 3 stamps new"))
    #expect(
      result.stderr.replacingOccurrences(of: session.folder, with: "$TMP")
        == "Error: no file matches $TMP/moved.log, named by logs in $TMP/config.toml:1; check"
        + " the path and that this user may read the folder (tsa-report doctor says more).\n")
    let none = try session.run(["import"])
    #expect(none.status == 64)
    #expect(none.stderr.contains("or name the logs in the settings file: logs = ["))
  }
}

/// The monthly bundle opened to the accountants' group, by option or setting.
@Suite struct BundlePermissionTests {
  private func mode(_ path: String) throws -> (mode: Int, group: UInt32) {
    var info = stat()
    try #require(stat(path, &info) == 0, "\(path)")
    return (Int(info.st_mode & 0o777), info.st_gid)
  }

  @Test func modeAndGroupReachEveryFileAndFolder() throws {
    let session = Session()
    try session.demoBooks()
    // A group this user is in (root may give any): its own primary group.
    let group = getgid()
    let name = String(cString: try #require(getgrgid(group)).pointee.gr_name)
    let out = session.folder + "/share/tsa"
    let result = try session.run([
      "monthly", "--month", "2026-10", "--out", out, "--mode", "0640", "--group", name,
    ])
    #expect(result.status == 0, "\(result.stderr)")
    #expect(try mode(out).mode == 0o750)
    #expect(try mode(out + "/2026-10").mode == 0o750)
    for file in try FileManager.default.contentsOfDirectory(atPath: out + "/2026-10") {
      #expect(try mode(out + "/2026-10/" + file) == (0o640, group), "\(file)")
    }
    // The settings say the same; without either, the bundle stays private.
    let config = session.folder + "/config.toml"
    try write(
      "bundle_dir = \"\(session.folder)/by-settings\"\nbundle_mode = \"0644\"\n", to: config)
    #expect(try session.run(["monthly", "--month", "2026-10", "--config", config]).status == 0)
    #expect(try mode(session.folder + "/by-settings/2026-10/summary.txt").mode == 0o644)
    #expect(try mode(session.folder + "/by-settings/2026-10").mode == 0o755)
    #expect(
      try session.run(["monthly", "--month", "2026-10", "--out", session.folder + "/private"])
        .status == 0)
    #expect(try mode(session.folder + "/private/2026-10/summary.txt").mode == 0o600)
    #expect(try mode(session.folder + "/private/2026-10").mode == 0o700)
  }

  @Test func aModeOrGroupThatCannotBeIsRefused() throws {
    let session = Session()
    try session.demoBooks()
    for (arguments, message) in [
      (["--mode", "rw-r-----"], "--mode 'rw-r-----' is not a file mode; write it in octal"),
      (["--mode", "0666"], "--mode '0666' gives others write or anyone execute"),
      (["--mode", "0440"], "--mode '0440' would stop tsa-report replacing its own files"),
      (
        ["--group", "no-such-group-here"], "the group 'no-such-group-here' (--group) does not exist"
      ),
    ] {
      let result = try session.run(
        ["monthly", "--month", "2026-10", "--out", session.folder + "/out"] + arguments)
      #expect(result.status == 64, "\(arguments)")
      #expect(result.stderr.contains(message), "\(arguments): \(result.stderr)")
      #expect(!FileManager.default.fileExists(atPath: session.folder + "/out/2026-10"))
    }
  }
}

/// `tsa-report doctor`: each problem a sysadmin meets after installing, with its fix.
@Suite struct DoctorTests {
  /// Demo books, a settings file naming `logs`, mail set up with a program that exists.
  @discardableResult
  private func server(_ session: Session, logs: [String]) throws -> String {
    try session.demoBooks()
    let config = session.folder + "/config.toml"
    try write(
      """
      db = "\(session.environment["TSA_REPORT_DB"]!)"
      logs = [\(logs.map { "\"\($0)\"" }.joined(separator: ", "))]
      mail_to = ["ucetni@example.cz"]
      mail_from = "tsa-report@server.example.cz"
      sendmail = "/bin/cat"
      """, to: config)
    session.environment["TSA_REPORT_CONFIG"] = config
    return config
  }

  private func lines(_ text: String, _ session: Session) -> [String] {
    text.replacingOccurrences(of: session.folder, with: "$TMP").split(separator: "\n")
      .map(String.init)
  }

  @Test func aSetUpServerIsAllOK() throws {
    let session = Session()
    let log = session.folder + "/tsa-access.log"
    try FileManager.default.copyItem(
      atPath: repositoryRoot.appendingPathComponent("samples/proxy/access.log").path, toPath: log)
    try server(session, logs: [log])
    let result = try session.run(["doctor"])
    #expect(result.status == 0, "\(result.stdout)")
    let said = lines(result.stdout, session)
    #expect(said.contains("OK   Books: $TMP/demo/books.sqlite, writable"))
    #expect(said.contains("       contracts: 1, paid packages: 2"))
    #expect(said.contains("       newest line 2026-10-31 21:00 +01:00"), "\(said)")
    #expect(
      said.contains(
        "OK   Log $TMP/tsa-access.log: readable, combined (detected), 1,650 lines, all imported"))
    #expect(said.contains("OK   Mail program: /bin/cat (executable)"))
    #expect(said.contains("OK   Time zone: Europe/Prague (TSA_REPORT_TZ)"))
    #expect(said.last == "All 7 checks OK.")
  }

  @Test func aMissingLogAnUnreadableLogAndAMissingMailProgramEachSayTheirFix() throws {
    let session = Session()
    let readable = session.folder + "/tsa-access.log"
    try write(
      "10.20.7.40 - - [01/Nov/2026:09:00:00 +0100] \"POST /tsa HTTP/1.1\" 200 1553 \"-\" \"c\"\n",
      to: readable)
    let unreadable = session.folder + "/private.log"
    try write("", to: unreadable)
    chmod(unreadable, 0o600)
    try server(session, logs: [readable, unreadable, session.folder + "/moved.log"])
    var arguments = [binary, "doctor", "--sendmail", "/usr/sbin/no-such-sendmail -t"]
    // Root reads every file: the check runs as nobody, as the timers run as tsa-report.
    if geteuid() == 0 {
      // nobody may reach the settings, the books (read only) and the readable log.
      for path in [session.folder, session.folder + "/demo"] { chmod(path, 0o755) }
      for path in ["/config.toml", "/demo/books.sqlite", "/tsa-access.log"] {
        chmod(session.folder + path, 0o644)
      }
      arguments =
        ["/usr/bin/setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"]
        + arguments
    }
    let result = try runProgram(
      arguments[0], Array(arguments.dropFirst()), environment: session.environment)
    #expect(result.status == 1, "\(result.stdout)\(result.stderr)")
    let said = lines(result.stdout, session)
    func fix(after subject: String) -> String? {
      guard let index = said.firstIndex(of: subject), index + 1 < said.count else { return nil }
      return said[index + 1]
    }
    let user = geteuid() == 0 ? "nobody" : String(cString: getpwuid(geteuid())!.pointee.pw_name)
    #expect(
      fix(after: "FIX  Log $TMP/moved.log: no such file")
        == "       → check the path in logs ($TMP/config.toml:2) and that the proxy writes there",
      "\(said)")
    #expect(
      fix(after: "FIX  Log $TMP/private.log: not readable by \(user) (Permission denied)")
        == "       → add \(user) to the log's group (nginx's logs on Debian are group adm:"
        + " adduser \(user) adm), or have logrotate create it readable (create 0640 www-data adm)",
      "\(said)")
    #expect(said.contains { $0.hasPrefix("OK   Log $TMP/tsa-access.log: readable") }, "\(said)")
    #expect(
      fix(after: "FIX  Mail program: /usr/sbin/no-such-sendmail -t: not found")
        == "       → install a sendmail-compatible program (apt install msmtp-mta, or postfix) or"
        + " set sendmail in the settings file", "\(said)")
    #expect(said.last?.hasSuffix("checks need a fix (FIX above).") == true)
  }

  @Test func noSettingsNoBooksAndNoMailAddressesAreSaidToo() throws {
    let session = Session()
    let result = try session.run(["doctor", "--sendmail", "/bin/cat"])
    #expect(result.status == 1)
    let said = lines(result.stdout, session)
    #expect(said.first == "FIX  Settings file: none")
    #expect(
      said.contains(
        "       looked for $TMP/.config/tsa-report/config.toml and $TMP/etc-tsa-report-config.toml")
    )
    #expect(said.contains("FIX  Books: $TMP/books.sqlite is not there yet"))
    #expect(!FileManager.default.fileExists(atPath: session.folder + "/books.sqlite"))
    #expect(said.contains("FIX  Mail to: nobody"))
  }
}
