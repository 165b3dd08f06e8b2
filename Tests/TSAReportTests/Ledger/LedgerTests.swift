import Foundation
import Testing

@testable import TSAImport
@testable import TSALedger
@testable import TSAModel
@testable import TSAReport
@testable import TSAStore

@Suite struct LedgerTests {
  let folder = TemporaryFolder()

  /// Writes stamp events (`time`, `user`) as JSON lines and imports them for `contract`.
  func importStamps(
    _ store: Store, _ stamps: [(String, String)], contract: String? = nil,
    file: String = UUID().uuidString
  )
    throws
  {
    let text = stamps.map { #"{"time":"\#($0.0)","user":"\#($0.1)"}"# + "\n" }.joined()
    _ = try run(store, [folder.write(file + ".jsonl", text)], ImportOptions(contractCode: contract))
  }

  func balance(_ store: Store, asOf: String, contract: String? = nil) throws -> [ContractBalance] {
    try Books(store).balances(
      contractCode: contract, asOf: LocalDate(iso: asOf)!, zone: prague)
  }

  // MARK: - The property: allocation equals a simple reference model

  struct Stamp: Hashable {
    var time: Int64
    var user: Int64
    var id: Int64
  }

  /// The reference: every stamp in order, drawn by the rule written out plainly.
  func referenceAllocation(_ stamps: [Stamp], _ packages: [Package], zone: ReportZone) -> [Stamp:
    Int64?]
  {
    var left = Dictionary(uniqueKeysWithValues: packages.map { ($0.id, $0.stamps) })
    var result: [Stamp: Int64?] = [:]
    for stamp in stamps.sorted(by: { ($0.time, $0.user, $0.id) < ($1.time, $1.user, $1.id) }) {
      let day = zone.localDate(of: Instant(microseconds: stamp.time))
      let usable = packages.filter { p in
        guard let paid = p.paid, let until = p.validUntil else { return false }
        return paid <= day && day <= until && left[p.id]! > 0
      }
      let chosen = usable.min { a, b in
        (a.validUntil!, a.paid!, a.id) < (b.validUntil!, b.paid!, b.id)
      }
      if let chosen { left[chosen.id]! -= 1 }
      // (assigning nil through the subscript would remove the key)
      result.updateValue(chosen?.id, forKey: stamp)
    }
    return result
  }

  @Test(arguments: 1...12)
  func allocationEqualsTheReferenceModelAndTheBooksAlwaysBalance(_ seed: UInt64) throws {
    var random = SeededRandom(seed: seed)
    let store = try makeStore(folder)
    let base = LocalDate(iso: "2026-01-01")!
    for _ in 0..<Int.random(in: 1...5, using: &random) {
      let paid = Bool.random(using: &random) || Int.random(in: 0..<5, using: &random) > 0
      let paidOn = base.adding(days: Int.random(in: -30...300, using: &random))
      try store.addPackage(
        PackageDraft(
          contractCode: "F2112000371", stamps: Int64.random(in: 1...40, using: &random),
          paid: paid ? paidOn : nil,
          validUntil: Bool.random(using: &random)
            ? paidOn.adding(days: Int.random(in: 0...200, using: &random)) : nil))
    }
    // Stamps in three batches imported out of order: later batches hold earlier stamps.
    for batch in 0..<3 {
      var stamps: [(String, String)] = []
      for _ in 0..<Int.random(in: 20...80, using: &random) {
        let day = base.adding(days: Int.random(in: -40...400, using: &random))
        let second = Int.random(in: 0..<86_400, using: &random)
        let time =
          day.iso + String(format: "T%02d:%02d:%02dZ", second / 3600, second / 60 % 60, second % 60)
        stamps.append((time, "user\(Int.random(in: 0..<4, using: &random))"))
      }
      try importStamps(store, stamps, file: "batch\(batch)")
    }

    let pieces = try Books(store).pieces(zone: prague)
    let stored = try store.db.prepare("SELECT time, user_id, id FROM attempt WHERE outcome = 0")
      .rows {
        Stamp(time: $0.int(0), user: $0.int(1), id: $0.int(2))
      }
    let packages = try store.packages()
    let reference = referenceAllocation(stored, packages, zone: prague)
    for stamp in stored {
      let key = StampKey(time: stamp.time, user: stamp.user, id: stamp.id)
      let holding = pieces.filter { $0.from <= key && key < $0.to }
      #expect(holding.count == 1, "each stamp is in exactly one piece")
      #expect(holding.first?.package == reference[stamp]!, "seed \(seed), stamp \(stamp)")
    }

    // stamps = used + remaining + expired, for every package on many days
    for offset in stride(from: -60, through: 460, by: 13) {
      let asOf = base.adding(days: offset)
      let balances = try balance(store, asOf: asOf.iso)
      for item in balances.flatMap(\.packages) {
        #expect(
          item.package.stamps == item.used + item.remaining + item.expired,
          "seed \(seed) on \(asOf)")
        #expect(item.used >= 0 && item.remaining >= 0 && item.expired >= 0)
      }
      // every stamp up to that day is drawn from a package or unfunded
      let end = prague.startOfDay(asOf.adding(days: 1)).microseconds
      let granted = Int64(stored.filter { $0.time < end }.count)
      let contract = balances[0]
      #expect(contract.packages.reduce(0) { $0 + $1.used } + contract.unfunded == granted)
    }
  }

