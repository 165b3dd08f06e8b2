import Foundation
import Testing

@testable import TSAReport

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

  /// Books kept by an earlier release are brought up to date when opened, and keep every row.
  @Test func aVersionOneDatabaseIsUpgradedInPlace() throws {
    let path = folder.file("books.sqlite")
    let old = try SQLiteConnection(path: path)
    try old.execute(Migrations.v1 + "PRAGMA user_version = 1;")
    try old.execute(
      """
      INSERT INTO source VALUES (1, 'f', 'combined', 'access.log', 10, 1, '', 0, 0);
      INSERT INTO malformed_line VALUES (1, 1, 0, 1, 1790000000000000, 'bad time', 'x');
      """)
    let store = try Store(path: path)
    let reference = try SQLiteConnection(path: folder.file("reference.sqlite"))
    try reference.execute(String(contentsOfFile: repositoryFile("schema.sql"), encoding: .utf8))
    #expect(try schema(of: path) == (try schema(of: folder.file("reference.sqlite"))))
    #expect(try store.malformedLines(sourceContaining: nil).map(\.line) == [1])
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
