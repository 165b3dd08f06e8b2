import Foundation
import TSAModel
import TSAStore
import TSASystem

/// The books as the ledger reads them: the one place where stamps, packages and prices become
/// allocations, balances, usage, a month's summary and a reconciliation. Everything above
/// (reports, renderers, alerts, the command line) takes these values; nothing above reads the
/// store for a figure.
public struct Books {
  public let store: Store

  public init(_ store: Store) {
    self.store = store
  }

  // MARK: - The allocation

  /// The packages of a contract as the ledger draws from them, with validity windows in `zone`.
  func ledgerPackages(contractCode: String, zone: ReportZone) throws -> [LedgerPackage] {
    try store.packages().filter { $0.contractCode == contractCode }.compactMap { package in
      guard let paid = package.paid, let until = package.validUntil else {
        return LedgerPackage(
          id: package.id, stamps: package.stamps, window: nil, validUntil: .distantFuture,
          paid: .distantFuture)
      }
      let start = zone.startOfDay(paid)
      let end = max(start, zone.startOfDay(until.adding(days: 1)))
      return LedgerPackage(
        id: package.id, stamps: package.stamps, window: start..<end, validUntil: until, paid: paid)
    }
  }

  /// Every stamp of every contract, cut into pieces by the package it is drawn from. Kept in
  /// the books until a stamp or a package changes, since finding it reads every stamp.
  public func pieces(zone: ReportZone) throws -> [LedgerPiece] {
    let kept = try store.keptAllocation(zone: zone)
    if let text = kept.text, let pieces = LedgerPiece.decode(text) { return pieces }
    let pieces = try freshPieces(zone: zone)
    try store.keepAllocation(LedgerPiece.encode(pieces), zone: zone, state: kept.state)
    return pieces
  }

  /// Works out and keeps the allocation for `zone`, so that the next report need not: an import
  /// calls it once it has landed.
  public func prepare(zone: ReportZone) throws {
    _ = try pieces(zone: zone)
  }

  /// The allocation worked out afresh, without the kept one: what the kept one must equal.
  func freshPieces(zone: ReportZone) throws -> [LedgerPiece] {
    var pieces: [LedgerPiece] = []
    for contract in try store.contracts() {
      let packages = try ledgerPackages(contractCode: contract.code, zone: zone)
      let ranges = Allocation.segmentRanges(Allocation.boundaries(packages))
      // The stamps per quarter hour (kept by the imports) give every segment's count and say in
      // which quarter hour the n-th stamp lies: only that quarter hour is then searched.
      let quarterly = try store.stampQuarters(contract: contract.id)
      let segments = try ranges.map { range in
        Segment(
          start: range.lowerBound, end: range.upperBound,
          stamps: try Store.onQuarters(range)
            ? Store.stamps(in: range, quarterly)
            : store.stampCount(
              contract: contract.id, from: range.lowerBound, before: range.upperBound)
        )
      }
      func key(segment: Int, rank: Int64) throws -> StampKey {
        let range = ranges[segment]
        if rank == 0 { return .at(range.lowerBound) }
        if rank == segments[segment].stamps { return .at(range.upperBound) }
        var lower = range.lowerBound
        var upper = range.upperBound
        var skip = rank
        if Store.onQuarters(range) {
          // The quarter hour holding the stamp, and how many of the segment's come before it.
          for (quarter, stamps) in quarterly
          where quarter >= Store.quarter(of: lower) && quarter < Store.quarter(of: upper) {
            if skip < stamps {
              lower = Instant(microseconds: quarter * Store.quarterMicroseconds)
              upper = Instant(microseconds: (quarter + 1) * Store.quarterMicroseconds)
              break
            }
            skip -= stamps
          }
        }
        return try store.stampKey(contract: contract.id, from: lower, before: upper, skipping: skip)
      }
      for piece in Allocation.allocate(packages: packages, segments: segments) {
        pieces.append(
          LedgerPiece(
            contractID: contract.id, package: piece.package,
            from: try key(segment: piece.segment, rank: piece.fromRank),
            to: try key(segment: piece.segment, rank: piece.toRank),
            stamps: piece.toRank - piece.fromRank))
      }
    }
    return pieces
  }