  // MARK: - Hand-computed books

  @Test func aScenarioComputedByHand() throws {
    let store = try Store(path: folder.file("books.sqlite"))
    try store.addContract(code: "F1", name: nil, accounts: [])
    try store.addContract(code: "F2", name: nil, accounts: [])
    // F1: an expired package, an active one bought mid-October, an unpaid one
    try store.addPackage(
      PackageDraft(
        contractCode: "F1", stamps: 10, price: 100, paid: LocalDate(iso: "2026-01-01"),
        validUntil: LocalDate(iso: "2026-09-30")))  // 1
    // package 2
    try store.addPackage(
      PackageDraft(
        contractCode: "F1", stamps: 5, price: 100, vatRate: 21, paid: LocalDate(iso: "2026-10-15")))
    try store.addPackage(PackageDraft(contractCode: "F1", stamps: 100, paid: nil))  // 3
    // F2: a single package of 2
    // package 4
    try store.addPackage(
      PackageDraft(contractCode: "F2", stamps: 2, price: 10, paid: LocalDate(iso: "2026-01-01")))
    // F1: 4 stamps in September (from package 1), 3 before package 2 was paid (unfunded),
    // 6 after (5 from package 2, 1 unfunded)
    try importStamps(
      store,
      (1...4).map { ("2026-09-0\($0)T10:00:00Z", "alice") }
        + (1...3).map { ("2026-10-0\($0)T10:00:00Z", "bob") }
        + (1...6).map { ("2026-10-2\($0)T10:00:00Z", "alice") },
      contract: "F1")
    try importStamps(store, (1...3).map { ("2026-10-1\($0)T10:00:00Z", "carol") }, contract: "F2")

    let october31 = try balance(store, asOf: "2026-10-31")
    let f1 = october31[0]
    #expect(f1.packages.map(\.used) == [4, 5, 0])
    #expect(f1.packages.map(\.remaining) == [0, 0, 100])
    #expect(f1.packages.map(\.expired) == [6, 0, 0])
    #expect(f1.packages.map(\.status) == [.expired, .exhausted, .unpaid])
    #expect(f1.unfunded == 4)
    #expect((f1.stamps, f1.used, f1.remaining, f1.expired) == (15, 9, 0, 6))
    let f2 = october31[1]
    #expect((f2.used, f2.remaining, f2.unfunded) == (2, 0, 1))

    // On 30 September package 1 is still valid, with 6 left.
    let september30 = try balance(store, asOf: "2026-09-30", contract: "F1")[0]
    #expect(september30.packages[0].status == .active)
    #expect(september30.packages[0].remaining == 6)

    // October's costs: F1 5 stamps of package 2 at 20.00 (+21 % VAT), F2 2 stamps at 5.00
    let report = try UsageReport.build(
      UsageQuery(period: october(), dimensions: [.contract, .package]), store: store)
    #expect(
      report.table.rows.map(\.cells) == [
        // Each package's invoice reference beside its id (none recorded here).
        [.text("F1"), .integer(2), .text(""), .integer(5)]
          + [money("100.00"), money("21.00"), money("121.00")],
        [.text("F1"), .term("unfunded", text: "unfunded"), .text(""), .integer(4)]
          + [money("0.00"), money("0.00"), money("0.00")],
        [.text("F2"), .integer(4), .text(""), .integer(2)]
          + [money("10.00"), money("0.00"), money("10.00")],
        [.text("F2"), .term("unfunded", text: "unfunded"), .text(""), .integer(1)]
          + [money("0.00"), money("0.00"), money("0.00")],
        [.term("total", text: "Total"), .empty, .empty, .integer(12)]
          + [money("110.00"), money("21.00"), money("131.00")],
      ])
    #expect(report.notes.contains { $0.hasPrefix("5 stamps without a known price") })
  }

  func money(_ text: String) -> Cell { .money(Decimal(string: text)!, currency: "CZK") }

  @Test func aStampOnTheValidUntilDayIsFundedAndOneTheDayAfterIsNot() throws {
    let store = try makeStore(folder)
    try store.addPackage(
      PackageDraft(
        contractCode: "F2112000371", stamps: 10, paid: LocalDate(iso: "2026-01-01"),
        validUntil: LocalDate(iso: "2026-10-25")))
    // 23:30 local on the last day (21:30 UTC, winter time), and 00:10 local the next day
    try importStamps(store, [("2026-10-25T22:30:00Z", "a"), ("2026-10-25T23:10:00Z", "b")])
    let books = try balance(store, asOf: "2026-10-26")[0]
    #expect(books.packages[0].used == 1)
    #expect(books.packages[0].expired == 9)
    #expect(books.unfunded == 1)
  }

  @Test func theKeptAllocationFollowsNewStampsAndPayments() throws {
    let store = try makeStore(folder)
    let package = try store.addPackage(
      PackageDraft(contractCode: "F2112000371", stamps: 10, paid: nil))
    try importStamps(store, [("2026-10-05T10:00:00Z", "a")])
    #expect(try balance(store, asOf: "2026-10-31")[0].unfunded == 1)  // computed and kept
    try store.payPackage(id: package.id, on: LocalDate(iso: "2026-10-01")!)
    #expect(try balance(store, asOf: "2026-10-31")[0].unfunded == 0)
    try importStamps(store, [("2026-10-01T10:00:00Z", "b")])  // a late stamp
    let books = try balance(store, asOf: "2026-10-31")[0]
    #expect((books.used, books.remaining) == (2, 8))
    let kept = try store.db.prepare("SELECT count(*) FROM ledger_cache").rows { $0.int(0) }[0]
    #expect(kept == 1)
  }

  @Test func aPackageCountsFromItsPaidDayInTheBooksZone() throws {
    let store = try makeStore(folder)
    try store.addPackage(
      PackageDraft(contractCode: "F2112000371", stamps: 10, paid: LocalDate(iso: "2026-10-01")))
    // 22:30 UTC on 30 September is already 1 October in Prague
    try importStamps(store, [("2026-09-30T21:59:00Z", "a"), ("2026-09-30T22:30:00Z", "b")])
    let books = try balance(store, asOf: "2026-10-01")[0]
    #expect((books.packages[0].used, books.unfunded) == (1, 1))
  }

  @Test func moneyDividesExactlyAndTotalsAddUp() throws {
    let store = try makeStore(folder)
    try store.addPackage(
      PackageDraft(
        contractCode: "F2112000371", stamps: 350, price: 847, vatRate: 21,
        paid: LocalDate(iso: "2026-01-01")))
    try store.addPackage(
      PackageDraft(
        contractCode: "F2112000371", stamps: 150, price: 599, vatRate: 21,
        paid: LocalDate(iso: "2026-01-02")))
    // 350 stamps of the first package (2.42 each) over October, then 150 of the second
    var stamps: [(String, String)] = []
    for n in 0..<500 {
      stamps.append(
        (
          String(format: "2026-10-%02dT%02d:%02d:00Z", n % 28 + 1, 1 + n / 28, n % 60),
          "user\(n % 7)"
        ))
    }
    try importStamps(store, stamps)
    let report = try UsageReport.build(
      UsageQuery(period: october(), dimensions: [.user]), store: store)
    let body = report.table.rows.filter { $0.role == .body }
    let total = report.table.rows.last!
    func amount(_ row: Row, _ column: Int) -> Decimal {
      if case .money(let value, _) = row.cells[column] { return value }
      return -1
    }
    // Each row rounded on its own; the rounding line makes up the total (one amount per set of
    // stamps, as on an invoice's VAT recapitulation).
    let rounding = report.table.rows.filter { $0.role == .rounding }
    #expect(rounding.count <= 1)
    for column in 2...4 {
      #expect(
        (body + rounding).map { amount($0, column) }.reduce(0, +) == amount(total, column))
    }
    for row in body {
      #expect(amount(row, 3) == Money.rounded(amount(row, 2) * 21 / 100, currency: "CZK"))
    }
    // 847 + 599 = 1446.00 excl. VAT; VAT 21 % = 303.66; incl. 1749.66
    #expect(amount(total, 2) == Decimal(string: "1446.00"))
    #expect(amount(total, 3) == Decimal(string: "303.66"))
    #expect(amount(total, 4) == Decimal(string: "1749.66"))
    #expect(Money.format(Decimal(847) / 350, currency: "CZK") == "2.42")
  }

  @Test func runwayAndAnExpiryWarning() throws {
    let store = try makeStore(folder)
    try store.addPackage(
      PackageDraft(
        contractCode: "F2112000371", stamps: 100, paid: LocalDate(iso: "2026-01-01"),
        validUntil: LocalDate(iso: "2026-11-10"), ref: "SOON"))
    try store.addPackage(
      PackageDraft(contractCode: "F2112000371", stamps: 200, paid: LocalDate(iso: "2026-01-01")))
    // 60 stamps over the 30 days up to 31 October: 2 a day
    try importStamps(
      store, (0..<60).map { (String(format: "2026-10-%02dT12:%02d:00Z", $0 / 2 + 2, $0 % 2), "a") })
    let books = try balance(store, asOf: "2026-10-31")[0]
    #expect(books.runway.perDay == 2)
    #expect(books.remaining == 240)
    #expect(books.runway.daysLeft == 120)
    #expect(books.runway.runsOutOn == LocalDate(iso: "2027-02-28"))
    // 40 left in SOON, 11 days to its end at 2 a day: about 18 unused
    #expect(books.expiryWarnings.map(\.unused) == [18])
  }
}

