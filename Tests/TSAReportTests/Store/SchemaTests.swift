import Foundation
import Testing

@testable import TSAStore

@Suite struct SchemaTests {
  let folder = TemporaryFolder()

  /// Every object of a database with its SQL, and the schema version.
  func schema(of path: String) throws -> [String] {
    let db = try SQLiteConnection(path: path)
    let objects = try db.prepare(
      "SELECT type, name, tbl_name, sql FROM sqlite_schema ORDER BY name"
    )
    .rows { "\($0.text(0)) \($0.text(1)) on \($0.text(2)): \($0.optionalText(3) ?? "-")" }
    let version = try db.prepare("PRAGMA user_version").rows { $0.int(0) }
    return objects + ["user_version \(version)"]
  }

  @Test func aFreshDatabaseHasExactlyTheSchemaOfRecord() throws {
    _ = try Store(path: folder.file("fresh.sqlite"))
    let reference = try SQLiteConnection(path: folder.file("reference.sqlite"))
    try reference.execute(String(contentsOfFile: repositoryFile("schema.sql"), encoding: .utf8))
    let fresh = try schema(of: folder.file("fresh.sqlite"))
    #expect(fresh == (try schema(of: folder.file("reference.sqlite"))))
    #expect(fresh.contains { $0.hasPrefix("table attempt") })
  }

  /// The schema of every shipped version, as `schema.sql` read at that commit
  /// (Tests/Fixtures/schema/): version 1, version 2 as a development build stamped it before it
  /// was edited (f36f212), version 2 as shipped, and version 3 (tokens known by content).
  static let shippedSchemas = [
    (file: "v1.sql", version: 1), (file: "v2-f36f212.sql", version: 2),
    (file: "v2.sql", version: 2), (file: "v3.sql", version: 3), (file: "v4.sql", version: 4),
    (file: "v5.sql", version: 5), (file: "v6.sql", version: 6), (file: "v7.sql", version: 7),
    (file: "v8.sql", version: 8),
  ]

