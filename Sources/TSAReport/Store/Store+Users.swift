// MARK: - Users and aliases

/// A user as `user list` shows it.
public struct User: Sendable, Equatable {
  public var name: String
  public var displayName: String?
  public var costCentre: String?
  /// The user this name stands for in reports, when it is an alias (an address, an old name).
  public var aliasOf: String?
}

extension Store {
  /// Creates the user, or updates the details given (nil leaves a detail as it is).
  public func setUser(name: String, displayName: String?, costCentre: String?) throws {
    try db.prepare(
      """
      INSERT INTO user (name, display_name, cost_centre) VALUES (?1, ?2, ?3)
      ON CONFLICT (name) DO UPDATE SET display_name = coalesce(?2, display_name),
                                       cost_centre = coalesce(?3, cost_centre)
      """
    ).run([
      .text(name), displayName.map(SQLValue.text) ?? .null, costCentre.map(SQLValue.text) ?? .null,
    ])
  }

  /// Makes `alias` (a client address, an old name) stand for `user` in every report, also for
  /// stamps already imported. Aliases of `alias` follow it.
  public func aliasUser(_ alias: String, to user: String) throws {
    try inTransaction {
      try setUser(name: alias, displayName: nil, costCentre: nil)
      try setUser(name: user, displayName: nil, costCentre: nil)
      // Point at the user `user` itself stands for, so aliases never chain.
      let target = try db.prepare(
        "SELECT coalesce(alias_of, id) FROM user WHERE name = ?"
      ).rows([.text(user)]) { $0.int(0) }[0]
      let aliasID = try db.prepare("SELECT id FROM user WHERE name = ?").rows([.text(alias)]) {
        $0.int(0)
      }[0]
      guard aliasID != target else { throw StoreError.aliasLoop(alias: alias, user: user) }
      try db.prepare("UPDATE user SET alias_of = ?1 WHERE id = ?2 OR alias_of = ?2")
        .run([.integer(target), .integer(aliasID)])
    }
  }

  /// Every user, by name.
  public func users() throws -> [User] {
    try db.prepare(
      """
      SELECT u.name, u.display_name, u.cost_centre, t.name
      FROM user u LEFT JOIN user t ON t.id = u.alias_of
      ORDER BY u.name
      """
    ).rows {
      User(
        name: $0.text(0), displayName: $0.optionalText(1), costCentre: $0.optionalText(2),
        aliasOf: $0.optionalText(3))
    }
  }

  /// Display names by the name users are reported under, where set.
  func displayNames() throws -> [String: String] {
    Dictionary(
      try db.prepare(
        "SELECT name, display_name FROM user WHERE display_name IS NOT NULL AND alias_of IS NULL"
      )
      .rows { ($0.text(0), $0.text(1)) }, uniquingKeysWith: { first, _ in first })
  }

  /// The name each user id is reported under: its own, or the user it is an alias of.
  func reportedUserNames() throws -> [Int64: String] {
    Dictionary(
      uniqueKeysWithValues: try db.prepare(
        "SELECT u.id, coalesce(t.name, u.name) FROM user u LEFT JOIN user t ON t.id = u.alias_of"
      ).rows { ($0.int(0), $0.text(1)) })
  }
}

extension Store {
  /// The cost centre each user id is billed to: that of the user it is reported under.
  func reportedCostCentres() throws -> [Int64: String] {
    Dictionary(
      uniqueKeysWithValues: try db.prepare(
        """
        SELECT u.id, coalesce(t.cost_centre, u.cost_centre) FROM user u
        LEFT JOIN user t ON t.id = u.alias_of
        WHERE coalesce(t.cost_centre, u.cost_centre) IS NOT NULL
        """
      ).rows { ($0.int(0), $0.text(1)) })
  }
}
