import Foundation
import Testing

/// SQLite's atomic commits carried up to the books: imports killed at random moments, and
/// reports and imports at the same time.
@Suite(.serialized) struct FaultTests {
  func start(_ session: Session, _ arguments: [String]) throws -> Process {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: binary)
    process.arguments = arguments
    process.environment = session.environment
    process.standardOutput = FileHandle.nullDevice
    process.standardError = FileHandle.nullDevice
    try process.run()
    return process
  }

  @Test func importsKilledAtRandomMomentsLeaveExactBooks() throws {
    let session = Session()
    let log = try session.generatedLog(lines: 200_000)
    // The books a clean import makes, and how long it takes.
    let clean = Session()
    try clean.run(["contract", "add", "F2112000371"])
    let started = Date()
    try clean.run(["import", log])
    let duration = Date().timeIntervalSince(started)
    let expected = try clean.run([
      "usage", "--period", "2025", "--by", "month", "--by", "user", "--format", "csv",
    ])

    try session.run(["contract", "add", "F2112000371"])
    var killedMidway = 0
    // ten kills, at moments spread over the import (a killed import leaves nothing behind, so
    // the next one starts again from the beginning; none later than 60 % of a clean import, since
    // one that finishes turns every later one into a re-import)
    for share in [0.1, 0.3, 0.5, 0.2, 0.4, 0.6, 0.15, 0.35, 0.55, 0.25] {
      let process = try start(session, ["import", log])
      usleep(UInt32(share * duration * 1_000_000))
      if process.isRunning {
        kill(process.processIdentifier, SIGKILL)
        killedMidway += 1
      }
      process.waitUntilExit()
    }
    #expect(killedMidway >= 5, "the kills should land mid-import")
    let finish = try session.run(["import", log])
    #expect(finish.status == 0)
    let books = try session.run([
      "usage", "--period", "2025", "--by", "month", "--by", "user", "--format", "csv",
    ])
    #expect(books.stdout == expected.stdout)
    #expect(books.stdout.count > 10_000)
    let integrity = try runProgram(
      "/usr/bin/sqlite3", [session.folder + "/books.sqlite", "PRAGMA integrity_check"])
    #expect(integrity.stdout == "ok\n")
  }

  /// Backups taken while an import writes are each one consistent state of the books: they
  /// open, pass integrity_check, and hold the books before the import or after it whole.
  @Test func aBackupDuringAnImportIsConsistent() throws {
    let session = Session()
    let log = try session.generatedLog(lines: 200_000)
    try session.run(["contract", "add", "F2112000371"])
    let importing = try start(session, ["import", log])
    var backups: [String] = []
    while importing.isRunning || backups.isEmpty {
      let path = session.folder + "/backup-\(backups.count).sqlite"
      let done = try session.run(["backup", path])
      #expect(done.status == 0, "\(done.stderr)")
      backups.append(path)
    }
    importing.waitUntilExit()
    #expect(try session.run(["backup", backups[0]]).status == 64)  // never over a file
    for path in backups {
      let attributes = try FileManager.default.attributesOfItem(atPath: path)
      #expect((attributes[.posixPermissions] as? Int) == 0o600)
      let check = try runProgram("/usr/bin/sqlite3", [path, "PRAGMA integrity_check"])
      #expect(check.stdout == "ok\n", "\(path)")
      let stamps = try session.run([
        "--db", path, "usage", "--from", "2025-01-01", "--to", "2027-12-31", "--format", "csv",
      ]).stdout
      #expect(
        stamps.hasSuffix("total,0,total\r\n") || stamps.hasSuffix("total,184092,total\r\n"),
        "\(stamps)")
    }
  }

  @Test func reportsRunWhileAnImportRunsAndTwoImportsTakeTurns() throws {
    let session = Session()
    let log = try session.generatedLog(lines: 200_000)
    try session.run(["contract", "add", "F2112000371"])
    let copy = session.folder + "/copy.log"
    try FileManager.default.copyItem(atPath: log, toPath: copy)
    let first = try start(session, ["import", log])
    // the same lines again: it must wait its turn, then add nothing
    let second = try start(session, ["import", copy])
    var reports = 0
    while first.isRunning || second.isRunning {
      let usage = try session.run(["usage", "--period", "2025", "--format", "csv"])
      #expect(usage.status == 0, "\(usage.stderr)")
      #expect(!usage.stderr.contains("locked"))
      reports += 1
    }
    first.waitUntilExit()
    second.waitUntilExit()
    #expect(first.terminationStatus == 0 && second.terminationStatus == 0)
    #expect(reports > 0)
    // every granted line once (the generator writes two years from 2025, 184 092 granted)
    let books = try session.run([
      "usage", "--from", "2025-01-01", "--to", "2027-12-31", "--format", "csv",
    ])
    #expect(
      books.stdout == "group,stamps,row\r\nall_stamps,184092,body\r\ntotal,184092,total\r\n",
      "\(books.stdout)")
  }
}

