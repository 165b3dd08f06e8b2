// MARK: - Reading stamps for reports

/// Stamps counted for one combination of local day, user and contract (each only when asked).
struct StampCount {
  var day: LocalDate?
  var user: String?
  var contract: String?
  var count: Int64
}

/// Which columns a stamp count is grouped by.
struct StampGrouping: Equatable {
  var day = false
  var user = false
  var contract = false
}

/// Narrows which attempts count.
struct AttemptFilter {
  var contractCode: String?
  var userName: String?
}

extension Store {
  /// Granted attempts in `period`, grouped as asked. Days follow local midnight: the period is
  /// split at daylight-saving changes and each piece is bucketed with its own UTC offset.
  func stampCounts(in period: Period, grouping: StampGrouping, filter: AttemptFilter) throws
    -> [StampCount]
  {
    guard let (clause, params) = try filterClause(filter) else { return [] }
    let groups = [
      grouping.day ? "day" : nil, grouping.user ? "user_id" : nil,
      grouping.contract ? "contract_id" : nil,
    ].compactMap { $0 }
    let statement = try db.prepare(
      """
      SELECT (time / 1000000 + ?) / 86400 AS day, user_id, contract_id, count(*)
      FROM attempt
      WHERE outcome = 0 AND time >= ? AND time < ?\(clause)
      \(groups.isEmpty ? "" : "GROUP BY " + groups.joined(separator: ", "))
      """)
    let users = try reportedUserNames()
    let contracts = try names("SELECT id, code FROM contract")
    var counts: [StampCount] = []
    for run in period.zone.constantOffsetRuns(from: period.start, to: period.end) {
      let rows = try statement.rows(
        [
          .integer(run.offsetSeconds), .integer(run.start.microseconds),
          .integer(run.end.microseconds),
        ] + params
      ) { row in
        StampCount(
          day: grouping.day ? LocalDate(daysSinceEpoch: row.int(0)) : nil,
          user: grouping.user ? users[row.int(1)] : nil,
          contract: grouping.contract ? contracts[row.int(2)] : nil,
          count: row.int(3))
      }
      counts += rows.filter { $0.count > 0 }
    }
    return counts
  }

  /// Attempts in `period` that were not stamps, by outcome.
  func unbilledCounts(in period: Period, filter: AttemptFilter) throws -> [Outcome: Int64] {
    guard let (clause, params) = try filterClause(filter) else { return [:] }
    let rows = try db.prepare(
      """
      SELECT outcome, count(*) FROM attempt
      WHERE outcome <> 0 AND time >= ? AND time < ?\(clause)
      GROUP BY outcome
      """
    ).rows([.integer(period.start.microseconds), .integer(period.end.microseconds)] + params) {
      (Outcome(rawValue: Int($0.int(0)))!, $0.int(1))
    }
    return Dictionary(uniqueKeysWithValues: rows)
  }

  /// Malformed lines whose time could be read and falls in `period`.
  func malformedCount(in period: Period) throws -> Int64 {
    try db.prepare("SELECT count(*) FROM malformed_line WHERE time >= ? AND time < ?")
      .rows([.integer(period.start.microseconds), .integer(period.end.microseconds)]) {
        $0.int(0)
      }.first ?? 0
  }

  /// Stamps granted before `end`, per contract code (every contract, also those with none).
  func stampTotalsByContract(before end: Instant = Instant(microseconds: .max)) throws
    -> [String: Int64]
  {
    let rows = try db.prepare(
      """
      SELECT c.code, count(a.id) FROM contract c
      LEFT JOIN attempt a ON a.contract_id = c.id AND a.outcome = 0 AND a.time < ?
      GROUP BY c.id
      """
    ).rows([.integer(end.microseconds)]) { ($0.text(0), $0.int(1)) }
    return Dictionary(uniqueKeysWithValues: rows)
  }

  /// The SQL condition and parameters for a filter; nil when it names a user the books have
  /// never seen (nothing can match).
  private func filterClause(_ filter: AttemptFilter) throws -> (String, [SQLValue])? {
    var clause = ""
    var params: [SQLValue] = []
    if let code = filter.contractCode {
      clause += " AND contract_id = ?"
      params.append(.integer(try contract(code: code).id))
    }
    if let name = filter.userName {
      // The user and every alias of it.
      let ids = try reportedUserNames().filter { $0.value == name }.map(\.key).sorted()
      guard !ids.isEmpty else { return nil }
      clause += " AND user_id IN (\(ids.map { _ in "?" }.joined(separator: ", ")))"
      params += ids.map(SQLValue.integer)
    }
    return (clause, params)
  }

  private func names(_ sql: String) throws -> [Int64: String] {
    Dictionary(uniqueKeysWithValues: try db.prepare(sql).rows { ($0.int(0), $0.text(1)) })
  }
}