  /// Books kept by every earlier release are brought up to date when opened, end with exactly
  /// the schema of record, and keep every row.
  @Test(arguments: shippedSchemas)
  func everyShippedSchemaIsUpgradedInPlaceKeepingItsRows(file: String, version: Int) throws {
    let path = folder.file("books.sqlite")
    let old = try SQLiteConnection(path: path)
    try old.execute(
      try String(contentsOfFile: repositoryFile("Tests/Fixtures/schema/" + file), encoding: .utf8)
        + "PRAGMA user_version = \(version);")
    // Rows in every table that version 1 had, through the columns it had; from version 5 on an
    // attempt's id is its line's place, and the stamps are counted per quarter hour beside them.
    func id(_ row: Int64, offset: Int64) -> Int64 { version >= 5 ? 1 << 40 | offset : row }
    try old.execute(
      """
      INSERT INTO contract (id, code, name) VALUES (1, 'F2112000371', 'Česká pošta');
      INSERT INTO account (login, contract_id) VALUES ('tsa@example.cz', 1);
      INSERT INTO package (id, contract_id, stamps, price_minor, currency, vat_rate_bp, ordered,
        paid, valid_years, valid_until, ref)
        VALUES (1, 1, 200, 84700, 'CZK', 2100, '2026-01-02', '2026-01-05', 25, NULL, 'F1');
      INSERT INTO user (id, name, display_name, cost_centre, alias_of)
        VALUES (1, 'alice', 'Alice', 'CC-1', NULL), (2, '10.0.0.5', NULL, NULL, 1);
      INSERT INTO source (id, fingerprint, format, path, imported_bytes, imported_lines, checkpoint,
        first_imported, last_imported)
        VALUES (1, 'f', 'combined', 'access.log', 300, 3, '', 0, 0);
      INSERT INTO attempt (id, source_id, byte_offset, time, outcome, user_id, contract_id,
        http_status, body_bytes, fail_info, event_id)
        VALUES (\(id(1, offset: 0)), 1, 0, 1791000000000000, 0, 1, 1, 200, 1551, NULL, NULL),
               (\(id(2, offset: 100)), 1, 100, 1791000060000000, 0, 2, 1, 200, 1551, NULL, NULL),
               (\(id(3, offset: 200)), 1, 200, 1791000120000000, 1, 1, 1, 200, 57, 1, NULL);
      INSERT INTO token (attempt_id, tsa_identity, serial, gen_time)
        VALUES (\(id(1, offset: 0)), 'cert', '0a', NULL);
      INSERT INTO alert_state (contract_id, level, since, last_sent) VALUES (1, 1, 0, 0);
      INSERT INTO malformed_line (id, source_id, byte_offset, line, time, reason, excerpt)
        VALUES (1, 1, 250, 3, 1790000000000000, 'bad time', 'x');
      """)
    if version >= 5 {
      try old.execute(
        "INSERT INTO stamp_quarter (contract_id, quarter, stamps) VALUES (1, 1990000, 2)")
    }
    if version >= 6 {
      try old.execute(
        """
        INSERT INTO attempt_span (quarter, source_id, first_id, last_id)
          VALUES (1990000, 1, \(id(1, offset: 0)), \(id(3, offset: 200)))
        """)
    }
    let store = try Store(path: path)
    let reference = try SQLiteConnection(path: folder.file("reference.sqlite"))
    try reference.execute(String(contentsOfFile: repositoryFile("schema.sql"), encoding: .utf8))
    #expect(try schema(of: path) == (try schema(of: folder.file("reference.sqlite"))))
    #expect(try store.schemaVersion() == Migrations.latestVersion)
    #expect(try store.malformedLines(sourceContaining: nil).map(\.line) == [3])
    #expect(try store.contracts().map(\.accounts) == [["tsa@example.cz"]])
    #expect(try store.stampsByUser(october(prague)) == ["alice": 2])
    #expect(try store.alertStates().count == 1)
    #expect(try store.packages().map(\.stamps) == [200])
  }

