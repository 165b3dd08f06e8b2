import Foundation
import Testing

@testable import TSAImport
@testable import TSAModel
@testable import TSAStore

@Suite struct ImporterTests {
  let folder = TemporaryFolder()

  @Test func theRealNginxSampleGivesThreeStampsAndOneOfEachOtherOutcome() throws {
    let store = try makeStore(folder)
    let summary = try run(store, [repositoryFile("Tests/Fixtures/nginx/access.log")])[0]
    #expect(summary.lines == 6)
    #expect(summary.newStamps == 3)
    #expect(summary.new[.rejected] == 1)
    #expect(summary.new[.authFailure] == 1)
    #expect(summary.new[.probe] == 1)
    #expect(summary.malformed == 0)
  }

  @Test func theBooksStayWholeThoughTheImportSkipsForeignKeyLookups() throws {
    let store = try makeStore(folder)
    let malformed = folder.write(
      "cut.log", logLine("carol", "05/Oct/2026:10:00:00 +0200") + "not a log line\n")
    _ = try run(
      store,
      [
        repositoryFile("Tests/Fixtures/nginx/access.log"),
        repositoryFile("Tests/Fixtures/nginx/access.json"),
        repositoryFile("Tests/Fixtures/events/client.jsonl"),
        repositoryFile("Tests/Fixtures/tokens"), malformed,
      ])
    let broken = try store.db.prepare("PRAGMA foreign_key_check").rows { $0.text(0) }
    #expect(broken.isEmpty)
    #expect(try store.db.prepare("PRAGMA foreign_keys").rows { $0.int(0) } == [1])
  }

  @Test func reimportingTheSameLogAddsNothing() throws {
    let store = try makeStore(folder)
    let log = folder.write(
      "access.log",
      logLine("alice", "05/Oct/2026:10:00:00 +0200") + logLine("bob", "05/Oct/2026:11:00:00 +0200"))
    _ = try run(store, [log])
    let again = try run(store, [log])[0]
    #expect(again.lines == 0)
    #expect(again.newStamps == 0)
    #expect(again.alreadyImportedLines == 2)
    #expect(try store.totalStamps() == 2)
  }

  @Test func aGrownLogResumesAfterTheLastImportedLine() throws {
    let store = try makeStore(folder)
    let log = folder.write("access.log", logLine("alice", "05/Oct/2026:10:00:00 +0200"))
    _ = try run(store, [log])
    folder.append("access.log", logLine("bob", "06/Oct/2026:10:00:00 +0200"))
    let second = try run(store, [log])[0]
    #expect(second.lines == 1)
    #expect(second.newStamps == 1)
    #expect(try store.stampsByUser(october()) == ["alice": 1, "bob": 1])
  }

  @Test func anUnfinishedLastLineWaitsForTheNextImport() throws {
    let store = try makeStore(folder)
    let full = logLine("bob", "06/Oct/2026:10:00:00 +0200")
    let log = folder.write(
      "access.log", logLine("alice", "05/Oct/2026:10:00:00 +0200") + full.prefix(40))
    let first = try run(store, [log])[0]
    #expect(first.newStamps == 1)
    #expect(first.malformed == 0)
    #expect(first.unfinishedBytes == 40)
    folder.append("access.log", String(full.dropFirst(40)))
    let second = try run(store, [log])[0]
    #expect(second.newStamps == 1)
    #expect(second.malformed == 0)
    #expect(try store.stampsByUser(october()) == ["alice": 1, "bob": 1])
  }

  @Test func aRenamedCopyIsTheSameSource() throws {
    let store = try makeStore(folder)
    let text =
      logLine("alice", "05/Oct/2026:10:00:00 +0200") + logLine("bob", "05/Oct/2026:11:00:00 +0200")
    _ = try run(store, [folder.write("access.log", text)])
    let copy = try run(store, [folder.write("access.log.1", text)])[0]
    #expect(copy.newStamps == 0)
    #expect(try store.totalStamps() == 2)
  }