  /// Every stamp of `period` in stamp order, with the package it is drawn from, handed to `body`
  /// `batchSize` at a time as they are read.
  public func forEachStamp(
    in period: Period, batchSize: Int, _ body: ([ListedStamp]) throws -> Void
  ) throws {
    let pieces = try pieces(zone: period.zone)
    var batch: [ListedStamp] = []
    batch.reserveCapacity(batchSize)
    try store.forEachStamp(in: period) { key, contract, stamp in
      var stamp = stamp
      stamp.package =
        pieces.first { $0.contractID == contract && $0.from <= key && key < $0.to }?.package
      batch.append(stamp)
      if batch.count == batchSize {
        try body(batch)
        batch.removeAll(keepingCapacity: true)
      }
    }
    if !batch.isEmpty { try body(batch) }
  }

  // MARK: - Balances

  /// The books at the end of the local day `asOf`; the runway's pace is that of the 30 days up
  /// to the end of `paceUntil` (default `asOf`).
  public func balances(
    contractCode: String?, asOf: LocalDate, zone: ReportZone, paceUntil: LocalDate? = nil
  ) throws -> [ContractBalance] {
    try store.reading {
      try readBalances(contractCode: contractCode, asOf: asOf, zone: zone, paceUntil: paceUntil)
    }
  }

  func readBalances(
    contractCode: String?, asOf: LocalDate, zone: ReportZone, paceUntil: LocalDate?,
    before moment: Instant? = nil
  ) throws -> [ContractBalance] {
    // Stamps up to the end of the day, or up to an exact moment in it.
    let end = moment ?? zone.startOfDay(asOf.adding(days: 1))
    let windowDays = 30
    let contracts =
      try contractCode.map { [try store.contract(code: $0).code] } ?? store.contracts().map(\.code)
    var used: [Int64: Int64] = [:]
    var unfunded: [String: Int64] = [:]
    let codes = Dictionary(uniqueKeysWithValues: try store.contracts().map { ($0.id, $0.code) })
    for piece in try pieces(zone: zone) where piece.from.time < end.microseconds {
      let count = try store.stampCount(piece, before: end)
      if let package = piece.package {
        used[package, default: 0] += count
      } else {
        unfunded[codes[piece.contractID]!, default: 0] += count
      }
    }
    let paceEnd = paceUntil.map { zone.startOfDay($0.adding(days: 1)) } ?? end
    let recent = try store.stampTotalsByContract(
      from: paceEnd.adding(seconds: -Int64(windowDays) * 86_400), before: paceEnd)
    return Ledger.balances(
      contracts: contracts, packages: try store.packages(), used: used, unfunded: unfunded,
      recent: recent, asOf: asOf, windowDays: windowDays, windowEnd: paceUntil)
  }

  /// The balances as `balance` shows them, with the newest line the books hold by then.
  public func balanceSheet(contractCode: String?, asOf: LocalDate, zone: ReportZone) throws
    -> BalanceSheet
  {
    try store.reading {
      BalanceSheet(
        // A package neither ordered nor paid by that day was not there yet: not listed.
        balances: try balances(contractCode: contractCode, asOf: asOf, zone: zone).map {
          var balance = $0
          balance.packages = balance.packages.filter { $0.package.isKnown(by: asOf) }
          return balance
        },
        contractCode: contractCode, asOf: asOf, zone: zone,
        newestLine: try store.newestLineTime(before: zone.startOfDay(asOf.adding(days: 1))))
    }
  }

  // MARK: - Usage

  /// The typed summary of a period, read in one transaction.
  public func usage(
    period: Period, dimensions: [UsageDimension], filters: UsageFilters = UsageFilters()
  ) throws -> UsageSummary {
    try usage(period: period, dimensionSets: [dimensions], filters: filters)[0]
  }