/// A small deterministic generator (SplitMix64), so property tests repeat exactly.
struct SeededRandom: RandomNumberGenerator {
  var state: UInt64
  init(seed: UInt64) { state = seed &* 0x9E37_79B9_7F4A_7C15 }
  mutating func next() -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    var z = state
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }
}

@Suite struct ConcurrentReadingTests {
  let folder = TemporaryFolder()

  /// An import holding the write lock must not make a report wait (the busy timeout is 30 s):
  /// the report reads its snapshot and skips keeping its work.
  @Test func aReportDoesNotWaitForAnImportsWriteLock() throws {
    let store = try makeStore(folder)
    _ = try run(store, [folder.write("a.log", logLine("alice", "05/Oct/2026:10:00:00 +0200"))])
    try store.db.execute("DELETE FROM ledger_cache")
    let importer = try SQLiteConnection(path: folder.file("books.sqlite"))
    try importer.execute("BEGIN IMMEDIATE")
    try importer.execute("INSERT INTO user (name) VALUES ('held')")
    let started = Date()
    let report = try UsageReport.build(
      UsageQuery(period: october(), dimensions: [.user]), store: store)
    #expect(Date().timeIntervalSince(started) < 10)
    #expect(
      report.table.rows.map(\.cells) == [
        [.text("alice"), .integer(1)], [.term("total", text: "Total"), .integer(1)],
      ])
    try importer.execute("ROLLBACK")
  }
}

