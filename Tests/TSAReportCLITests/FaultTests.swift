import Foundation
import Testing

/// SQLite's atomic commits carried up to the books: imports killed at random moments, and
/// reports and imports at the same time.
@Suite(.serialized) struct FaultTests {
  /// A 200 000-line proxy log made by the benchmark's generator.
  func bigLog(_ session: Session) throws -> String {
    let log = session.folder + "/big.log"
    let generator = Process()
    generator.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    generator.arguments = [
      "python3", repositoryRoot.appendingPathComponent("scripts/make-bench-log.py").path, "200000",
      log,
      session.folder + "/big.csv",
    ]
    try generator.run()
    generator.waitUntilExit()
    return log
  }

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
    let log = try bigLog(session)
    try session.run(["contract", "add", "F2112000371"])
    var killedMidway = 0
    // ten kills, at moments spread over the import (it takes a few seconds in a debug build)
    for delay: UInt32 in [200, 1_300, 500, 2_100, 900, 300, 1_700, 700, 2_400, 1_100] {
      let process = try start(session, ["import", log])
      usleep(delay * 1000)
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

    let clean = Session()
    try clean.run(["contract", "add", "F2112000371"])
    try clean.run(["import", log])
    let expected = try clean.run([
      "usage", "--period", "2025", "--by", "month", "--by", "user", "--format", "csv",
    ])
    #expect(books.stdout == expected.stdout)
    #expect(books.stdout.count > 10_000)
    let check = Process()
    check.executableURL = URL(fileURLWithPath: "/usr/bin/sqlite3")
    check.arguments = [session.folder + "/books.sqlite", "PRAGMA integrity_check"]
    let pipe = Pipe()
    check.standardOutput = pipe
    try check.run()
    let integrity = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    check.waitUntilExit()
    #expect(integrity == "ok\n")
  }

  @Test func reportsRunWhileAnImportRunsAndTwoImportsTakeTurns() throws {
    let session = Session()
    let log = try bigLog(session)
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
    #expect(books.stdout == "stamps\r\n184092\r\n", "\(books.stdout)")
  }
}
