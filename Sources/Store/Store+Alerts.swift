import TSAModel

// MARK: - Alert state

extension Store {
  /// The last notified level of every contract that has one, by contract code.
  public func alertStates() throws -> [String: AlertState] {
    let rows = try db.prepare(
      """
      SELECT c.code, s.level, s.since, s.last_sent FROM alert_state s
      JOIN contract c ON c.id = s.contract_id
      """
    ).rows {
      (
        $0.text(0),
        AlertState(
          level: AlertLevel(rawValue: Int($0.int(1)))!, since: Instant(microseconds: $0.int(2)),
          lastSent: Instant(microseconds: $0.int(3)))
      )
    }
    return Dictionary(uniqueKeysWithValues: rows)
  }

  /// Records what was notified (or, for a contract first seen OK, its quiet start).
  public func recordAlert(contractCode: String, state: AlertState) throws {
    let id = try contract(code: contractCode).id
    try db.prepare(
      """
      INSERT INTO alert_state (contract_id, level, since, last_sent) VALUES (?, ?, ?, ?)
      ON CONFLICT (contract_id) DO UPDATE SET level = excluded.level, since = excluded.since,
                                              last_sent = excluded.last_sent
      """
    ).run([
      .integer(id), .integer(Int64(state.level.rawValue)), .integer(state.since.microseconds),
      .integer(state.lastSent.microseconds),
    ])
  }
}