  @Test func anOlderShorterCopyOfAGrownLogAddsNothing() throws {
    let store = try makeStore(folder)
    let first = logLine("alice", "05/Oct/2026:10:00:00 +0200")
    let whole =
      first + logLine("bob", "05/Oct/2026:11:00:00 +0200")
      + logLine("carol", "05/Oct/2026:12:00:00 +0200")
    _ = try run(store, [folder.write("access.log", whole)])
    let old = try run(store, [folder.write("old-copy.log", first)])[0]
    #expect(old.newStamps == 0)
    #expect(old.alreadyImportedLines == 1)  // known by its line's digest, not stored again
    #expect(try store.totalStamps() == 3)
  }

  @Test func aLogRestartedFromEmptyIsANewSource() throws {
    let store = try makeStore(folder)
    _ = try run(store, [folder.write("access.log", logLine("alice", "05/Oct/2026:10:00:00 +0200"))])
    // copytruncate: same name, new content
    let restarted = try run(
      store, [folder.write("access.log", logLine("bob", "06/Oct/2026:10:00:00 +0200"))])[0]
    #expect(restarted.newStamps == 1)
    #expect(try store.totalStamps() == 2)
  }

  @Test func malformedLinesAreKeptWithTheirLineNumberAndTheImportGoesOn() throws {
    let store = try makeStore(folder)
    let log = folder.write(
      "access.log",
      logLine("alice", "05/Oct/2026:10:00:00 +0200") + "garbage here\n"
        + logLine("bob", "05/Okt/2026:10:00:00 +0200")
        + logLine("carol", "05/Oct/2026:12:00:00 +0200"))
    let summary = try run(store, [log])[0]
    #expect(summary.newStamps == 2)
    #expect(summary.malformed == 2)
    #expect(summary.firstMalformed.map(\.line) == [2, 3])
    let kept = try store.malformedLines(sourceContaining: nil)
    #expect(kept.map(\.line) == [2, 3])
    #expect(kept[1].reason == MalformedReason.badTime.description)
    // importing again keeps them once
    _ = try run(store, [folder.write("copy.log", try String(contentsOfFile: log, encoding: .utf8))])
    #expect(try store.malformedLines(sourceContaining: nil).count == 2)
  }

