// MARK: - The ledger's view of the stamps

/// A place in stamp order: stamps are ordered by time, then user id, then id.
struct StampKey: Comparable {
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
struct LedgerPiece {
  var contractID: Int64
  var package: Int64?
  var from: StampKey
  var to: StampKey
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

  /// Every stamp of every contract, cut into pieces by the package it is drawn from.
  func ledgerPieces(zone: ReportZone) throws -> [LedgerPiece] {
    var pieces: [LedgerPiece] = []
    let count = try db.prepare(
      "SELECT count(*) FROM attempt WHERE outcome = 0 AND contract_id = ? AND time >= ? AND time < ?"
    )
    let nth = try db.prepare(
      """
      SELECT time, user_id, id FROM attempt
      WHERE outcome = 0 AND contract_id = ? AND time >= ? AND time < ?
      ORDER BY time, user_id, id LIMIT 1 OFFSET ?
      """)
    for contract in try contracts() {
      let packages = try ledgerPackages(contractCode: contract.code, zone: zone)
      let ranges = Allocation.segmentRanges(Allocation.boundaries(packages))
      let segments = try ranges.map { range in
        Segment(
          start: range.lowerBound, end: range.upperBound,
          stamps: try count.rows([
            .integer(contract.id), .integer(range.lowerBound.microseconds),
            .integer(range.upperBound.microseconds),
          ]) { $0.int(0) }[0])
      }
      func key(segment: Int, rank: Int64) throws -> StampKey {
        let range = ranges[segment]
        if rank == 0 { return .at(range.lowerBound) }
        if rank == segments[segment].stamps { return .at(range.upperBound) }
        return try nth.rows([
          .integer(contract.id), .integer(range.lowerBound.microseconds),
          .integer(range.upperBound.microseconds), .integer(rank),
        ]) { StampKey(time: $0.int(0), user: $0.int(1), id: $0.int(2)) }[0]
      }
      for piece in Allocation.allocate(packages: packages, segments: segments) {
        pieces.append(
          LedgerPiece(
            contractID: contract.id, package: piece.package,
            from: try key(segment: piece.segment, rank: piece.fromRank),
            to: try key(segment: piece.segment, rank: piece.toRank)))
      }
    }
    return pieces
  }

  /// Stamps of `piece` granted before `end`.
  func stampCount(_ piece: LedgerPiece, before end: Instant) throws -> Int64 {
    try db.prepare(
      """
      SELECT count(*) FROM attempt
      WHERE outcome = 0 AND contract_id = ? AND time >= ? AND time <= ? AND time < ?
        AND (time, user_id, id) >= (?, ?, ?) AND (time, user_id, id) < (?, ?, ?)
      """
    ).rows(
      [
        .integer(piece.contractID), .integer(piece.from.time), .integer(piece.to.time),
        .integer(end.microseconds),
      ]
        + keyValues(piece)
    ) { $0.int(0) }[0]
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
    return try db.prepare("SELECT min(time) FROM attempt WHERE outcome = 0 AND contract_id = ?")
      .rows([.integer(id)]) { $0.optionalInt(0).map(Instant.init(microseconds:)) }.first ?? nil
  }
}