/// What the operating system refuses: permissions (tested as the unprivileged user `nobody`,
/// so these run where the suite runs as root, as in CI), a file size limit standing in for a
/// full disk, a 50 MB line, and `monthly` and `alert` killed at the worst moment.
@Suite(.serialized) struct RefusalTests {
  /// Root, and `nobody` can reach the built binary (a clone under /root would hide it).
  static let canTestAsNobody: Bool = {
    guard getuid() == 0 else { return false }
    let probe = Process()
    probe.executableURL = URL(fileURLWithPath: "/usr/bin/setpriv")
    probe.arguments = [
      "--reuid=65534", "--regid=65534", "--clear-groups", "/usr/bin/test", "-x", binary,
    ]
    guard (try? probe.run()) != nil else { return false }
    probe.waitUntilExit()
    return probe.terminationStatus == 0
  }()

  /// Runs the binary as `nobody` in `directory`.
  func asNobody(_ session: Session, _ arguments: [String]) throws -> Outcome {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/setpriv")
    process.arguments = ["--reuid=65534", "--regid=65534", "--clear-groups", binary] + arguments
    var environment = session.environment
    environment["HOME"] = "/nonexistent"
    process.environment = environment
    process.currentDirectoryURL = URL(fileURLWithPath: "/")
    let out = Pipe()
    let err = Pipe()
    process.standardOutput = out
    process.standardError = err
    try process.run()
    let stdout = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    let stderr = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    process.waitUntilExit()
    return Outcome(stdout: stdout, stderr: stderr, status: process.terminationStatus)
  }

  @Test(.enabled(if: canTestAsNobody)) func aDatabaseOthersCannotWriteIsNamedAndLeftIntact() throws
  {
    let session = Session()
    try session.run(["contract", "add", "F2112000371"])
    chmod(session.folder, 0o755)
    chmod(session.folder + "/books.sqlite", 0o644)
    let log = session.folder + "/a.log"
    try Data(
      String(
        repeating: "10.0.0.5 - a [05/Oct/2026:10:00:00 +0200] \"POST / HTTP/1.1\" 200 1551\n",
        count: 3
      ).utf8
    )
    .write(to: URL(fileURLWithPath: log))
    chmod(log, 0o644)
    let refused = try asNobody(session, ["--db", session.folder + "/books.sqlite", "import", log])
    #expect(refused.status == 74, "\(refused.stderr)")
    #expect(refused.stderr.contains(session.folder + "/books.sqlite"))
    #expect(!refused.stderr.contains("SQLite error"))
    #expect(try session.run(["contract", "list"]).stdout.contains("F2112000371"))  // still there
  }

