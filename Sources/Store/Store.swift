import CSQLite
import Foundation
import TSAModel
import TSASystem

/// The books: one SQLite database. The only type that speaks SQL; everything else asks it by
/// name (`addContract`, `stampCounts`, …).
public final class Store {
  let db: SQLiteConnection
  public let path: String
  /// Who changes contracts, packages and users through this store, and when: kept in the
  /// change log with every change. The command line sets the OS user and its clock; the core
  /// reads no clock, so a store nobody told logs "(not said)" at 1970-01-01.
  public var changeActor = ChangeActor(who: "(not said)", now: { Instant(microseconds: 0) })
  /// The closed month the changes now made alter (accepted as prior-period adjustments): kept
  /// with each in the change log. Nil for changes that alter no closed month.
  public var adjusting: String?
  /// Why the changes now made are made (`--note`): kept with each in the change log.
  public var changeNote: String?
  /// How long a writer waits for another (an import running already) before giving up.
  static let busyTimeoutMilliseconds = 30_000

  /// Opens the database at `path`, creating it and its folder (mode 0700, file 0600) on first
  /// use, and brings its schema up to date.
  public init(path: String) throws {
    self.path = path
    // Books are a regular file (a link to one will do): a FIFO, a device or a folder is named
    // for what it is, not blamed on the disk.
    var info = stat()
    if stat(path, &info) == 0, info.st_mode & S_IFMT != S_IFREG {
      let kind: String =
        switch info.st_mode & S_IFMT {
        case S_IFIFO: "a FIFO (named pipe)"
        case S_IFDIR: "a folder"
        case S_IFCHR, S_IFBLK: "a device"
        case S_IFSOCK: "a socket"
        default: "not a regular file"
        }
      throw StoreError.notAFile(path: path, kind: kind)
    }
    try Store.createFolder(of: path)
    let existed = FileManager.default.fileExists(atPath: path)
    let previousMask = umask(0o077)
    defer { umask(previousMask) }
    do {
      db = try SQLiteConnection(path: path)
      try db.execute("PRAGMA busy_timeout = \(Store.busyTimeoutMilliseconds)")
      try db.execute("PRAGMA foreign_keys = ON")
      try Store.checkIsDatabase(db)
      try Store.claim(db, path: path)
      try db.execute("PRAGMA journal_mode = WAL")
      try db.execute("PRAGMA synchronous = NORMAL")
      try migrate()
    } catch StoreError.cannotOpen(_, _) where !existed {
      throw StoreError.cannotOpen(path: path, reason: "cannot create it there")
    }
  }

  /// The schema version this database is at.
  public func schemaVersion() throws -> Int {
    Int(try db.prepare("PRAGMA user_version").rows { $0.int(0) }.first ?? 0)
  }

  private func migrate() throws {
    let current = try schemaVersion()
    guard current <= Migrations.latestVersion else {
      throw StoreError.newerSchema(path: path, found: current, supported: Migrations.latestVersion)
    }
    let repair = try db.prepare(Migrations.v2Repair.isNeeded).rows { $0.int(0) }
    if current == 2, repair == [1] {
      try inTransaction { try db.execute(Migrations.v2Repair.sql) }
    }
    // A migration may rebuild a table others refer to (SQLite's way of changing a key): the
    // references are checked once it is done, before it commits, instead of row by row.
    guard Migrations.all.contains(where: { $0.version > current }) else { return }
    try db.execute("PRAGMA foreign_keys = OFF")
    defer { try? db.execute("PRAGMA foreign_keys = ON") }
    for migration in Migrations.all where migration.version > current {
      try inTransaction {
        try db.execute(migration.sql)
        let broken = try db.prepare("PRAGMA foreign_key_check").rows { $0.text(0) }
        guard broken.isEmpty else {
          throw StoreError.ioFailure(
            path: path,
            reason: "upgrading to version \(migration.version) would break references in"
              + " \(Set(broken).sorted().joined(separator: ", ")); the books are left as they were")
        }
        try db.execute("PRAGMA user_version = \(migration.version)")
      }
    }
  }

