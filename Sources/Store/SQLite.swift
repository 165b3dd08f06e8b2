import CSQLite

/// A thin, typed layer over the SQLite C API: one connection, prepared statements with
/// positional parameters, and errors that carry SQLite's own message. Only the store uses it.
final class SQLiteConnection {
  let handle: OpaquePointer
  let path: String

  init(path: String) throws {
    SQLiteConnection.configureOnce
    var db: OpaquePointer?
    let flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX
    let rc = sqlite3_open_v2(path, &db, flags, nil)
    guard rc == SQLITE_OK, let db else {
      let message = db.map { String(cString: sqlite3_errmsg($0)) } ?? "out of memory"
      sqlite3_close_v2(db)
      throw StoreError(code: rc == SQLITE_OK ? SQLITE_CANTOPEN : rc, message: message, path: path)
    }
    handle = db
    self.path = path
    sqlite3_extended_result_codes(db, 1)
  }

  deinit { sqlite3_close_v2(handle) }

  /// Process-wide settings, made before the first connection.
  private static let configureOnce: Void = { _ = csqlite_disable_memstatus() }()

  /// Runs one or more statements that take no parameters and return nothing wanted.
  func execute(_ sql: String) throws {
    var errorMessage: UnsafeMutablePointer<CChar>?
    let rc = sqlite3_exec(handle, sql, nil, nil, &errorMessage)
    if rc != SQLITE_OK {
      let message = errorMessage.map { String(cString: $0) } ?? lastMessage
      sqlite3_free(errorMessage)
      throw StoreError(code: rc, message: message, path: path)
    }
  }

  /// When set, every statement prepared is recorded with its query plan (for tests that check
  /// the reports read the indexes, not whole tables).
  var queryPlans: [(sql: String, plan: [String])]?

  func prepare(_ sql: String) throws -> SQLiteStatement {
    if queryPlans != nil { queryPlans!.append((sql, try queryPlan(sql))) }
    var statement: OpaquePointer?
    let rc = sqlite3_prepare_v3(handle, sql, -1, UInt32(SQLITE_PREPARE_PERSISTENT), &statement, nil)
    guard rc == SQLITE_OK, let statement else {
      throw StoreError(code: rc, message: lastMessage, path: path)
    }
    return SQLiteStatement(statement: statement, connection: self)
  }

  /// What `EXPLAIN QUERY PLAN` says of `sql`, a line per step.
  private func queryPlan(_ sql: String) throws -> [String] {
    var statement: OpaquePointer?
    guard sqlite3_prepare_v2(handle, "EXPLAIN QUERY PLAN " + sql, -1, &statement, nil) == SQLITE_OK
    else { throw StoreError(code: sqlite3_errcode(handle), message: lastMessage, path: path) }
    defer { sqlite3_finalize(statement) }
    var lines: [String] = []
    while sqlite3_step(statement) == SQLITE_ROW {
      lines.append(String(cString: sqlite3_column_text(statement, 3)))
    }
    return lines
  }

  var lastMessage: String { String(cString: sqlite3_errmsg(handle)) }
  var lastInsertRowID: Int64 { sqlite3_last_insert_rowid(handle) }
  var changes: Int { Int(sqlite3_changes(handle)) }
}

/// A value that can be bound to a statement parameter.
enum SQLValue {
  case integer(Int64)
  case real(Double)
  case text(String)
  case blob([UInt8])
  case null
}

/// A prepared statement. Re-usable: `reset` clears it for the next set of parameters.
final class SQLiteStatement {
  private let statement: OpaquePointer
  private unowned let connection: SQLiteConnection

  init(statement: OpaquePointer, connection: SQLiteConnection) {
    self.statement = statement
    self.connection = connection
  }

  deinit { sqlite3_finalize(statement) }

  func bind(_ values: [SQLValue]) {
    sqlite3_reset(statement)
    sqlite3_clear_bindings(statement)
    for (offset, value) in values.enumerated() {
      let index = Int32(offset + 1)
      switch value {
      case .integer(let n): sqlite3_bind_int64(statement, index, n)
      case .real(let x): sqlite3_bind_double(statement, index, x)
      case .text(let s): sqlite3_bind_text(statement, index, s, -1, csqlite_transient())
      case .blob(let bytes):
        bytes.withUnsafeBytes {
          _ = sqlite3_bind_blob(
            statement, index, $0.baseAddress ?? UnsafeRawPointer(bitPattern: 1), Int32($0.count),
            csqlite_transient())
        }
      case .null: sqlite3_bind_null(statement, index)
      }
    }
  }

  /// Binds the parameters one by one, for a statement run once per imported line (no array of
  /// values made for each): `reset`, then every parameter, then `step`.
  func reset() { sqlite3_reset(statement) }

  func bind(_ index: Int32, _ value: Int64?) {
    if let value {
      sqlite3_bind_int64(statement, index, value)
    } else {
      sqlite3_bind_null(statement, index)
    }
  }

  func bind(_ index: Int32, _ value: String?) {
    if let value {
      sqlite3_bind_text(statement, index, value, -1, csqlite_transient())
    } else {
      sqlite3_bind_null(statement, index)
    }
  }

  /// Steps once; true while a row is available.
  @discardableResult
  func step() throws -> Bool {
    let rc = sqlite3_step(statement)
    switch rc {
    case SQLITE_ROW: return true
    case SQLITE_DONE:
      sqlite3_reset(statement)
      return false
    default:
      let message = connection.lastMessage
      sqlite3_reset(statement)
      throw StoreError(code: rc, message: message, path: connection.path)
    }
  }

  /// Runs the statement to completion with these parameters.
  func run(_ values: [SQLValue] = []) throws {
    bind(values)
    while try step() {}
  }

  /// Runs the statement and collects every row through `row`.
  func rows<T>(_ values: [SQLValue] = [], _ row: (SQLiteStatement) -> T) throws -> [T] {
    var result: [T] = []
    try forEachRow(values) { result.append(row($0)) }
    return result
  }

  /// Runs the statement and hands every row to `body` as it comes, collecting nothing.
  func forEachRow(_ values: [SQLValue] = [], _ body: (SQLiteStatement) throws -> Void) throws {
    bind(values)
    do {
      while try step() { try body(self) }
    } catch {
      sqlite3_reset(statement)
      throw error
    }
  }

  func int(_ column: Int32) -> Int64 { sqlite3_column_int64(statement, column) }

  func real(_ column: Int32) -> Double { sqlite3_column_double(statement, column) }

  func optionalInt(_ column: Int32) -> Int64? {
    sqlite3_column_type(statement, column) == SQLITE_NULL ? nil : int(column)
  }

  func text(_ column: Int32) -> String {
    guard let pointer = sqlite3_column_text(statement, column) else { return "" }
    return String(cString: pointer)
  }

  func blob(_ column: Int32) -> [UInt8] {
    let count = Int(sqlite3_column_bytes(statement, column))
    guard count > 0, let pointer = sqlite3_column_blob(statement, column) else { return [] }
    return Array(UnsafeRawBufferPointer(start: pointer, count: count))
  }

  func optionalText(_ column: Int32) -> String? {
    sqlite3_column_type(statement, column) == SQLITE_NULL ? nil : text(column)
  }
}
