import TSAModel

// MARK: - Finding a period's lines without an index on every attempt

extension Store {
  /// A query over the attempts `a` with a time in a period. `attempt_span` says, per quarter hour
  /// and source, between which ids its lines lie; the period's quarter hours give one run of ids
  /// per source, read by the table's key (a log is written in time order, so the run holds
  /// little else; a line out of order only widens it). Its first four values are
  /// `periodValues(from:to:)`; the `?` in `columns` and `condition` come after them.
  static func lines(_ columns: String, where condition: String, _ tail: String = "") -> String {
    """
    WITH span(lo, hi, t0, t1) AS (
      SELECT min(first_id), max(last_id), ?3, ?4 FROM attempt_span
      WHERE quarter BETWEEN ?1 AND ?2 GROUP BY source_id)
    SELECT \(columns) FROM span CROSS JOIN attempt a ON a.id BETWEEN span.lo AND span.hi
    WHERE a.time >= span.t0 AND a.time < span.t1 AND \(condition)
    \(tail)
    """
  }

  /// The values that open a `lines` query: the period `[start, end)` in microseconds.
  static func periodValues(from start: Int64, to end: Int64) -> [SQLValue] {
    guard start < end else { return [.integer(1), .integer(0), .integer(0), .integer(0)] }
    return [
      .integer(start.floorDivided(by: quarterMicroseconds)),
      .integer((end - 1).floorDivided(by: quarterMicroseconds)), .integer(start), .integer(end),
    ]
  }

  /// Stamps of a contract in stamp order from `from` (included) to `to` (not): the whole quarter
  /// hours between them summed from `stamp_quarter`, the ends counted line by line.
  package func stampCount(contract: Int64, from: StampKey, to: StampKey) throws -> Int64 {
    guard from < to, from.time < .max else { return 0 }
    let q = Self.quarterMicroseconds
    // The first whole quarter hour, and the quarter hour after the last whole one.
    var first = Int64.min
    if from.time > .min {
      let quarter = from.time.floorDivided(by: q)
      first = from == .at(Instant(microseconds: quarter * q)) ? quarter : quarter + 1
    }
    var last = Int64.max
    if to.time < .max { last = to.time.floorDivided(by: q) }
    guard first < last else { return try countStamps(contract: contract, from: from, to: to) }
    // The stamps before the first whole quarter hour and in the one after the last.
    var head: Int64 = 0
    var tail: Int64 = 0
    if from.time > .min && first * q > from.time {
      head = try countStamps(
        contract: contract, from: from, to: .at(Instant(microseconds: first * q)))
    }
    if to.time < .max && to != .at(Instant(microseconds: last * q)) {
      tail = try countStamps(contract: contract, from: .at(Instant(microseconds: last * q)), to: to)
    }
    let whole =
      try db.prepare(
        """
        SELECT coalesce(sum(stamps), 0) FROM stamp_quarter
        WHERE contract_id = ? AND quarter >= ? AND quarter < ?
        """
      ).rows([.integer(contract), .integer(first), .integer(last)]) { $0.int(0) }.first ?? 0
    return head + whole + tail
  }

  /// Stamps of a contract in stamp order from `from` to `to`, counted line by line.
  private func countStamps(contract: Int64, from: StampKey, to: StampKey) throws -> Int64 {
    guard from < to else { return 0 }
    return try db.prepare(
      Self.lines(
        "count(*)",
        where: """
          outcome = 0 AND contract_id = ? AND (a.time, user_id, a.id) >= (?, ?, ?)
            AND (a.time, user_id, a.id) < (?, ?, ?)
          """)
    ).rows(
      Self.periodValues(from: from.time, to: to.time == .max ? .max : to.time + 1)
        + [
          .integer(contract), .integer(from.time), .integer(from.user), .integer(from.id),
          .integer(to.time), .integer(to.user), .integer(to.id),
        ]
    ) { $0.int(0) }.first ?? 0
  }

  /// Stamps of a contract granted in `[start, end)`.
  package func stampCount(contract: Int64, from start: Instant, before end: Instant) throws -> Int64
  {
    try stampCount(contract: contract, from: .at(start), to: .at(end))
  }

  /// The time of the newest line (of any outcome) with a time before `end`: the quarter hours
  /// that hold lines are searched from the newest down, each for its own lines.
  func newestAttemptTime(before end: Instant) throws -> Instant? {
    let q = Self.quarterMicroseconds
    let newestQuarter = try db.prepare("SELECT max(quarter) FROM attempt_span WHERE quarter <= ?")
    let newest = try db.prepare(Self.lines("max(a.time)", where: "1"))
    var bound = (end.microseconds - 1).floorDivided(by: q)
    while let quarter = try newestQuarter.rows([.integer(bound)], { $0.optionalInt(0) }).first
      ?? nil
    {
      let start = quarter * q
      if let time = try newest.rows(
        Self.periodValues(from: start, to: min(start + q, end.microseconds)),
        { $0.optionalInt(0) }
      ).first ?? nil {
        return Instant(microseconds: time)
      }
      bound = quarter - 1
    }
    return nil
  }
}
