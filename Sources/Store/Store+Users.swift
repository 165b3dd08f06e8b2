import TSAModel

// MARK: - Users and aliases

extension Store {
  /// Creates the user, or updates the details given (nil leaves a detail as it is); logs it.
  public func setUser(
    name: String, displayName: String?, costCentre: String?, contractCode: String? = nil
  ) throws {
    let name = UserName.normalized(name)
    try inTransaction {
      let old = try users().first { $0.name == name }
      let contractID = try contractCode.map { try contract(code: $0).id }
      try db.prepare(
        """
        INSERT INTO user (name, display_name, cost_centre, contract_id) VALUES (?1, ?2, ?3, ?4)
        ON CONFLICT (name) DO UPDATE SET display_name = coalesce(?2, display_name),
                                         cost_centre = coalesce(?3, cost_centre),
                                         contract_id = coalesce(?4, contract_id)
        """
      ).run([
        .text(name), displayName.map(SQLValue.text) ?? .null,
        costCentre.map(SQLValue.text) ?? .null, contractID.map(SQLValue.integer) ?? .null,
      ])
      let new = try users().first { $0.name == name }!
      if let old {
        try logEdits(
          .user, name,
          [
            ("display_name", old.displayName, new.displayName),
            ("cost_centre", old.costCentre, new.costCentre),
            ("contract", old.contractCode, new.contractCode),
          ])
      } else {
        try logAdded(.user, name, new.logFields)
      }
    }
  }

  /// Makes `alias` (a client address, an old name) stand for `user` in every report, also for
  /// stamps already imported. Aliases of `alias` follow it.
  public func aliasUser(_ alias: String, to user: String) throws {
    let (alias, user) = (UserName.normalized(alias), UserName.normalized(user))
    try inTransaction {
      let before = Dictionary(uniqueKeysWithValues: try users().map { ($0.name, $0.aliasOf) })
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
      for after in try users() where before[after.name] ?? nil != after.aliasOf {
        try logEdits(.user, after.name, [("alias_of", before[after.name] ?? nil, after.aliasOf)])
      }
    }
  }

  /// What removing a user would touch: requests recorded under the name, names aliased to it.
  public func use(ofUser name: String) throws -> (attempts: Int64, aliases: [String]) {
    let name = UserName.normalized(name)
    guard
      let id = try db.prepare("SELECT id FROM user WHERE name = ?").rows(
        [.text(name)],
        {
          $0.int(0)
        }
      ).first
    else {
      throw StoreError.unknownUser(
        name: name, nearest: nearest(name, in: Set(try users().map(\.name))))
    }
    let attempts = try db.prepare("SELECT count(*) FROM attempt WHERE user_id = ?")
      .rows([.integer(id)]) { $0.int(0) }[0]
    let aliases = try db.prepare("SELECT name FROM user WHERE alias_of = ? ORDER BY name")
      .rows([.integer(id)]) { $0.text(0) }
    return (attempts, aliases)
  }

  /// Removes a user: its aliases count as themselves again; a name requests are recorded under
  /// stays (the logs say it), cleared of its display name, cost centre and alias. Refused while
  /// in use unless `force`. Every change is logged.
  public func removeUser(_ name: String, force: Bool) throws -> (kept: Bool, aliases: [String]) {
    let name = UserName.normalized(name)
    return try inTransaction {
      let (attempts, aliases) = try use(ofUser: name)
      if (attempts > 0 || !aliases.isEmpty) && !force {
        throw StoreError.userInUse(name: name, stamps: attempts, aliases: aliases)
      }
      let old = try users().first { $0.name == name }!
      for alias in aliases {
        try db.prepare("UPDATE user SET alias_of = NULL WHERE name = ?").run([.text(alias)])
        try logEdits(.user, alias, [("alias_of", name, nil)])
      }
      if attempts > 0 {
        try db.prepare(
          "UPDATE user SET display_name = NULL, cost_centre = NULL, alias_of = NULL WHERE name = ?"
        ).run([.text(name)])
        try logEdits(
          .user, name,
          [
            ("display_name", old.displayName, nil), ("cost_centre", old.costCentre, nil),
            ("alias_of", old.aliasOf, nil),
          ])
        return (true, aliases)
      }
      try db.prepare("DELETE FROM user WHERE name = ?").run([.text(name)])
      try logRemoved(.user, name, old.logFields)
      return (false, aliases)
    }
  }

  /// Every user, by name.
  public func users() throws -> [User] {
    try db.prepare(
      """
      SELECT u.name, u.display_name, u.cost_centre, t.name, c.code
      FROM user u LEFT JOIN user t ON t.id = u.alias_of
      LEFT JOIN contract c ON c.id = u.contract_id
      ORDER BY u.name
      """
    ).rows {
      User(
        name: $0.text(0), displayName: $0.optionalText(1), costCentre: $0.optionalText(2),
        aliasOf: $0.optionalText(3), contractCode: $0.optionalText(4))
    }
  }

  /// The contract each user name is billed to (`user set --contract`), an alias by the user it
  /// stands for: how an import bills a line that names no contract.
  package func userContracts() throws -> [String: Int64] {
    Dictionary(
      try db.prepare(
        """
        SELECT u.name, coalesce(t.contract_id, u.contract_id) FROM user u
        LEFT JOIN user t ON t.id = u.alias_of
        WHERE coalesce(t.contract_id, u.contract_id) IS NOT NULL
        """
      ).rows { ($0.text(0), $0.int(1)) }, uniquingKeysWith: { first, _ in first })
  }

  /// Display names by the name users are reported under, where set.
  package func displayNames() throws -> [String: String] {
    Dictionary(
      try db.prepare(
        "SELECT name, display_name FROM user WHERE display_name IS NOT NULL AND alias_of IS NULL"
      )
      .rows { ($0.text(0), $0.text(1)) }, uniquingKeysWith: { first, _ in first })
  }

  /// How many users the books know (aliases too): more than any report has rows for.
  package func userCount() throws -> Int {
    Int(try db.prepare("SELECT count(*) FROM user").rows { $0.int(0) }[0])
  }

  /// How many cost centres the users are billed to.
  package func costCentreCount() throws -> Int {
    Int(try db.prepare("SELECT count(DISTINCT cost_centre) FROM user").rows { $0.int(0) }[0])
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
  package func reportedCostCentres() throws -> [Int64: String] {
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

extension User {
  /// Its fields as the change log names them.
  var logFields: [(String, String?)] {
    [
      ("display_name", displayName), ("cost_centre", costCentre), ("alias_of", aliasOf),
      ("contract", contractCode),
    ]
  }
}