  @Test func invalidUTF8AndOverlongLinesAreMalformed() throws {
    let store = try makeStore(folder)
    var bytes = Array(logLine("alice", "05/Oct/2026:10:00:00 +0200").utf8)
    bytes +=
      Array("10.0.0.5 - b".utf8) + [0xFF, 0xFE]
      + Array(logLine("", "05/Oct/2026:10:00:00 +0200").utf8.dropFirst(11))
    bytes += Array(repeating: UInt8(ascii: "x"), count: 100_000) + [0x0A]
    bytes += Array(logLine("carol", "05/Oct/2026:12:00:00 +0200").utf8)
    let log = folder.file("access.log")
    try Data(bytes).write(to: URL(fileURLWithPath: log))
    let summary = try run(store, [log])[0]
    #expect(summary.newStamps == 2)
    #expect(
      summary.firstMalformed.map(\.reason) == [
        .invalidUTF8, .overlong(limit: LineReader.maxLineLength),
      ])
    #expect(summary.firstMalformed.map(\.line) == [2, 3])
  }

  @Test func strictModeFailsAtTheFirstMalformedLineAndWritesNothing() throws {
    let store = try makeStore(folder)
    let log = folder.write(
      "access.log", logLine("alice", "05/Oct/2026:10:00:00 +0200") + "garbage\n")
    #expect(
      throws: ImportError.malformedInStrictMode(
        path: log, line: 2, reason: .badField("no client address"))
    ) {
      try run(store, [log], ImportOptions(strict: true))
    }
    #expect(try store.totalStamps() == 0)
    #expect(try run(store, [log])[0].newStamps == 1)  // the failed import left no source behind
  }

  /// Lines are read on a thread of their own, batches ahead: a log many batches long keeps every
  /// line, in order, with its number, and strict mode stops the reading while it is ahead.
  @Test func aLogManyBatchesLongKeepsEveryLineWithItsNumber() throws {
    let store = try makeStore(folder)
    let count = LinePipeline.batchSize * (LinePipeline.depth + 3) + 17
    let broken: Set = [1, LinePipeline.batchSize, count - 1]
    let text = (1...count).map { number in
      broken.contains(number)
        ? "garbage on line \(number)\n"
        : logLine("user\(number % 7)", "05/Oct/2026:10:00:00 +0200")
    }.joined()
    let log = folder.write("access.log", text)
    #expect(throws: ImportError.self) { try run(store, [log], ImportOptions(strict: true)) }
    #expect(try store.totalStamps() == 0)
    let summary = try run(store, [log])[0]
    #expect(summary.lines == Int64(count))
    #expect(summary.newStamps == Int64(count - broken.count))
    #expect(
      try store.malformedLines(sourceContaining: nil).map(\.line) == broken.sorted().map(Int64.init)
    )
    #expect(
      try store.stampsByUser(october())["user3"]
        == Int64((1...count).filter { $0 % 7 == 3 && !broken.contains($0) }.count))
    #expect(try run(store, [log])[0].newStamps == 0)
  }

  @Test func aDryRunReportsButWritesNothing() throws {
    let store = try makeStore(folder)
    let log = folder.write("access.log", logLine("alice", "05/Oct/2026:10:00:00 +0200"))
    #expect(try run(store, [log], ImportOptions(dryRun: true))[0].newStamps == 1)
    #expect(try store.totalStamps() == 0)
    #expect(try run(store, [log])[0].newStamps == 1)
  }

  @Test func aMissingInputStopsTheImportBeforeAnythingIsWritten() throws {
    let store = try makeStore(folder)
    let log = folder.write("access.log", logLine("alice", "05/Oct/2026:10:00:00 +0200"))
    #expect(throws: ImportError.inputNotFound(path: folder.file("nope.log"))) {
      try run(store, [log, folder.file("nope.log")])
    }
    #expect(try store.totalStamps() == 0)
  }

  @Test func directoriesAreReadRecursivelyInNameOrder() throws {
    let store = try makeStore(folder)
    try FileManager.default.createDirectory(
      atPath: folder.file("logs/old"), withIntermediateDirectories: true)
    folder.write("logs/b.log", logLine("bob", "05/Oct/2026:10:00:00 +0200"))
    folder.write("logs/old/a.log", logLine("alice", "04/Oct/2026:10:00:00 +0200"))
    let summaries = try run(store, [folder.file("logs")])
    #expect(summaries.map(\.path) == [folder.file("logs/b.log"), folder.file("logs/old/a.log")])
    #expect(try store.totalStamps() == 2)
  }

  @Test func withSeveralContractsTheImportMustBeToldWhichOne() throws {
    let store = try makeStore(folder, contracts: ["F1", "F2"])
    let log = folder.write("access.log", logLine("alice", "05/Oct/2026:10:00:00 +0200"))
    // Nothing maps alice to either: refused, saying which rules would.
    let error = #expect(throws: ImportError.self) { try run(store, [log]) }
    #expect(
      error?.description.contains(
        "nothing says which contract user 'alice' is billed to, and the books hold 2 (F1, F2)")
        == true, "\(String(describing: error))")
    #expect(error?.description.contains("tsa-report user set alice --contract F1") == true)
    #expect(try store.totalStamps() == 0)
    #expect(throws: StoreError.unknownContract(code: "F3", known: ["F1", "F2"])) {
      try run(store, [log], ImportOptions(contractCode: "F3"))
    }
    _ = try run(store, [log], ImportOptions(contractCode: "F2"))
    #expect(try store.stampTotalsByContract() == ["F1": 0, "F2": 1])
  }

  @Test func userOptionAttributesEveryRequest() throws {
    let store = try makeStore(folder)
    let log = folder.write(
      "access.log",
      logLine("-", "05/Oct/2026:10:00:00 +0200") + logLine("bob", "05/Oct/2026:11:00:00 +0200"))
    _ = try run(store, [log], ImportOptions(user: "archive"))
    #expect(try store.stampsByUser(october()) == ["archive": 2])
  }
}