/// The stamps per quarter hour the imports keep beside the stamps are exactly the stamps: after
/// logs imported, imported again, grown, a dry run and a mostly malformed input refused.
@Suite struct StampQuarterTests {
  let folder = TemporaryFolder()

  func agree(_ store: Store) throws -> Bool {
    let kept = try store.db.prepare(
      "SELECT contract_id, quarter, stamps FROM stamp_quarter ORDER BY 1, 2"
    ).rows { [$0.int(0), $0.int(1), $0.int(2)] }
    let counted = try store.db.prepare(
      """
      SELECT contract_id, time / 900000000, count(*) FROM attempt WHERE outcome = 0
      GROUP BY 1, 2 ORDER BY 1, 2
      """
    ).rows { [$0.int(0), $0.int(1), $0.int(2)] }
    // and where each quarter hour's lines of a source lie
    let spans = try store.db.prepare(
      "SELECT quarter, source_id, first_id, last_id FROM attempt_span ORDER BY 1, 2"
    ).rows { [$0.int(0), $0.int(1), $0.int(2), $0.int(3)] }
    let lines = try store.db.prepare(
      """
      SELECT time / 900000000, source_id, min(id), max(id) FROM attempt
      GROUP BY 1, 2 ORDER BY 1, 2
      """
    ).rows { [$0.int(0), $0.int(1), $0.int(2), $0.int(3)] }
    return !kept.isEmpty && kept == counted && !spans.isEmpty && spans == lines
  }