  /// Summaries of one period by several sets of dimensions, from one reading of its stamps (each
  /// summary adds up the counts by its own dimensions).
  public func usage(
    period: Period, dimensionSets: [[UsageDimension]], filters: UsageFilters = UsageFilters()
  ) throws -> [UsageSummary] {
    try store.reading {
      let all = dimensionSets.flatMap { $0 }
      let grouping = StampGrouping(
        day: all.contains(where: \.isTime),
        user: all.contains(.user) || all.contains(.costCentre),
        source: all.contains(.source), endpoint: all.contains(.endpoint),
        host: all.contains(.host))
      let counts = try store.stampCounts(
        in: period, grouping: grouping, filter: filters, pieces: try pieces(zone: period.zone))
      let packages = Dictionary(uniqueKeysWithValues: try store.packages().map { ($0.id, $0) })
      let costCentres = all.contains(.costCentre) ? try store.reportedCostCentres() : [:]
      let unbilled = try store.unbilledCounts(in: period, filter: filters)
      let malformed = try store.malformedCount(in: period)
      let displayNames = all.contains(.user) ? try store.displayNames() : [:]
      return dimensionSets.map { dims in
        UsageSummary.make(
          period: period, dimensions: dims, filters: filters, counts: counts,
          packages: packages, costCentres: dims.contains(.costCentre) ? costCentres : [:],
          unbilled: unbilled, malformed: malformed,
          displayNames: dims.contains(.user) ? displayNames : [:])
      }
    }
  }

  // MARK: - A month

  /// The month starting `first` in `zone` as the books stand `today`, read in one transaction.
  /// The list of stamps, by far the longest part, is read first: `outline` gets its count and
  /// how many rows the By user report can have, then `stamps` the stamps in time order,
  /// `batchSize` at a time as they are read, so that they can be written while the rest is
  /// worked out. When the books know more than `exactUsersAbove` users, the users of the month
  /// are counted before the outline (a workbook names its sheets before it writes any).
  public func month(
    _ first: LocalDate, today: LocalDate, zone: ReportZone, exactUsersAbove: Int = .max,
    batchSize: Int = 4096, outline: (MonthOutline) throws -> Void = { _ in },
    stamps: ([ListedStamp]) throws -> Void = { _ in }
  ) throws -> MonthBooks {
    try store.reading {
      let last = first.adding(months: 1).adding(days: -1)
      let period = Period(from: first, through: last, zone: zone)
      let count = try store.stampCount(in: period)
      let userBound = try store.userCount()
      let centreBound = try store.costCentreCount() + 1  // and "no cost centre"
      var early: UsageSummary?
      if userBound > exactUsersAbove {
        early = try usage(period: period, dimensions: [.user, .costCentre])
      }
      let byUserRows = early?.groups.count ?? userBound
      try outline(
        MonthOutline(
          period: period, stamps: count, byUserRows: byUserRows,
          byCentreRows: byUserRows + 2 * centreBound,
          refs: Dictionary(
            uniqueKeysWithValues: try store.packages().compactMap { p in p.ref.map { (p.id, $0) } }
          )))
      try forEachStamp(in: period, batchSize: batchSize, stamps)
      // The month by contract, by day and by user from one more reading of its stamps.
      let made = try usage(
        period: period,
        dimensionSets: [[.contract], [.day], [.costCentre, .user, .package]]
          + (early == nil ? [[.user, .costCentre]] : []))
      let summary = MonthlySummary.make(
        period: period, today: today,
        opening: try balances(contractCode: nil, asOf: first.adding(days: -1), zone: zone),
        closing: try balances(contractCode: nil, asOf: last, zone: zone),
        byContract: made[0], byUser: early ?? made[3], byDay: made[1], byCentre: made[2],
        adjustments: try adjustments(ofMonth: first, zone: zone))
      return MonthBooks(
        summary: summary, stamps: count,
        changes: try store.changes(),
        coverage: try coverage(ofMonth: first, zone: zone), mark: try store.booksMark())
    }
  }

  /// Whether the books were read after the month starting `first` ended: the last kept import
  /// and the newest line, against the month's end.
  public func coverage(ofMonth first: LocalDate, zone: ReportZone) throws -> MonthCoverage {
    let end = zone.startOfDay(first.adding(months: 1))
    return MonthCoverage(
      end: end, lastImportEnd: try store.lastImportEnd(),
      newestLine: try store.newestLineTime(before: Instant(microseconds: .max)))
  }

  /// The first day the books know anything of, in `zone`: the first package ordered or paid,
  /// or the first stamp; nil for empty books.
  public func beginning(zone: ReportZone) throws -> LocalDate? {
    let packageDays = try store.packages().compactMap { $0.ordered ?? $0.paid }
    let stampDays = try store.contracts().compactMap { contract in
      try store.firstStampTime(contractCode: contract.code).map { zone.localDate(of: $0) }
    }
    return (packageDays + stampDays).min()
  }

