import Foundation
import Testing

@testable import TSAImport
@testable import TSALedger
@testable import TSAModel
@testable import TSAStore

/// A source is known by the lines it holds, not by its name or its first line: logrotate's
/// copytruncate in the middle of an import, a copy compressed or renamed afterwards, a shorter
/// copy, and files that only share a header (every client's event CSV) each count every stamp
/// exactly once, in any order of import.
@Suite struct SourceIdentityTests {
  let folder = TemporaryFolder()

  func shell(_ command: String) throws { try folder.shell(command) }

  /// `count` distinct lines from line `first` on, one stamp each, spread over October.
  func lines(_ first: Int, _ count: Int) -> String {
    var text = ""
    for n in first..<(first + count) {
      let day = 1 + (n / 3600) % 28
      let time = String(
        format: "%02d/Oct/2026:%02d:%02d:%02d +0200", day, (n / 60) % 24, n % 60, (n / 7) % 60)
      text += logLine("user\(n % 37)", time)
    }
    return text
  }

  /// The kept allocation is the one worked out afresh, and no package gives more than it holds.
  func expectAllocationFresh(_ store: Store, _ step: String) throws {
    #expect(
      try Books(store).pieces(zone: prague) == Books(store).freshPieces(zone: prague), "\(step)")
    let drawn = Dictionary(
      try Books(store).freshPieces(zone: prague).compactMap { piece in
        piece.package.map { ($0, piece.stamps) }
      }, uniquingKeysWith: +)
    for package in try store.packages() {
      #expect(drawn[package.id, default: 0] <= package.stamps, "\(step): package \(package.id)")
    }
  }

  // MARK: - copytruncate

  static let orders: [[String]] = [
    ["access.log.1", "access.log"], ["access.log", "access.log.1"],
    ["access.log.1.gz", "access.log"], ["access.log", "access.log-20261126.gz"],
  ]

  /// logrotate copies the live log and truncates it while an import is reading it: the lines
  /// read before are not counted again from the copy, whether the copy is imported as it is,
  /// compressed or renamed, before or after the new live log.
  @Test(arguments: orders)
  func copytruncateDuringAnImportCountsEveryLineOnce(order: [String]) throws {
    let store = try makeStore(folder)
    let total = 150_000
    folder.write("access.log", lines(0, total))
    var rotated = false
    let importer = Importer(store: store, options: ImportOptions(), now: testNow) { _ in
      guard !rotated else { return }
      rotated = true
      // What logrotate's copytruncate does, while the importer is half way.
      try? self.shell(
        "cp access.log access.log.1 && : > access.log && gzip -k access.log.1"
          + " && cp access.log.1.gz access.log-20261126.gz")
      self.folder.append("access.log", self.lines(total, 3))
    }
    let first = try importer.run(paths: [folder.file("access.log")]).summaries[0]
    #expect(rotated)
    #expect(first.truncatedWhileReading)
    #expect(first.newStamps > 0 && first.newStamps < Int64(total))
    try expectAllocationFresh(store, "after the cut import")

    let summaries = try run(store, order.map(folder.file))
    #expect(try store.totalStamps() == Int64(total + 3), "\(summaries)")
    try expectAllocationFresh(store, "after the copies")
    // Everything once more, in the other order: nothing new.
    let again = try run(store, order.reversed().map(folder.file) + [folder.file("access.log.1")])
    #expect(again.map(\.newStamps).reduce(0, +) == 0)
    #expect(try store.totalStamps() == Int64(total + 3))
  }

  /// The copy was taken before the import read the lines written after it (the race between
  /// logrotate's copy and its truncation): the copy is shorter than what was imported, and
  /// adds nothing, plain, compressed or renamed.
  @Test func aShorterCopyAddsNothing() throws {
    let store = try makeStore(folder)
    folder.write("access.log", lines(0, 10))
    try shell("head -n 6 access.log > early-copy.log && gzip -k early-copy.log")
    #expect(try run(store, [folder.file("access.log")])[0].newStamps == 10)
    let copies = try run(store, [folder.file("early-copy.log"), folder.file("early-copy.log.gz")])
    #expect(copies.map(\.newStamps) == [0, 0])
    #expect(copies.map(\.alreadyImportedLines) == [6, 6])
    // A file that shares its first six lines and then goes its own way: its own lines count.
    folder.write("forked.log", lines(0, 6) + lines(100, 2))
    #expect(try run(store, [folder.file("forked.log")])[0].newStamps == 2)
    #expect(try store.totalStamps() == 12)
    // And the forked file, grown, resumes after its own lines.
    folder.append("forked.log", lines(200, 1))
    let grown = try run(store, [folder.file("forked.log")])[0]
    #expect(grown.newStamps == 1 && grown.alreadyImportedLines == 8)
    #expect(try store.totalStamps() == 13)
  }

  // MARK: - Files sharing a first line

  static let csvOrders: [[String]] = [
    ["a.csv", "b.csv"], ["b.csv", "a.csv"], ["a.csv", "b.csv.gz"], ["b.csv.gz", "a.csv"],
    ["a.csv.gz", "b.csv.gz"], ["b.csv", "a.csv", "b.csv.gz", "a.csv.gz"],
  ]

  /// Every client's event CSV starts with the same header: two files are two sources, however
  /// they are imported, and a 4-stamp package never gives more than 4.
  @Test(arguments: csvOrders)
  func twoCSVsWithOneHeaderAreTwoSources(order: [String]) throws {
    let store = try makeStore(folder)
    try store.addPackage(
      PackageDraft(
        contractCode: "F2112000371", stamps: 4, price: 40, paid: LocalDate(iso: "2026-09-01")))
    let header = "time,user,id\n"
    func rows(_ prefix: String, _ count: Int) -> String {
      (1...count).map { "2026-10-0\($0)T10:00:00Z,\(prefix)\($0),\(prefix)-\($0)\n" }.joined()
    }
    folder.write("a.csv", header + rows("alice", 6))
    folder.write("b.csv", header + rows("bob", 4))
    try shell("gzip -k a.csv b.csv")
    for name in order {
      _ = try run(store, [folder.file(name)])
      try expectAllocationFresh(store, name)
    }
    #expect(try store.totalStamps() == 10)
    let balance = try Books(store).freshPieces(zone: prague).filter { $0.package != nil }
    #expect(balance.map(\.stamps).reduce(0, +) == 4)
  }

  /// A third file with the same header and the same first row as another is a source of its own
  /// from its second row on; the shared row is one stamp (the same event).
  @Test func aFileSharingItsFirstRowsCountsOnlyItsOwn() throws {
    let store = try makeStore(folder)
    let header = "time,user,id\n"
    let shared = "2026-10-01T10:00:00Z,alice,e-1\n"
    folder.write("a.csv", header + shared + "2026-10-02T10:00:00Z,alice,e-2\n")
    folder.write("b.csv", header + shared + "2026-10-03T10:00:00Z,bob,e-3\n")
    let summaries = try run(store, [folder.file("a.csv"), folder.file("b.csv")])
    #expect(summaries.map(\.newStamps) == [2, 1])
    #expect(summaries[1].alreadyImportedLines == 2)
    #expect(try store.totalStamps() == 3)
    // Each grown: resumed after its own lines, its columns still known.
    folder.append("b.csv", "2026-10-04T10:00:00Z,bob,e-4\n")
    folder.append("a.csv", "2026-10-04T10:00:00Z,alice,e-5\n")
    let grown = try run(store, [folder.file("b.csv"), folder.file("a.csv")])
    #expect(grown.map(\.newStamps) == [1, 1])
    #expect(grown.map(\.alreadyImportedLines) == [3, 3])
    #expect(try store.totalStamps() == 5)
  }

  // MARK: - The kept allocation

  /// After every kind of import and correction, the allocation kept for the reports is the one
  /// worked out afresh.
  @Test func theKeptAllocationFollowsEveryChange() throws {
    let store = try makeStore(folder)
    try expectAllocationFresh(store, "empty")
    let package = try store.addPackage(
      PackageDraft(
        contractCode: "F2112000371", stamps: 5, price: 50, paid: LocalDate(iso: "2026-09-01")))
    folder.write("access.log", lines(0, 4))
    _ = try run(store, [folder.file("access.log")])
    try expectAllocationFresh(store, "first import")
    folder.append("access.log", lines(10, 3))
    _ = try run(store, [folder.file("access.log")])
    try expectAllocationFresh(store, "grown log")
    // Stamps earlier than those imported: they are drawn first.
    folder.write("late.log", logLine("early", "01/Oct/2026:00:00:01 +0200"))
    _ = try run(store, [folder.file("late.log")])
    try expectAllocationFresh(store, "late stamp")
    let second = try store.addPackage(
      PackageDraft(
        contractCode: "F2112000371", stamps: 2, price: 20, paid: LocalDate(iso: "2026-10-01")))
    try expectAllocationFresh(store, "package added")
    var fewer = PackageChanges()
    fewer.stamps = 3
    _ = try store.editPackage(id: package.id, fewer)
    try expectAllocationFresh(store, "package edited")
    _ = try store.payPackage(id: second.id, on: LocalDate(iso: "2026-10-02")!, force: true)
    try expectAllocationFresh(store, "package paid again")
    _ = try store.removePackage(id: second.id)
    try expectAllocationFresh(store, "package removed")
    _ = try Importer(store: store, options: ImportOptions(dryRun: true), now: testNow).run(paths: [
      folder.write("dry.log", lines(500, 2))
    ])
    try expectAllocationFresh(store, "dry run")
  }
}
