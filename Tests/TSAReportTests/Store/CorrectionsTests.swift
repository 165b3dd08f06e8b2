import Foundation
import Testing

@testable import TSALedger
@testable import TSAModel
@testable import TSAStore

/// Correcting the books: packages, contracts and users edited and removed, refused where that
/// would lose or move stamps silently, and every change kept in the append-only change log.
@Suite struct CorrectionsTests {
  let folder = TemporaryFolder()
  let today = LocalDate(iso: "2026-11-26")!

  /// Books with one contract, a paid package of 10 stamps and an unpaid one, and `used` stamps
  /// in October; changes are made "at" 2026-10-20 10:00 UTC by alice.
  func books(used: Int = 6) throws -> Store {
    let store = try Store(path: folder.file("books.sqlite"))
    store.changeActor = ChangeActor(
      who: "alice", now: { Instant(seconds: 1_792_490_400) })  // 2026-10-20T10:00:00Z
    try store.addContract(code: "F2112000371", name: nil, accounts: [])
    try store.addPackage(
      PackageDraft(
        contractCode: "F2112000371", stamps: 10, price: 50, ordered: LocalDate(iso: "2026-09-01"),
        paid: LocalDate(iso: "2026-09-02"), ref: "FV-1"))
    try store.addPackage(PackageDraft(contractCode: "F2112000371", stamps: 100, ref: "FV-2"))
    let lines = (0..<used).map { logLine("bob", "05/Oct/2026:10:00:0\($0) +0200") }.joined()
    _ = try run(store, [folder.write("a.log", lines)])
    return store
  }

  func drawn(_ store: Store) throws -> [Int64?: Int64] {
    let contract = try Books(store).balances(
      contractCode: nil, asOf: today, zone: prague)[0]
    var result: [Int64?: Int64] = [nil: contract.unfunded]
    for item in contract.packages { result[item.package.id] = item.used }
    return result
  }