  // MARK: - Reconciliation

  /// Compares the provider's counters for `contractCode` (used, left; either may be nil) with
  /// the books up to `end`.
  public func reconcile(
    contractCode: String, providerUsed: Int64?, providerLeft: Int64? = nil, end: Instant,
    zone: ReportZone
  ) throws -> Reconciliation {
    try store.reading {
      let contract = try store.contract(code: contractCode)
      let booksUsed = try store.stampTotalsByContract(before: end)[contract.code] ?? 0
      // The paid, unexpired stamps left at that moment, package by package.
      let day = zone.localDate(of: end.adding(seconds: -1))
      let balance = try readBalances(
        contractCode: contract.code, asOf: day, zone: zone, paceUntil: nil, before: end
      ).first
      let first = try store.firstStampTime(contractCode: contract.code)
      var byMonth: [(String, Int64)] = []
      if let first, first < end {
        let period = Period(
          from: zone.localDate(of: first).firstOfMonth,
          through: zone.localDate(of: end.adding(seconds: -1)), zone: zone)
        let summary = try usage(
          period: period, dimensions: [.month], filters: UsageFilters(contractCode: contract.code))
        for group in summary.groups {
          if case .period(let month) = group.key.first {
            byMonth.append((month, group.tally.stamps))
          }
        }
      }
      let active = balance?.packages.filter { $0.status == .active } ?? []
      return Reconciliation(
        contractCode: contract.code, providerUsed: providerUsed, booksUsed: booksUsed,
        byMonth: byMonth, end: end, providerLeft: providerLeft,
        packagesLeft: active.map { ($0.package, $0.remaining) })
    }
  }

  // MARK: - Corrections

  /// Edits a package (the allocation is worked out again) and returns the fields changed and
  /// the stamps moved, as of `today`.
  public func editPackage(
    id: Int64, changes: PackageChanges, zone: ReportZone, today: LocalDate
  ) throws -> (old: Package, new: Package, shift: LedgerShift) {
    let before = try balances(contractCode: nil, asOf: today, zone: zone)
    let (old, new) = try store.editPackage(id: id, changes)
    let after = try balances(contractCode: nil, asOf: today, zone: zone)
    return (old, new, LedgerShift(before: before, after: after))
  }

  /// Removes a package; refused while stamps are drawn from it, unless `force`.
  public func removePackage(
    id: Int64, force: Bool, zone: ReportZone, today: LocalDate
  ) throws -> (package: Package, shift: LedgerShift) {
    let package = try store.package(id: id)
    let before = try balances(contractCode: nil, asOf: today, zone: zone)
    let drawn =
      before.first { $0.contractCode == package.contractCode }?.packages
      .first { $0.package.id == id }?.used ?? 0
    if drawn > 0 && !force { throw StoreError.packageInUse(package: id, stamps: drawn) }
    let removed = try store.removePackage(id: id)
    let after = try balances(contractCode: nil, asOf: today, zone: zone)
    return (removed, LedgerShift(before: before, after: after))
  }
}

/// The balances `balance` shows, as of the end of a day, and the newest line by then.
public struct BalanceSheet: Sendable {
  public var balances: [ContractBalance]
  public var contractCode: String?
  public var asOf: LocalDate
  public var zone: ReportZone
  /// When the logs stopped arriving: books that stopped growing look better, not worse.
  public var newestLine: Instant?
}

/// What a month's sheets need before its stamps are read.
public struct MonthOutline: Sendable {
  public var period: Period
  /// Stamps in the month.
  public var stamps: Int
  /// An upper bound of the By user report's rows (exact when the books know many users).
  public var byUserRows: Int
  /// An upper bound of the By cost centre report's rows: a row per user, and a subtotal and a
  /// rounding line per centre.
  public var byCentreRows: Int = 0
  /// The packages' invoice references, by id, for the list of stamps.
  public var refs: [Int64: String] = [:]
}