  /// A token stored by version 2 (known then by its signing certificate and serial, no TSTInfo
  /// kept) is recognised when met again after the upgrade, and takes its content hash.
  @Test func aTokenStoredBeforeVersion3IsRecognisedAndTakesItsHash() throws {
    let path = folder.file("books.sqlite")
    let old = try SQLiteConnection(path: path)
    try old.execute(
      try String(contentsOfFile: repositoryFile("Tests/Fixtures/schema/v2.sql"), encoding: .utf8)
        + "PRAGMA user_version = 2;")
    // resp1.tsr as version 2 stored it: identity the SHA-256 of its TSU certificate, serial 2
    try old.execute(
      """
      INSERT INTO contract (id, code) VALUES (1, 'F2112000371');
      INSERT INTO user (id, name) VALUES (1, 'archive');
      INSERT INTO source VALUES (1, 'elsewhere', 'tsr', 'old/resp1.tsr', 1552, 1, '', 0, 0);
      INSERT INTO attempt (id, source_id, byte_offset, time, outcome, user_id, contract_id)
        VALUES (1, 1, 0, 1795000000000000, 0, 1, 1);
      INSERT INTO token (attempt_id, tsa_identity, serial) VALUES (1,
        'cert-sha256:e8bca7651c3065d95e3c364766814ad93584cc1f18282e3879b42d96f8d8249d', '2');
      """)
    let store = try Store(path: path)
    let summary = try run(store, [repositoryFile("Tests/Fixtures/tokens/resp1.tsr")])[0]
    #expect(summary.newStamps == 0)
    #expect(summary.duplicates == 1)
    #expect(
      try store.db.prepare("SELECT content_sha256 FROM token").rows { $0.optionalText(0) } == [
        "92ca6a779c66f6f3c19657d958e90d99ffd65569a6c02d0c7b678cb1e9f27f92"
      ])
  }

  /// A shipped migration is never edited: each is compared with its text as shipped.
  @Test func noShippedMigrationHasChanged() throws {
    let folder = repositoryFile("Tests/Fixtures/schema/migrations")
    let shipped = try FileManager.default.contentsOfDirectory(atPath: folder).filter {
      $0.hasSuffix(".sql")
    }
    #expect(shipped.count == Migrations.all.count)
    for migration in Migrations.all {
      let file = folder + "/\(migration.version).sql"
      guard let text = try? String(contentsOfFile: file, encoding: .utf8) else {
        Issue.record(
          """
          migration \(migration.version) has no shipped text: once it ships, copy its SQL to \
          Tests/Fixtures/schema/migrations/\(migration.version).sql
          """)
        continue
      }
      #expect(
        migration.sql + "\n" == text,
        """
        migration \(migration.version) differs from its shipped text in \(file): a shipped \
        migration is never edited; add a new one
        """)
    }
  }

  /// `schema.sql` says which version it is, and that is the latest migration's.
  @Test func theSchemaOfRecordNamesItsVersion() throws {
    let header = try String(contentsOfFile: repositoryFile("schema.sql"), encoding: .utf8)
      .split(separator: "\n")[0]
    #expect(header.hasPrefix("-- tsa-report database schema, version \(Migrations.latestVersion):"))
  }

  @Test func theDatabaseAndItsFolderAreCreatedPrivate() throws {
    let path = folder.file("new/folder/books.sqlite")
    let store = try Store(path: path)
    let attributes = try FileManager.default.attributesOfItem(atPath: path)
    let folderAttributes = try FileManager.default.attributesOfItem(
      atPath: folder.file("new/folder"))
    #expect((attributes[.posixPermissions] as? Int) == 0o600)
    #expect((folderAttributes[.posixPermissions] as? Int) == 0o700)
    #expect(try store.schemaVersion() == Migrations.latestVersion)
  }

  @Test func reopeningKeepsTheBooks() throws {
    let path = folder.file("books.sqlite")
    try Store(path: path).addContract(code: "F1", name: "one", accounts: ["a@example.cz"])
    let contracts = try Store(path: path).contracts()
    #expect(contracts.map(\.code) == ["F1"])
    #expect(contracts[0].accounts == ["a@example.cz"])
  }

  @Test func aFileThatIsNotADatabaseIsNamedAndLeftAlone() throws {
    let path = folder.write("notes.txt", String(repeating: "not a database\n", count: 100))
    #expect(throws: StoreError.notADatabase(path: path)) { try Store(path: path) }
    #expect(try String(contentsOfFile: path, encoding: .utf8).hasPrefix("not a database"))
  }

  /// A mistyped --db pointing at another program's SQLite file is refused and left untouched;
  /// tsa-report's own books carry their mark.
  @Test func anotherProgramsDatabaseIsRefusedAndLeftAlone() throws {
    let path = folder.file("other.sqlite")
    try SQLiteConnection(path: path).execute(
      "CREATE TABLE notes (text TEXT); INSERT INTO notes VALUES ('mine');")
    let before = try Data(contentsOf: URL(fileURLWithPath: path))
    #expect(throws: StoreError.foreignDatabase(path: path)) { try Store(path: path) }
    #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == before)
    let books = try Store(path: folder.file("books.sqlite"))
    #expect(
      try books.db.prepare("PRAGMA application_id").rows { $0.int(0) } == [Store.applicationID])
  }

  @Test func aDatabaseFromANewerReleaseIsRefused() throws {
    let path = folder.file("books.sqlite")
    _ = try Store(path: path)
    try SQLiteConnection(path: path).execute("PRAGMA user_version = 99")
    #expect(
      throws: StoreError.newerSchema(path: path, found: 99, supported: Migrations.latestVersion)
    ) {
      try Store(path: path)
    }
  }
}
