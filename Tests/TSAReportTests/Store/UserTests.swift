import Foundation
import Testing

@testable import TSAImport
@testable import TSALedger
@testable import TSAModel
@testable import TSAReport
@testable import TSAStore

@Suite struct UserTests {
  let folder = TemporaryFolder()

  func store(_ lines: [String]) throws -> Store {
    let store = try makeStore(folder)
    let log = folder.write("access.log", lines.joined())
    _ = try Importer(store: store, options: ImportOptions(), now: testNow).run(paths: [log])
    return store
  }

  @Test func anAliasCountsAnAddressAsAUserAlsoForStampsAlreadyImported() throws {
    let store = try store([
      logLine("-", "05/Oct/2026:10:00:00 +0200"),  // 10.0.0.5, no login
      logLine("alice", "05/Oct/2026:11:00:00 +0200"),
      logLine("alice.old", "05/Oct/2026:12:00:00 +0200"),
    ])
    #expect(try store.stampsByUser(october()) == ["10.0.0.5": 1, "alice": 1, "alice.old": 1])
    try store.aliasUser("10.0.0.5", to: "alice")
    try store.aliasUser("alice.old", to: "alice")
    #expect(try store.stampsByUser(october()) == ["alice": 3])
    // A user is found by its name, an alias or its display name, and stands for its aliases.
    try store.setUser(name: "alice", displayName: "Alice Nováková", costCentre: "CC-110")
    for name in ["alice", "10.0.0.5", "alice.old", "Alice Nováková"] {
      let only = try UsageReport.build(
        UsageQuery(period: october(), dimensions: [], filters: UsageFilters(userName: name)),
        store: store)
      #expect(
        only.table.rows.map(\.cells).last == [.term("total", text: "Total"), .integer(3)], "\(name)"
      )
    }
    let centre = try Books(store).usage(
      period: october(), dimensions: [.user], filters: UsageFilters(costCentre: "CC-110"))
    #expect(centre.groups.map(\.key) == [[.name("alice")]])
    #expect(centre.displayNames == ["alice": "Alice Nováková"])
    #expect(throws: StoreError.unknownCostCentre(name: "CC-11", nearest: ["CC-110"])) {
      try Books(store).usage(
        period: october(), dimensions: [], filters: UsageFilters(costCentre: "CC-11"))
    }
  }

  @Test func aliasesNeverChain() throws {
    let store = try store([logLine("a", "05/Oct/2026:10:00:00 +0200")])
    try store.aliasUser("a", to: "b")
    try store.aliasUser("b", to: "c")  // a follows b to c
    #expect(try store.users().map { "\($0.name)->\($0.aliasOf ?? "")" } == ["a->c", "b->c", "c->"])
    #expect(throws: StoreError.aliasLoop(alias: "c", user: "a")) {
      try store.aliasUser("c", to: "a")
    }
    #expect(try store.stampsByUser(october()) == ["c": 1])
  }

  @Test func userDetailsAreKeptAndUpdatedPieceByPiece() throws {
    let store = try makeStore(folder)
    try store.setUser(name: "alice", displayName: "Alice Nováková", costCentre: nil)
    try store.setUser(name: "alice", displayName: nil, costCentre: "CC-110")
    #expect(
      try store.users() == [
        User(name: "alice", displayName: "Alice Nováková", costCentre: "CC-110", aliasOf: nil)
      ])
  }
}
