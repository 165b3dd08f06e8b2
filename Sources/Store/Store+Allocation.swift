import TSAModel

// MARK: - What the ledger's allocation reads

extension Store {
  /// The books' current state (`books_state.version`), and the allocation kept for `zone` at it,
  /// as the ledger wrote it; nil when none is kept (the books changed since, or none was kept).
  /// The state is read before the allocation is worked out and kept under it: books changed in
  /// between leave a kept allocation no later reading asks for, never a stale one under the new
  /// state.
  package func keptAllocation(zone: ReportZone) throws -> (state: String, text: String?) {
    let state = try booksKey()
    let text = try db.prepare("SELECT pieces FROM ledger_cache WHERE zone = ? AND books_key = ?")
      .rows([.text(zone.identifier), .text(state)]) { $0.text(0) }.first
    return (state, text)
  }

  /// Keeps the allocation for `zone` worked out at `state`. Keeping it is a favour, never a
  /// wait: a read-only database, or an import holding the write lock, leaves it unkept.
  package func keepAllocation(_ text: String, zone: ReportZone, state key: String) throws {
    try? db.execute("PRAGMA busy_timeout = 0")
    try? db.prepare(
      "INSERT OR REPLACE INTO ledger_cache (zone, books_key, pieces) VALUES (?, ?, ?)"
    )
    .run([.text(zone.identifier), .text(key), .text(text)])
    try? db.execute("PRAGMA busy_timeout = \(Store.busyTimeoutMilliseconds)")
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

  package static let quarterMicroseconds: Int64 = 900_000_000

  package static func quarter(of instant: Instant) -> Int64 {
    instant.microseconds.floorDivided(by: quarterMicroseconds)
  }

  /// True when both ends of `range` fall on quarter hours (or are the ends of time): its stamps
  /// are then the sum of whole quarter hours.
  package static func onQuarters(_ range: Range<Instant>) -> Bool {
    func aligned(_ instant: Instant) -> Bool {
      instant.microseconds == .min || instant.microseconds == .max
        || instant.microseconds % quarterMicroseconds == 0
    }
    return aligned(range.lowerBound) && aligned(range.upperBound)
  }

  /// The stamps of the quarter hours in `range` (`quarterly` in order).
  package static func stamps(in range: Range<Instant>, _ quarterly: [(Int64, Int64)]) -> Int64 {
    let from = range.lowerBound.microseconds == .min ? Int64.min : quarter(of: range.lowerBound)
    let to = range.upperBound.microseconds == .max ? Int64.max : quarter(of: range.upperBound)
    return quarterly.reduce(0) { $0 + ($1.0 >= from && $1.0 < to ? $1.1 : 0) }
  }

  /// A contract's stamps per quarter hour (kept by the imports), in order.
  package func stampQuarters(contract: Int64) throws -> [(Int64, Int64)] {
    try db.prepare(
      "SELECT quarter, stamps FROM stamp_quarter WHERE contract_id = ? ORDER BY quarter"
    ).rows([.integer(contract)]) { ($0.int(0), $0.int(1)) }
  }

  /// The key of a contract's stamp in `[lower, upper)` that has `skip` of them before it.
  package func stampKey(
    contract: Int64, from lower: Instant, before upper: Instant, skipping skip: Int64
  ) throws -> StampKey {
    try db.prepare(
      Self.lines(
        "a.time, user_id, a.id", where: "outcome = 0 AND contract_id = ?",
        "ORDER BY a.time, user_id, a.id LIMIT 1 OFFSET ?")
    ).rows(
      Self.periodValues(from: lower.microseconds, to: upper.microseconds)
        + [.integer(contract), .integer(skip)]
    ) { StampKey(time: $0.int(0), user: $0.int(1), id: $0.int(2)) }[0]
  }

  /// Stamps of `piece` granted before `end`.
  package func stampCount(_ piece: LedgerPiece, before end: Instant) throws -> Int64 {
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

  /// When the contract's first stamp was granted; nil when it has none.
  package func firstStampTime(contractCode: String) throws -> Instant? {
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

  /// Every stamp of `period` in stamp order, with its key and contract id, handed to `body` as
  /// it is read (its package not known here: the ledger draws it).
  package func forEachStamp(
    in period: Period, _ body: (StampKey, Int64, ListedStamp) throws -> Void
  ) throws {
    let users = try reportedUserNames()
    let contracts = try names("SELECT id, code FROM contract")
    let sources = try names("SELECT id, path FROM source")
    // Books of proxy logs alone have no tokens to look up for each stamp.
    let ids = contracts.keys.sorted()
    let hasTokens = try db.prepare("SELECT EXISTS (SELECT 1 FROM token)").rows { $0.int(0) }[0] == 1
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
        let contract = row.int(3)
        try body(
          StampKey(time: row.int(0), user: row.int(1), id: row.int(2)), contract,
          ListedStamp(
            time: Instant(microseconds: row.int(0)), user: users[row.int(1)] ?? "",
            contract: contracts[contract] ?? "", package: nil,
            source: sources[row.int(4)] ?? "", serial: row.optionalText(5)))
      }
      start = sliceEnd
    }
  }

  /// How many stamps `forEachStamp` hands out for `period`.
  package func stampCount(in period: Period) throws -> Int {
    try Int(
      contracts().reduce(0) {
        $0 + (try stampCount(contract: $1.id, from: period.start, before: period.end))
      })
  }
}