  @Test func editingAPackageLogsEachFieldAndRedrawsTheStamps() throws {
    let store = try books()
    #expect(try drawn(store) == [nil: 0, 1: 6, 2: 0])
    var changes = PackageChanges()
    changes.stamps = 4
    changes.ref = "FV-1a"
    let (old, new, shift) = try Books(store).editPackage(
      id: 1, changes: changes, zone: prague, today: today)
    #expect(old.stamps == 10 && new.stamps == 4 && new.ref == "FV-1a")
    // Two stamps no longer fit: unfunded, since the other package is unpaid.
    #expect(try drawn(store) == [nil: 2, 1: 4, 2: 0])
    #expect(
      shift.moves == [
        LedgerShift.Move(contractCode: "F2112000371", package: 1, before: 6, after: 4),
        LedgerShift.Move(contractCode: "F2112000371", package: nil, before: 0, after: 2),
      ])
    #expect(shift.description == "Stamps drawn (F2112000371): package 1: 6 → 4; unfunded: 0 → 2.")
    let edits = try store.changes().filter { $0.action == .edit }
    #expect(
      edits.map { [$0.key, $0.field, $0.old, $0.new] } == [
        ["1", "stamps", "10", "4"], ["1", "ref", "FV-1", "FV-1a"],
      ])
    #expect(edits.allSatisfy { $0.who == "alice" && $0.at == Instant(seconds: 1_792_490_400) })
  }

  @Test func anEditIsCheckedAsANewPackageIs() throws {
    let store = try books()
    var duplicate = PackageChanges()
    duplicate.ref = "FV-2"
    #expect(throws: StoreError.duplicateRef(ref: "FV-2", package: 2)) {
      try store.editPackage(id: 1, duplicate)
    }
    var early = PackageChanges()
    early.paid = LocalDate(iso: "2026-08-01")
    #expect(
      throws: StoreError.paidBeforeOrdered(
        paid: LocalDate(iso: "2026-08-01")!, ordered: LocalDate(iso: "2026-09-01")!)
    ) { try store.editPackage(id: 1, early) }
    var ended = PackageChanges()
    ended.validUntil = LocalDate(iso: "2026-09-01")
    #expect(
      throws: StoreError.validUntilBeforePaid(
        validUntil: LocalDate(iso: "2026-09-01")!, paid: LocalDate(iso: "2026-09-02")!)
    ) { try store.editPackage(id: 1, ended) }
    // Nothing of the refused edits reached the books or the log.
    #expect(try store.package(id: 1).ref == "FV-1")
    #expect(try store.changes().allSatisfy { $0.action == .add })
  }

  @Test func clearingAFieldEmptiesIt() throws {
    let store = try books()
    var changes = PackageChanges()
    changes.clear = [.paid, .price]
    let (_, new) = try store.editPackage(id: 1, changes)
    #expect(new.paid == nil && new.price == nil)
    #expect(try drawn(store) == [nil: 6, 1: 0, 2: 0])
  }

  @Test func aPackageStampsAreDrawnFromIsRemovedOnlyWhenForced() throws {
    let store = try books()
    try store.payPackage(id: 2, on: LocalDate(iso: "2026-09-15")!)
    #expect(throws: StoreError.packageInUse(package: 1, stamps: 6)) {
      try Books(store).removePackage(
        id: 1, force: false, zone: prague, today: today)
    }
    #expect(try store.packages().count == 2)
    let (removed, shift) = try Books(store).removePackage(
      id: 1, force: true, zone: prague, today: today)
    #expect(removed.ref == "FV-1")
    #expect(shift.description == "Stamps drawn (F2112000371): package 1: 6 → 0; package 2: 0 → 6.")
    let removal = try store.changes().filter { $0.action == .remove }
    #expect(
      removal.map(\.field) == [
        "contract", "stamps", "price", "currency", "ordered", "paid", "valid_years", "ref",
      ])
    #expect(removal.first { $0.field == "ref" }?.old == "FV-1")
    // An unused package goes without --force.
    try store.addPackage(PackageDraft(contractCode: "F2112000371", stamps: 5))
    _ = try Books(store).removePackage(
      id: 3, force: false, zone: prague, today: today)
  }

  @Test func aContractWithRequestsIsNeverRemovedOneWithPackagesOnlyWithThem() throws {
    let store = try books()
    #expect(throws: StoreError.contractInUse(code: "F2112000371", attempts: 6)) {
      try store.removeContract(code: "F2112000371", withPackages: true)
    }
    try store.addContract(code: "X1", name: "typo", accounts: ["x@example.cz"])
    try store.addPackage(PackageDraft(contractCode: "X1", stamps: 5))
    #expect(throws: StoreError.contractHasPackages(code: "X1", packages: [3])) {
      try store.removeContract(code: "X1", withPackages: false)
    }
    try store.removeContract(code: "X1", withPackages: true)
    #expect(try store.contracts().map(\.code) == ["F2112000371"])
    #expect(try store.packages().map(\.id) == [1, 2])
    let log = try store.changes().filter { $0.action == .remove }
    #expect(Set(log.map(\.entity)) == [.contract, .package])
    #expect(
      log.contains { $0.entity == .contract && $0.field == "accounts" && $0.old == "x@example.cz" })
  }

  @Test func aContractIsRenamedAndItsLoginsMoved() throws {
    let store = try books()
    try store.addContract(code: "X1", name: nil, accounts: ["x@example.cz"])
    #expect(throws: StoreError.accountTaken(login: "x@example.cz", contract: "X1")) {
      try store.editContract(code: "F2112000371", addAccounts: ["x@example.cz"])
    }
    #expect(throws: StoreError.duplicateContract(code: "X1")) {
      try store.editContract(code: "F2112000371", newCode: "X1")
    }
    let edited = try store.editContract(
      code: "F2112000371", newCode: "F2112000372", name: "PostSignum", addAccounts: ["a@example.cz"]
    )
    #expect(edited.code == "F2112000372" && edited.accounts == ["a@example.cz"])
    // The stamps are billed to the contract, whatever its number is called.
    #expect(try store.totalStamps() == 6)
    #expect(
      try store.changes().filter { $0.action == .edit }.map { [$0.field, $0.old, $0.new] } == [
        ["code", "F2112000371", "F2112000372"], ["name", nil, "PostSignum"],
        ["accounts", "", "a@example.cz"],
      ])
  }

  @Test func aUserIsRemovedAndAliasesUndone() throws {
    let store = try books()
    try store.aliasUser("10.0.0.9", to: "carol")
    #expect(throws: StoreError.userInUse(name: "carol", stamps: 0, aliases: ["10.0.0.9"])) {
      try store.removeUser("carol", force: false)
    }
    let removed = try store.removeUser("carol", force: true)
    #expect(removed.kept == false && removed.aliases == ["10.0.0.9"])
    #expect(try store.users().first { $0.name == "10.0.0.9" }?.aliasOf == nil)
    // bob's requests are in the books: the name stays, without its details.
    try store.setUser(name: "bob", displayName: "Bob", costCentre: "CC-1")
    #expect(throws: StoreError.userInUse(name: "bob", stamps: 6, aliases: [])) {
      try store.removeUser("bob", force: false)
    }
    #expect(try store.removeUser("bob", force: true).kept)
    let bob = try store.users().first { $0.name == "bob" }
    #expect(bob?.displayName == nil && bob?.costCentre == nil)
    #expect(try store.stampsByUser(october()) == ["bob": 6])
  }

  @Test func theChangeLogIsAppendOnly() throws {
    let store = try books()
    #expect(throws: StoreError.self) { try store.db.execute("UPDATE change_log SET who = 'eve'") }
    #expect(throws: StoreError.self) { try store.db.execute("DELETE FROM change_log") }
    #expect(try store.changes().allSatisfy { $0.who == "alice" })
  }

  @Test func changesAreListedByTheirTime() throws {
    let store = try books()
    let added = try store.changes().count
    store.changeActor.now = { Instant(seconds: 1_793_800_000) }  // 2026-11-04
    try store.payPackage(id: 2, on: LocalDate(iso: "2026-11-03")!)
    #expect(try store.changes(from: october().start, before: october().end).count == added)
    let november = try store.changes(from: october().end)
    #expect(november.map { [$0.key, $0.field, $0.new] } == [["2", "paid", "2026-11-03"]])
  }
}
