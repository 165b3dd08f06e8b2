import TSAModel

// MARK: - Reading stamps for reports

/// Stamps counted for one combination of local day, user, contract, package, source and endpoint
/// (each only when asked; the package always, since costs need it).
package struct StampCount {
  package var day: LocalDate?
  package var user: String?
  package var userID: Int64?
  package var contract: String
  /// The package the stamps are drawn from; nil when unfunded.
  package var package: Int64?
  package var source: String?
  /// Nil when not asked for, or when the records do not say.
  package var endpoint: String?
  /// Nil when not asked for, or when the line did not come through syslog.
  package var host: String?
  package var count: Int64
}

/// Which columns a stamp count is grouped by, besides contract and package.
package struct StampGrouping: Equatable {
  package var day = false
  package var user = false
  package var source = false
  package var endpoint = false
  package var host = false

  package init(
    day: Bool = false, user: Bool = false, source: Bool = false, endpoint: Bool = false,
    host: Bool = false
  ) {
    self.day = day
    self.user = user
    self.source = source
    self.endpoint = endpoint
    self.host = host
  }
}

/// Narrows which attempts count: a contract, and users by name (or alias, or display name) or
/// by cost centre.
package typealias AttemptFilter = UsageFilters

extension Store {
  /// Granted attempts in `period`, grouped as asked, each with the package it is drawn from.
  /// Days follow local midnight: the period is split at daylight-saving changes and each piece
  /// is bucketed with its own UTC offset.
  package func stampCounts(
    in period: Period, grouping: StampGrouping, filter: AttemptFilter, pieces: [LedgerPiece]
  ) throws -> [StampCount] {
    guard let (contractIDs, userIDs) = try filterIDs(filter) else { return [] }
    let groups = [
      grouping.day ? "day" : nil, grouping.user ? "user_id" : nil,
      grouping.source ? "source_id" : nil, grouping.endpoint ? "endpoint_id" : nil,
      grouping.host ? "host_id" : nil,
    ].compactMap { $0 }
    let userClause =
      userIDs.map { ids in " AND user_id IN (\(ids.map { _ in "?" }.joined(separator: ", ")))" }
      ?? ""
    let statement = try db.prepare(
      Self.lines(
        // The local day, rounded down also before 1970 (SQLite's division rounds toward zero:
        // shifted by a million days, every time a stamp can have is positive).
        "(a.time + ? * 1000000 + 86400000000000000) / 86400000000 - 1000000 AS day, user_id,"
          + " source_id, endpoint_id, host_id, count(*)",
        where: """
          outcome = 0 AND contract_id = ?
            AND (a.time, user_id, a.id) >= (?, ?, ?) AND (a.time, user_id, a.id) < (?, ?, ?)\(userClause)
          """,
        groups.isEmpty ? "" : "GROUP BY " + groups.joined(separator: ", ")))
    let users = try reportedUserNames()
    let contracts = try names("SELECT id, code FROM contract")
    let sources = grouping.source ? try names("SELECT id, path FROM source") : [:]
    let endpoints = grouping.endpoint ? try names("SELECT id, name FROM endpoint") : [:]
    let hosts = grouping.host ? try names("SELECT id, name FROM host") : [:]
    let runs = period.zone.constantOffsetRuns(from: period.start, to: period.end)
    var counts: [StampCount] = []
    for piece in pieces where contractIDs.contains(piece.contractID) {
      for run in runs {
        let start = max(run.start.microseconds, piece.from.time)
        let end = min(run.end.microseconds, piece.to.time == .max ? .max : piece.to.time + 1)
        guard start < end else { continue }
        let rows = try statement.rows(
          Self.periodValues(from: start, to: end)
            + [.integer(run.offsetSeconds), .integer(piece.contractID)]
            + keyValues(piece) + (userIDs ?? []).map(SQLValue.integer)
        ) { row in
          StampCount(
            day: grouping.day ? LocalDate(daysSinceEpoch: row.int(0)) : nil,
            user: grouping.user ? users[row.int(1)] : nil,
            userID: grouping.user ? row.int(1) : nil,
            contract: contracts[piece.contractID] ?? "",
            package: piece.package,
            source: grouping.source ? sources[row.int(2)] : nil,
            endpoint: grouping.endpoint ? row.optionalInt(3).flatMap { endpoints[$0] } : nil,
            host: grouping.host ? row.optionalInt(4).flatMap { hosts[$0] } : nil,
            count: row.int(5))
        }
        counts += rows.filter { $0.count > 0 }
      }
    }
    return counts
  }