  @Test(.enabled(if: canTestAsNobody)) func anUnreadableInputIsExit66WithItsPath() throws {
    let session = Session()
    let books = session.folder + "/open"
    try FileManager.default.createDirectory(atPath: books, withIntermediateDirectories: true)
    chmod(session.folder, 0o755)
    chmod(books, 0o777)
    let secret = session.folder + "/secret.log"
    try Data("x\n".utf8).write(to: URL(fileURLWithPath: secret))
    chmod(secret, 0o600)
    _ = try asNobody(session, ["--db", books + "/books.sqlite", "contract", "add", "F1"])
    let refused = try asNobody(session, ["--db", books + "/books.sqlite", "import", secret])
    #expect(refused.status == 66)
    #expect(
      refused.stderr
        == "Error: \(secret): cannot read it: Permission denied. Check its permissions.\n")
  }

  @Test func aFullDiskIsAClearErrorAndTheBooksStayAsTheyWere() throws {
    let session = Session()
    try session.run(["contract", "add", "F2112000371"])
    try session.run(["import", "samples/proxy/access.log"])
    let before = try session.run([
      "usage", "--period", "2026-10", "--by", "user", "--format", "csv",
    ])
    // A file size limit makes every write past 256 KiB fail, as a full disk would; SIGXFSZ is
    // left at its default here: tsa-report itself ignores it and reports the error.
    let log = session.folder + "/big.log"
    let line = "10.0.0.5 - a [05/Nov/2026:10:00:00 +0100] \"POST / HTTP/1.1\" 200 1551\n"
    try Data(String(repeating: line, count: 40_000).utf8).write(to: URL(fileURLWithPath: log))
    let full = try runProgram(
      "/bin/sh", ["-c", "ulimit -f 512; exec \"$0\" import \"$1\"", binary, log],
      environment: session.environment)
    #expect(full.status == 74)
    #expect(full.stderr.contains("is the disk full"), "\(full.stderr)")
    let after = try session.run(["usage", "--period", "2026-10", "--by", "user", "--format", "csv"])
    #expect(after.stdout == before.stdout)
    #expect(try session.run(["import", log]).status == 0)  // with room again, it completes
  }

  @Test func aFiftyMegabyteLineIsKeptAsitsBeginningAndTheNextLineCounts() throws {
    let session = Session()
    try session.run(["contract", "add", "F2112000371"])
    let log = session.folder + "/huge.log"
    var data = Data("10.0.0.5 - a [05/Oct/2026:10:00:00 +0200] \"POST /".utf8)
    data.append(Data(repeating: UInt8(ascii: "A"), count: 50 * 1024 * 1024))
    data.append(
      Data(
        " HTTP/1.1\" 200 1551\n10.0.0.5 - b [05/Oct/2026:10:00:01 +0200] \"POST / HTTP/1.1\" 200 1551\n"
          .utf8))
    try data.write(to: URL(fileURLWithPath: log))
    let result = try session.run(["import", log])
    #expect(result.status == 0)
    #expect(result.stdout.contains("2 lines · 1 stamp new"), "\(result.stdout)")
    #expect(result.stdout.contains("line 1: line longer than 65536 bytes"))
  }

  @Test func aMonthlyRunKilledMidwayLeavesNoHalfBundle() throws {
    let session = Session()
    try session.run(["contract", "add", "F2112000371"])
    try session.run(["import", "samples/proxy/access.log"])
    let out = session.folder + "/reports"
    for delay: UInt32 in [20, 60, 120, 200] {
      let process = Process()
      process.executableURL = URL(fileURLWithPath: binary)
      process.arguments = ["monthly", "--month", "2026-10", "--out", out]
      process.environment = session.environment
      process.standardOutput = FileHandle.nullDevice
      process.standardError = FileHandle.nullDevice
      try process.run()
      usleep(delay * 1000)
      kill(process.processIdentifier, SIGKILL)
      process.waitUntilExit()
      // Either the whole bundle is there (ten files and its marker), or none of it under its
      // name.
      if FileManager.default.fileExists(atPath: out + "/2026-10") {
        #expect(try FileManager.default.contentsOfDirectory(atPath: out + "/2026-10").count == 11)
      }
    }
    #expect(try session.run(["monthly", "--month", "2026-10", "--out", out]).status == 0)
    // the killed runs' leftovers are cleared
    #expect(try FileManager.default.contentsOfDirectory(atPath: out) == ["2026-10"])
    #expect(try FileManager.default.contentsOfDirectory(atPath: out + "/2026-10").count == 11)
  }

  @Test func anAlertKilledBetweenSendingAndRecordingSendsAgainNeverNot() throws {
    let session = Session()
    try session.run(["contract", "add", "F2112000371"])
    try session.run([
      "package", "add", "--contract", "F2112000371", "--stamps", "10", "--paid", "2025-01-01",
    ])
    let events = session.folder + "/events.jsonl"
    let time = "2026-11-25T08:00:00Z"
    try Data((0..<9).map { #"{"time":"\#(time)","user":"a","id":"k\#($0)"}"# + "\n" }.joined().utf8)
      .write(to: URL(fileURLWithPath: events))
    try session.run(["import", events])
    let outbox = session.folder + "/outbox"
    // Sends, then kills tsa-report before it can record that it did.
    let dying = session.folder + "/dying-sendmail"
    try Data("#!/bin/sh\ncat > /dev/null\necho sent >> \(outbox)\nkill -9 $PPID\n".utf8).write(
      to: URL(fileURLWithPath: dying))
    let working = session.folder + "/sendmail"
    try Data("#!/bin/sh\ncat > /dev/null\necho sent >> \(outbox)\n".utf8).write(
      to: URL(fileURLWithPath: working))
    let killed = try session.run([
      "alert", "--as-of", "2026-11-25T09:00:00Z", "--mail-to", "a@example.cz", "--mail-from",
      "tsa@example.cz", "--sendmail", "/bin/sh \(dying)",
    ])
    #expect(killed.status == 128 + 9 || killed.status == 9)
    let next = try session.run([
      "alert", "--as-of", "2026-11-25T09:05:00Z", "--mail-to", "a@example.cz", "--mail-from",
      "tsa@example.cz", "--sendmail", "/bin/sh \(working)",
    ])
    #expect(next.status == 2)
    let later = try session.run([
      "alert", "--as-of", "2026-11-25T09:10:00Z", "--mail-to", "a@example.cz", "--mail-from",
      "tsa@example.cz", "--sendmail", "/bin/sh \(working)",
    ])
    #expect(later.stdout.isEmpty)
    let sent = try String(contentsOfFile: outbox, encoding: .utf8)
    #expect(sent == "sent\nsent\n")  // twice, rather than never
  }
}