  @Test func theQuarterCountsAreTheStamps() throws {
    let store = try makeStore(folder, contracts: ["F2112000371", "F2"])
    let lines = (0..<40).map { n in
      logLine(
        n % 3 == 0 ? "bob" : "alice", "05/Oct/2026:10:\(10 + n):0\(n % 10) +0200",
        status: n % 7 == 0 ? 401 : 200)
    }.joined()
    let log = folder.write("a.log", lines)
    _ = try run(store, [log], ImportOptions(contractCode: "F2112000371"))
    _ = try run(store, [log], ImportOptions(contractCode: "F2112000371"))  // nothing new
    folder.append("a.log", logLine("carol", "06/Oct/2026:23:59:59 +0200"))
    _ = try run(store, [log], ImportOptions(contractCode: "F2112000371"))
    let other = lines.replacingOccurrences(of: "05/Oct", with: "08/Oct")
    _ = try run(store, [folder.write("b.log", other)], ImportOptions(contractCode: "F2"))
    _ = try run(
      store, [folder.write("c.log", logLine("dave", "07/Oct/2026:10:00:00 +0200"))],
      ImportOptions(contractCode: "F2", dryRun: true))
    #expect(try agree(store))
    let total = try store.totalStamps()
    #expect(total == 2 * 34 + 1, "\(total)")
    // A line written out of time order, hours before the lines around it, is in its period's
    // reports all the same.
    folder.append("a.log", logLine("erin", "05/Oct/2026:09:00:00 +0200"))
    _ = try run(store, [log], ImportOptions(contractCode: "F2112000371"))
    #expect(try agree(store))
    let users = try store.stampsByUser(october(prague))
    #expect(users["erin"] == 1 && users["carol"] == 1, "\(users)")
    let listed: Int64 = users.values.reduce(0, +)
    #expect(listed == 2 * 34 + 2)
  }

  /// The counts and times the reports take from the quarter hours and the spans are what the
  /// attempts themselves say, for ranges that start and end anywhere: on a quarter hour, inside
  /// one, between stamps of one second (ties broken by user and id), and at the ends of time.
  @Test func countsAndTimesFromTheSummariesAreThoseOfTheLines() throws {
    let store = try makeStore(folder, contracts: ["F1", "F2"])
    var seed: UInt64 = 2026
    func next(_ bound: Int) -> Int {
      seed = seed &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
      return Int(seed >> 33) % bound
    }
    // Two logs of three days, mostly in time order, with ties and a few lines out of order.
    for (name, contract) in [("a.log", "F1"), ("b.log", "F2")] {
      var minute = 0
      var lines = ""
      for _ in 0..<300 {
        minute += next(3) == 0 ? 0 : next(40)
        let shown = next(25) == 0 ? max(0, minute - 500) : minute
        let time = String(
          format: "%02d/Oct/2026:%02d:%02d:%02d +0200", 5 + shown / 1440, shown / 60 % 24,
          shown % 60, next(2) * 30)
        lines += logLine(
          ["alice", "bob", "carol"][next(3)], time, status: next(10) == 0 ? 401 : 200)
      }
      _ = try run(store, [folder.write(name, lines)], ImportOptions(contractCode: contract))
    }
    let stamps = try store.db.prepare(
      "SELECT contract_id, time, user_id, id FROM attempt WHERE outcome = 0 ORDER BY 1, 2, 3, 4"
    ).rows { ($0.int(0), StampKey(time: $0.int(1), user: $0.int(2), id: $0.int(3))) }
    #expect(stamps.count > 400)
    let q = Store.quarterMicroseconds
    var keys = stamps.map(\.1)
    for stamp in stamps.map(\.1) {
      let quarter = stamp.time.floorDivided(by: q)
      keys += [
        .at(Instant(microseconds: quarter * q)), .at(Instant(microseconds: quarter * q + q)),
        .at(Instant(microseconds: stamp.time)), .at(Instant(microseconds: stamp.time + 1)),
      ]
    }
    keys += [.at(Instant(microseconds: .min)), .at(Instant(microseconds: .max))]
    for contract in [Int64(1), 2] {
      let mine = stamps.filter { $0.0 == contract }.map(\.1)
      for _ in 0..<300 {
        let a = keys[next(keys.count)]
        let b = keys[next(keys.count)]
        let (from, to) = a < b ? (a, b) : (b, a)
        let expected = mine.count { from <= $0 && $0 < to }
        #expect(
          try store.stampCount(contract: contract, from: from, to: to) == Int64(expected),
          "\(from) ..< \(to)")
      }
      #expect(
        try store.firstStampTime(contractCode: contract == 1 ? "F1" : "F2")?.microseconds
          == mine.map(\.time).min())
    }
    let times = try store.db.prepare("SELECT time FROM attempt").rows { $0.int(0) }
    for key in (0..<200).map({ _ in keys[next(keys.count)] }) where key.time > .min {
      let end = Instant(microseconds: key.time)
      #expect(
        try store.newestLineTime(before: end)?.microseconds == times.filter { $0 < key.time }.max())
    }
  }
}