/// A month of the books: its summary, how many stamps it has, the change log (the whole of it:
/// the month's changes name packages by what earlier ones said of them), and whether the books
/// were read after it ended.
public struct MonthBooks: Sendable {
  public var summary: MonthlySummary
  public var stamps: Int
  public var changes: [ChangeRecord]
  public var coverage: MonthCoverage
  /// The state of the books it was read from.
  public var mark: BooksMark
  /// When it was read (its bundle says it); nil in tests that pin every figure.
  public var madeAt: Instant? = nil
  /// The version of its bundle: 2, 3, … once the month was closed, reopened and is made again.
  public var version: Int = 1
}

/// Whether the books were read after a month ended. A month over whose books no import read
/// after its end may lack its last stamps (a broken log path, a stopped import timer): its
/// bundle would look complete and be short.
public struct MonthCoverage: Sendable, Equatable {
  /// The month's end (the next month's first moment).
  public var end: Instant
  /// When the last kept import ended; nil when none did.
  public var lastImportEnd: Instant?
  /// The newest line in the books.
  public var newestLine: Instant?

  /// An import ended after the month did.
  public var isRead: Bool { lastImportEnd.map { $0 >= end } ?? false }
}

/// A month over whose books no import read after its end, asked for without
/// `--allow-incomplete`.
public struct MonthNotRead: DescribedError, SaidInLanguages, Sendable {
  public var month: String
  public var coverage: MonthCoverage
  public var zone: ReportZone
  /// Said of a bundle (which `--allow-incomplete` writes anyway), or of a close.
  var bundle = true

  public init(month: String, coverage: MonthCoverage, zone: ReportZone) {
    self.month = month
    self.coverage = coverage
    self.zone = zone
  }

  init(month: String, coverage: MonthCoverage, zone: ReportZone, bundle: Bool) {
    self.init(month: month, coverage: coverage, zone: zone)
    self.bundle = bundle
  }

  public var description: String { description(in: .en) }

  public func description(in language: Language) -> String {
    let lastImport = coverage.lastImportEnd.map { zone.format($0) }
    let newest = coverage.newestLine.map { zone.format($0) }
    return language.pick(
      en: "\(month) was not read after it ended: "
        + (lastImport.map { "the last import ended \($0)" } ?? "no import is recorded in the books")
        + (newest.map { " and the newest line in them is of \($0)" } ?? " and they hold no line")
        + ". A broken log path or a stopped import timer looks like this: import the logs first"
        + " (tsa-report import; tsa-report doctor checks the set-up)"
        + (bundle
          ? ", or write the bundle anyway with --allow-incomplete (it then says so in every"
            + " report)." : "."),
      cs: "\(month) nebyl po svém konci načten: "
        + (lastImport.map { "poslední import skončil \($0)" } ?? "evidence nezná žádný import")
        + (newest.map { " a nejnovější řádek v ní je z \($0)" } ?? " a nemá žádný řádek")
        + ". Tak vypadá chybná cesta k logům nebo zastavený časovač importu: nejprve importujte"
        + " logy (tsa-report import; nastavení zkontroluje tsa-report doctor)"
        + (bundle
          ? ", nebo balík přesto zapište s --allow-incomplete (pak to uvede v každém přehledu)."
          : "."))
  }
}

extension LedgerPiece {
  /// One piece a line: contract, package (or -), the two keys, the count.
  static func encode(_ pieces: [LedgerPiece]) -> String {
    pieces.map { p in
      [
        p.contractID, p.package ?? -1, p.from.time, p.from.user, p.from.id, p.to.time, p.to.user,
        p.to.id, p.stamps,
      ].map(String.init).joined(separator: " ")
    }.joined(separator: "\n")
  }

  static func decode(_ text: String) -> [LedgerPiece]? {
    if text.isEmpty { return [] }
    var pieces: [LedgerPiece] = []
    for line in text.split(separator: "\n") {
      let n = line.split(separator: " ").compactMap { Int64($0) }
      guard n.count == 9 else { return nil }
      pieces.append(
        LedgerPiece(
          contractID: n[0], package: n[1] < 0 ? nil : n[1],
          from: StampKey(time: n[2], user: n[3], id: n[4]),
          to: StampKey(time: n[5], user: n[6], id: n[7]),
          stamps: n[8]))
    }
    return pieces
  }
}
