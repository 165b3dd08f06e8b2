// MARK: - The ledger's view of the stamps

/// A place in stamp order: stamps are ordered by time, then user id, then id.
struct StampKey: Comparable, Hashable {
  var time: Int64
  var user: Int64
  var id: Int64

  static func < (a: StampKey, b: StampKey) -> Bool {
    (a.time, a.user, a.id) < (b.time, b.user, b.id)
  }

  /// The first key at or after `instant`.
  static func at(_ instant: Instant) -> StampKey {
    StampKey(time: instant.microseconds, user: .min, id: .min)
  }
}

/// The stamps `[from, to)` (in stamp order) of a contract, all drawn from one package or all
/// unfunded.
struct LedgerPiece: Equatable {
  var contractID: Int64
  var package: Int64?
  var from: StampKey
  var to: StampKey
  /// How many stamps the piece holds.
  var stamps: Int64
}

extension Store {
  /// The packages of a contract as the ledger draws from them, with validity windows in `zone`.
  func ledgerPackages(contractCode: String, zone: ReportZone) throws -> [LedgerPackage] {
    try packages().filter { $0.contractCode == contractCode }.compactMap { package in
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
  /// `ledger_cache` until a stamp or a package changes, since finding it reads every stamp.
  func ledgerPieces(zone: ReportZone) throws -> [LedgerPiece] {
    let key = try booksKey()
    if let cached = try db.prepare(
      "SELECT pieces FROM ledger_cache WHERE zone = ? AND books_key = ?"
    )
    .rows([.text(zone.identifier), .text(key)], { $0.text(0) }).first,
      let pieces = LedgerPiece.decode(cached)
    {
      return pieces
    }
    let pieces = try computeLedgerPieces(zone: zone)
    // Keeping the work is a favour, never a wait: a read-only database, or an import holding
    // the write lock, still gets its report at once.
    try? db.execute("PRAGMA busy_timeout = 0")
    try? db.prepare(
      "INSERT OR REPLACE INTO ledger_cache (zone, books_key, pieces) VALUES (?, ?, ?)"
    )
    .run([.text(zone.identifier), .text(key), .text(LedgerPiece.encode(pieces))])
    try? db.execute("PRAGMA busy_timeout = \(Store.busyTimeoutMilliseconds)")
    return pieces
  }

  /// Works out and keeps the allocation for `zone`, so that the next report need not: an import
  /// calls it once it has landed.
  public func prepareLedger(zone: ReportZone) throws {
    _ = try ledgerPieces(zone: zone)
  }

  /// What the allocation depends on: the stamps and the packages. `books_state.version` is
  /// raised by triggers on every change to either (schema version 7): stamps counted into or out
  /// of a quarter hour, an attempt changed or removed, a package added, edited, paid or removed.
  private func booksKey() throws -> String {
    let version = try db.prepare("SELECT version FROM books_state WHERE id = 1").rows {
      $0.int(0)
    }
    return "v\(version[0])"
  }

  /// The allocation worked out afresh, without the kept one: what the kept one must equal.
  func freshLedgerPieces(zone: ReportZone) throws -> [LedgerPiece] {
    try computeLedgerPieces(zone: zone)
  }

  static let quarterMicroseconds: Int64 = 900_000_000

  static func quarter(of instant: Instant) -> Int64 {
    instant.microseconds.floorDivided(by: quarterMicroseconds)
  }

  /// True when both ends of `range` fall on quarter hours (or are the ends of time): its stamps
  /// are then the sum of whole quarter hours.
  static func onQuarters(_ range: Range<Instant>) -> Bool {
    func aligned(_ instant: Instant) -> Bool {
      instant.microseconds == .min || instant.microseconds == .max
        || instant.microseconds % quarterMicroseconds == 0
    }
    return aligned(range.lowerBound) && aligned(range.upperBound)
  }

  /// The stamps of the quarter hours in `range` (`quarterly` in order).
  static func stamps(in range: Range<Instant>, _ quarterly: [(Int64, Int64)]) -> Int64 {
    let from = range.lowerBound.microseconds == .min ? Int64.min : quarter(of: range.lowerBound)
    let to = range.upperBound.microseconds == .max ? Int64.max : quarter(of: range.upperBound)
    return quarterly.reduce(0) { $0 + ($1.0 >= from && $1.0 < to ? $1.1 : 0) }
  }

  private func computeLedgerPieces(zone: ReportZone) throws -> [LedgerPiece] {
    var pieces: [LedgerPiece] = []
    let quarters = try db.prepare(
      "SELECT quarter, stamps FROM stamp_quarter WHERE contract_id = ? ORDER BY quarter")
    let nth = try db.prepare(
      Self.lines(
        "a.time, user_id, a.id", where: "outcome = 0 AND contract_id = ?",
        "ORDER BY a.time, user_id, a.id LIMIT 1 OFFSET ?"))
    for contract in try contracts() {
      let packages = try ledgerPackages(contractCode: contract.code, zone: zone)
      let ranges = Allocation.segmentRanges(Allocation.boundaries(packages))
      // The stamps per quarter hour (kept by the imports) give every segment's count and say in
      // which quarter hour the n-th stamp lies: only that quarter hour is then searched.
      let quarterly = try quarters.rows([.integer(contract.id)]) { ($0.int(0), $0.int(1)) }
      let segments = try ranges.map { range in
        Segment(
          start: range.lowerBound, end: range.upperBound,
          stamps: try Self.onQuarters(range)
            ? Self.stamps(in: range, quarterly)
            : stampCount(contract: contract.id, from: range.lowerBound, before: range.upperBound))
      }
      func key(segment: Int, rank: Int64) throws -> StampKey {
        let range = ranges[segment]
        if rank == 0 { return .at(range.lowerBound) }
        if rank == segments[segment].stamps { return .at(range.upperBound) }
        var lower = range.lowerBound
        var upper = range.upperBound
        var skip = rank
        if Self.onQuarters(range) {
          // The quarter hour holding the stamp, and how many of the segment's come before it.
          for (quarter, stamps) in quarterly
          where quarter >= Self.quarter(of: lower) && quarter < Self.quarter(of: upper) {
            if skip < stamps {
              lower = Instant(microseconds: quarter * Self.quarterMicroseconds)
              upper = Instant(microseconds: (quarter + 1) * Self.quarterMicroseconds)
              break
            }
            skip -= stamps
          }
        }
        return try nth.rows(
          Self.periodValues(from: lower.microseconds, to: upper.microseconds)
            + [.integer(contract.id), .integer(skip)]
        ) { StampKey(time: $0.int(0), user: $0.int(1), id: $0.int(2)) }[0]
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

  /// Stamps of `piece` granted before `end`.
  func stampCount(_ piece: LedgerPiece, before end: Instant) throws -> Int64 {
    if piece.to.time < end.microseconds
      || (piece.to.time == end.microseconds && piece.to.user == .min)
    {
      return piece.stamps  // the whole piece lies before the end
    }
    if piece.from.time >= end.microseconds { return 0 }
    return try stampCount(contract: piece.contractID, from: piece.from, to: min(piece.to, .at(end)))
  }

  func keyValues(_ piece: LedgerPiece) -> [SQLValue] {
    [
      .integer(piece.from.time), .integer(piece.from.user), .integer(piece.from.id),
      .integer(piece.to.time), .integer(piece.to.user), .integer(piece.to.id),
    ]
  }
}

extension Store {
  /// When the contract's first stamp was granted; nil when it has none.
  func firstStampTime(contractCode: String) throws -> Instant? {
    let id = try contract(code: contractCode).id
    let q = Self.quarterMicroseconds
    let quarters = try db.prepare(
      "SELECT quarter FROM stamp_quarter WHERE contract_id = ? AND stamps > 0 ORDER BY quarter")
    let first = try db.prepare(Self.lines("min(a.time)", where: "outcome = 0 AND contract_id = ?"))
    // The first quarter hour with stamps holds the first stamp.
    for quarter in try quarters.rows([.integer(id)], { $0.int(0) }) {
      let values = Self.periodValues(from: quarter * q, to: quarter * q + q) + [.integer(id)]
      if let time = try first.rows(values, { $0.optionalInt(0) }).first ?? nil {
        return Instant(microseconds: time)
      }
    }
    return nil
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

/// One stamp as the monthly list shows it.
struct ListedStamp {
  var time: Instant
  var user: String
  var contract: String
  var package: Int64?
  var source: String
  var serial: String?
}

extension Store {
  /// Every stamp of `period` in stamp order, with the package it is drawn from, handed to `body`
  /// `batchSize` at a time as they are read.
  func forEachStamp(
    in period: Period, batchSize: Int, _ body: ([ListedStamp]) throws -> Void
  ) throws {
    let pieces = try ledgerPieces(zone: period.zone)
    let users = try reportedUserNames()
    let contracts = try names("SELECT id, code FROM contract")
    let sources = try names("SELECT id, path FROM source")
    // Books of proxy logs alone have no tokens to look up for each stamp.
    let ids = contracts.keys.sorted()
    let hasTokens = try db.prepare("SELECT EXISTS (SELECT 1 FROM token)").rows { $0.int(0) }[0] == 1
    var batch: [ListedStamp] = []
    batch.reserveCapacity(batchSize)
    let serial =
      hasTokens
      ? "(SELECT t.serial FROM token t WHERE t.attempt_id = a.id)" : "NULL"
    let statement = try db.prepare(
      Self.lines(
        "a.time, a.user_id, a.id, a.contract_id, a.source_id, \(serial)",
        where:
          "a.outcome = 0 AND a.contract_id IN (\(ids.map { _ in "?" }.joined(separator: ", ")))",
        "ORDER BY a.time, a.user_id, a.id"))
    // An hour at a time: the stamps are put in order an hour's worth at a time, and the first
    // are handed out at once instead of after the whole month has been read and sorted.
    let hour: Int64 = 3_600_000_000
    var start = period.start.microseconds
    let end = period.end.microseconds
    while start < end {
      let sliceEnd = end - start > hour ? start + hour : end
      try statement.forEachRow(
        Self.periodValues(from: start, to: sliceEnd) + ids.map(SQLValue.integer)
      ) { row in
        let key = StampKey(time: row.int(0), user: row.int(1), id: row.int(2))
        let contract = row.int(3)
        let piece = pieces.first { $0.contractID == contract && $0.from <= key && key < $0.to }
        batch.append(
          ListedStamp(
            time: Instant(microseconds: row.int(0)), user: users[row.int(1)] ?? "",
            contract: contracts[contract] ?? "", package: piece?.package,
            source: sources[row.int(4)] ?? "",
            serial: row.optionalText(5)))
        if batch.count == batchSize {
          try body(batch)
          batch.removeAll(keepingCapacity: true)
        }
      }
      start = sliceEnd
    }
    if !batch.isEmpty { try body(batch) }
  }

  /// How many stamps `forEachStamp` hands out for `period`.
  func stampCount(in period: Period) throws -> Int {
    try Int(
      contracts().reduce(0) {
        $0 + (try stampCount(contract: $1.id, from: period.start, before: period.end))
      })
  }
}