  /// Attempts in `period` that were not stamps, by outcome.
  package func unbilledCounts(in period: Period, filter: AttemptFilter) throws -> [Outcome: Int64] {
    guard let (contractIDs, userIDs) = try filterIDs(filter), !contractIDs.isEmpty else {
      return [:]
    }
    let contractList = contractIDs.map { _ in "?" }.joined(separator: ", ")
    let userClause =
      userIDs.map { ids in " AND user_id IN (\(ids.map { _ in "?" }.joined(separator: ", ")))" }
      ?? ""
    let rows = try db.prepare(
      Self.lines(
        "outcome, count(*)",
        where: "outcome IN (1, 2, 3, 4) AND contract_id IN (\(contractList))\(userClause)",
        "GROUP BY outcome")
    ).rows(
      Self.periodValues(from: period.start.microseconds, to: period.end.microseconds)
        + contractIDs.sorted().map(SQLValue.integer) + (userIDs ?? []).map(SQLValue.integer)
    ) {
      (Outcome(rawValue: Int($0.int(0)))!, $0.int(1))
    }
    return Dictionary(uniqueKeysWithValues: rows)
  }

  /// Malformed lines whose time could be read and falls in `period`.
  package func malformedCount(in period: Period) throws -> Int64 {
    try db.prepare("SELECT count(*) FROM malformed_line WHERE time >= ? AND time < ?")
      .rows([.integer(period.start.microseconds), .integer(period.end.microseconds)]) {
        $0.int(0)
      }.first ?? 0
  }

  /// The time of the newest line the books hold before `end`, of any outcome (malformed lines
  /// with a time too): when the logs stopped arriving.
  public func newestLineTime(before end: Instant) throws -> Instant? {
    let malformed =
      try db.prepare("SELECT max(time) FROM malformed_line WHERE time < ?").rows(
        [.integer(end.microseconds)]
      ) { $0.optionalInt(0).map(Instant.init(microseconds:)) }.first ?? nil
    let attempt = try newestAttemptTime(before: end)
    return [malformed, attempt].compactMap { $0 }.max()
  }

  /// Malformed lines kept of one source (by every import of it).
  package func malformedCount(source: Int64) throws -> Int64 {
    try db.prepare("SELECT count(*) FROM malformed_line WHERE source_id = ?")
      .rows([.integer(source)]) { $0.int(0) }.first ?? 0
  }

  /// Stamps granted in `[start, end)`, per contract code (every contract, also those with none).
  package func stampTotalsByContract(
    from start: Instant = Instant(microseconds: .min),
    before end: Instant = Instant(microseconds: .max)
  ) throws -> [String: Int64] {
    var totals: [String: Int64] = [:]
    for contract in try contracts() {
      totals[contract.code] = try stampCount(contract: contract.id, from: start, before: end)
    }
    return totals
  }

  /// The contracts a filter admits, and the user ids when it names users: a user is found by
  /// its name, an alias (an address that counts as it) or its display name, and stands for
  /// itself and its aliases; a cost centre for every user billed to it. An unknown contract,
  /// user or cost centre is an error that names the nearest known ones.
  private func filterIDs(_ filter: AttemptFilter) throws -> (Set<Int64>, [Int64]?)? {
    let contractIDs: Set<Int64> =
      if let code = filter.contractCode {
        [try contract(code: code).id]
      } else {
        Set(try contracts().map(\.id))
      }
    var userIDs: Set<Int64>?
    if let name = filter.userName {
      let reported = try reportedUserNames()
      let people = try users()
      let canonical =
        people.first { $0.name == name }.map { $0.aliasOf ?? $0.name }
        ?? people.first { $0.displayName == name }.map { $0.aliasOf ?? $0.name }
      guard let canonical else {
        let known = Set(people.map { $0.aliasOf ?? $0.name } + people.compactMap(\.displayName))
        throw StoreError.unknownUser(name: name, nearest: nearest(name, in: known))
      }
      userIDs = Set(reported.filter { $0.value == canonical }.map(\.key))
    }
    if let centre = filter.costCentre {
      let billed = try reportedCostCentres()
      let ids = Set(billed.filter { $0.value == centre }.map(\.key))
      guard !ids.isEmpty else {
        throw StoreError.unknownCostCentre(
          name: centre, nearest: nearest(centre, in: Set(billed.values)))
      }
      userIDs = userIDs.map { $0.intersection(ids) } ?? ids
    }
    guard let userIDs else { return (contractIDs, nil) }
    return userIDs.isEmpty ? nil : (contractIDs, userIDs.sorted())
  }

  func names(_ sql: String) throws -> [Int64: String] {
    Dictionary(uniqueKeysWithValues: try db.prepare(sql).rows { ($0.int(0), $0.text(1)) })
  }
}