  /// Runs `body` in one read transaction, so that a report sees one state of the books even
  /// while an import commits (WAL readers keep their snapshot). Nested calls join the outer one.
  public func reading<T>(_ body: () throws -> T) throws -> T {
    guard sqlite3_get_autocommit(db.handle) != 0 else { return try body() }
    try db.execute("BEGIN")
    defer { try? db.execute("COMMIT") }
    return try body()
  }

  /// Runs `body` in one write transaction: it lands whole or not at all. With `commit: false`
  /// everything is rolled back at the end (a dry run that still sees its own writes). Inside
  /// another write transaction it joins that one.
  public func inTransaction<T>(commit: Bool = true, _ body: () throws -> T) throws -> T {
    if commit && sqlite3_get_autocommit(db.handle) == 0 { return try body() }
    try db.execute("BEGIN IMMEDIATE")
    do {
      let result = try body()
      try db.execute(commit ? "COMMIT" : "ROLLBACK")
      return result
    } catch {
      try? db.execute("ROLLBACK")
      throw error
    }
  }

  /// A transaction for the importer, which resolves every id it writes itself (its source, the
  /// users it finds or creates, the contracts it looked up): SQLite's foreign-key lookups, three
  /// for every stored line, are switched off for it and on again after. (The setting cannot
  /// change inside a transaction, hence around it.)
  package func inBulkTransaction<T>(commit: Bool, _ body: () throws -> T) throws -> T {
    try db.execute("PRAGMA foreign_keys = OFF")
    // A page cache of 16 MiB while it runs (SQLite's default is 2 MiB): the import's pages are
    // spilled less often, and its memory stays the same for a log of any size (no index on the
    // attempts is written, so a larger cache buys little).
    try db.execute("PRAGMA cache_size = -16384")
    defer {
      try? db.execute("PRAGMA foreign_keys = ON")
      try? db.execute("PRAGMA cache_size = -2000")
    }
    return try inTransaction(commit: commit, body)
  }

  // MARK: - Opening

  private static func createFolder(of path: String) throws {
    let folder = PathText.folder(of: path)
    guard !folder.isEmpty, !FileManager.default.fileExists(atPath: folder) else { return }
    do {
      try FileManager.default.createDirectory(
        atPath: folder, withIntermediateDirectories: true,
        attributes: [.posixPermissions: 0o700])
    } catch {
      throw StoreError.cannotCreateFolder(
        path: folder, reason: (error as NSError).localizedDescription)
    }
  }

  /// `PRAGMA application_id` of tsa-report's books: "TSAR".
  static let applicationID: Int64 = 0x5453_4152

  /// Marks a new database as tsa-report's, and refuses one that belongs to another program: a
  /// mistyped `--db` must not give someone's database our tables. Books from before the mark
  /// (with our schema version and tables) take it.
  private static func claim(_ db: SQLiteConnection, path: String) throws {
    let id = try db.prepare("PRAGMA application_id").rows { $0.int(0) }.first ?? 0
    if id == applicationID { return }
    let tables = Set(
      try db.prepare("SELECT name FROM sqlite_schema WHERE type = 'table'").rows { $0.text(0) })
    let version = try db.prepare("PRAGMA user_version").rows { $0.int(0) }.first ?? 0
    let ours = version >= 1 && tables.isSuperset(of: ["contract", "package", "source", "attempt"])
    guard id == 0, tables.isEmpty || ours else {
      throw StoreError.foreignDatabase(path: path)
    }
    try db.execute("PRAGMA application_id = \(applicationID)")
  }

  private static func checkIsDatabase(_ db: SQLiteConnection) throws {
    // Reading the schema is the first thing that touches the file's header.
    _ = try db.prepare("SELECT count(*) FROM sqlite_schema").rows { $0.int(0) }
  }
}
