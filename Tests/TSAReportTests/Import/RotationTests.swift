import Foundation
import Testing

@testable import TSAImport
@testable import TSAModel
@testable import TSAStore

/// The life of a proxy log, end to end: it grows, a line is half written, logrotate renames and
/// compresses it (with the real gzip), a new file starts, and a copied directory of everything
/// is imported again. Every stamp is in the books exactly once.
@Suite struct RotationTests {
  let folder = TemporaryFolder()

  func shell(_ command: String) throws { try folder.shell(command) }

  func day(_ n: Int, _ user: String) -> String {
    logLine(user, String(format: "%02d/Oct/2026:10:00:00 +0200", n))
  }

  @Test func aLogsWholeLifeIsCountedOnce() throws {
    let store = try makeStore(folder)
    try FileManager.default.createDirectory(
      atPath: folder.file("nginx"), withIntermediateDirectories: true)
    let log = folder.file("nginx/access.log")

    // 1. two lines and half of a third
    let third = day(3, "carol")
    folder.write("nginx/access.log", day(1, "alice") + day(2, "bob") + third.prefix(30))
    #expect(try run(store, [log])[0].newStamps == 2)
    // 2. the third line completes, a fourth arrives
    folder.append("nginx/access.log", String(third.dropFirst(30)) + day(4, "alice"))
    let grown = try run(store, [log])[0]
    #expect(grown.newStamps == 2)
    #expect(grown.alreadyImportedLines == 2)
    // 3. one more line, then logrotate: rename, compress, a new file
    folder.append("nginx/access.log", day(5, "bob"))
    try shell("mv nginx/access.log nginx/access.log.1 && gzip nginx/access.log.1")
    folder.write("nginx/access.log", day(6, "carol") + day(7, "alice"))
    let rotated = try run(store, [folder.file("nginx")])
    #expect(
      rotated.map(\.path) == [
        folder.file("nginx/access.log"), folder.file("nginx/access.log.1.gz"),
      ])
    #expect(rotated.map(\.newStamps) == [2, 1])  // the new file; the line written before rotation
    #expect(rotated[1].alreadyImportedLines == 4)  // the compressed file resumed, not re-read
    // 4. everything copied elsewhere and imported again, twice, and in the other order
    try shell("cp -r nginx copy && zcat nginx/access.log.1.gz > copy/uncompressed.log")
    for _ in 0..<2 {
      #expect(try run(store, [folder.file("copy")]).map(\.newStamps) == [0, 0, 0])
      #expect(
        try run(store, [folder.file("nginx/access.log.1.gz"), log]).map(\.newStamps) == [0, 0])
    }
    // 5. copytruncate: the same name starts again from nothing
    folder.write("nginx/access.log", day(8, "dave"))
    #expect(try run(store, [log])[0].newStamps == 1)

    #expect(try store.stampsByUser(october()) == ["alice": 3, "bob": 2, "carol": 2, "dave": 1])
  }

  @Test func aConcatenatedGzipIsReadWhole() throws {
    let store = try makeStore(folder)
    folder.write("a.log", day(1, "alice"))
    folder.write("b.log", day(2, "bob"))
    try shell("gzip -c a.log > both.log.gz && gzip -c b.log >> both.log.gz")
    #expect(try run(store, [folder.file("both.log.gz")])[0].newStamps == 2)
  }

  @Test func aTruncatedGzipKeepsItsCompleteLinesAndSaysSo() throws {
    let store = try makeStore(folder)
    var text = ""
    for n in 1...28 { text += day(n, "user\(n % 5)") }
    folder.write("big.log", String(repeating: text, count: 40))
    try shell(
      "gzip -c big.log > whole.gz && head -c $(($(stat -c %s whole.gz) / 2)) whole.gz > cut.log.gz")
    let summary = try run(store, [folder.file("cut.log.gz")])[0]
    #expect(summary.endedEarly)
    #expect(summary.newStamps > 0 && summary.newStamps < 1120)
    #expect(summary.malformed == 0)
  }

  @Test func corruptGzipDataIsAClearError() throws {
    let store = try makeStore(folder)
    try Data(
      [0x1F, 0x8B, 0x08, 0x00, 0xDE, 0xAD, 0xBE, 0xEF, 0x00, 0x03]
        + Array(repeating: 0xAB, count: 64)
    )
    .write(to: URL(fileURLWithPath: folder.file("bad.log.gz")))
    #expect(throws: ImportError.self) { try run(store, [folder.file("bad.log.gz")]) }
    #expect(try store.totalStamps() == 0)
  }

  /// A renamed log is the same source; it keeps every name it had, and its malformed lines are
  /// found by any of them.
  @Test func aRenamedLogKeepsEveryNameItHad() throws {
    let store = try makeStore(folder)
    folder.write("current.log", day(1, "alice") + "garbage\n" + day(2, "bob"))
    _ = try run(store, [folder.file("current.log")])
    try FileManager.default.moveItem(
      atPath: folder.file("current.log"), toPath: folder.file("archived.log"))
    folder.append("archived.log", day(3, "carol"))
    let again = try run(store, [folder.file("archived.log")])[0]
    #expect(again.newStamps == 1 && again.alreadyImportedLines == 3)
    for name in ["current", "archived"] {
      let kept = try store.malformedLines(sourceContaining: name)
      #expect(kept.map(\.line) == [2], "\(name)")
      #expect(kept.first?.path == folder.file("archived.log"))  // named as last seen
    }
    #expect(
      try store.db.prepare("SELECT path FROM source_path ORDER BY path").rows { $0.text(0) } == [
        folder.file("archived.log"), folder.file("current.log"),
      ])
  }
}
