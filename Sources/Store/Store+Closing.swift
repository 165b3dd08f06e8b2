import Foundation
import TSAModel
import TSASystem

/// A month closed or reopened, as the books keep it (`month_close`).
public struct MonthClose: Sendable, Equatable {
  public enum Action: String, Sendable { case close, reopen }

  public var id: Int64 = 0
  /// YYYY-MM.
  public var month: String
  public var action: Action
  /// The bundle's version: 1, then 2, … each time the month is closed again after a reopen.
  public var version: Int
  public var at: Instant
  public var who: String
  /// The report zone the month was cut in.
  public var zone: String
  /// The folder the bundle was written as (YYYY-MM, YYYY-MM-v2, …).
  public var folder: String?
  /// The state of the books the bundle came from.
  public var mark: BooksMark?
  /// The month's figures as reported and the books' view of every closed month then (JSON,
  /// written and read by the ledger).
  public var figures: String?
  /// Why a month was reopened.
  public var reason: String?

  public init(
    month: String, action: Action, version: Int, at: Instant, who: String, zone: String,
    folder: String? = nil, mark: BooksMark? = nil, figures: String? = nil, reason: String? = nil
  ) {
    self.month = month
    self.action = action
    self.version = version
    self.at = at
    self.who = who
    self.zone = zone
    self.folder = folder
    self.mark = mark
    self.figures = figures
    self.reason = reason
  }
}

/// One file of a closed month's bundle, as reported.
public struct KeptFile: Sendable, Equatable {
  public var name: String
  public var sha256: String
  public var content: [UInt8]

  /// A file as written: its checksum worked out.
  public init(name: String, content: [UInt8]) {
    self.init(name: name, content: content, sha256: Fingerprint.sha256(content))
  }

  init(name: String, content: [UInt8], sha256: String) {
    self.name = name
    self.content = content
    self.sha256 = sha256
  }
}

extension Store {
  /// The state of the books now.
  public func booksMark() throws -> BooksMark {
    try db.prepare(
      """
      SELECT (SELECT version FROM books_state), (SELECT max(id) FROM import_run),
             (SELECT max(id) FROM change_log)
      """
    ).rows {
      BooksMark(version: $0.int(0), lastImportRun: $0.optionalInt(1), lastChange: $0.optionalInt(2))
    }[0]
  }

  /// Every close and reopen, oldest first.
  public func monthCloses() throws -> [MonthClose] {
    try db.prepare(
      """
      SELECT id, month, action, version, at, who, zone, folder, books_version, last_import_run,
             last_change, figures, reason
      FROM month_close ORDER BY id
      """
    ).rows { row in
      var close = MonthClose(
        month: row.text(1), action: MonthClose.Action(rawValue: row.text(2)) ?? .close,
        version: Int(row.int(3)), at: Instant(microseconds: row.int(4)), who: row.text(5),
        zone: row.text(6), folder: row.optionalText(7),
        mark: row.optionalInt(8).map {
          BooksMark(version: $0, lastImportRun: row.optionalInt(9), lastChange: row.optionalInt(10))
        },
        figures: row.optionalText(11), reason: row.optionalText(12))
      close.id = row.int(0)
      return close
    }
  }

  /// Records a close or a reopen (with the bundle's files for a close), in the transaction of
  /// whatever called it; returns its id.
  @discardableResult
  package func recordClose(_ close: MonthClose, files: [KeptFile]) throws -> Int64 {
    try inTransaction {
      try db.prepare(
        """
        INSERT INTO month_close (month, action, version, at, who, zone, folder, books_version,
                                 last_import_run, last_change, figures, reason)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
        """
      ).run([
        .text(close.month), .text(close.action.rawValue), .integer(Int64(close.version)),
        .integer(close.at.microseconds), .text(close.who), .text(close.zone),
        close.folder.map(SQLValue.text) ?? .null,
        close.mark.map { .integer($0.version) } ?? .null,
        close.mark?.lastImportRun.map(SQLValue.integer) ?? .null,
        close.mark?.lastChange.map(SQLValue.integer) ?? .null,
        close.figures.map(SQLValue.text) ?? .null, close.reason.map(SQLValue.text) ?? .null,
      ])
      let id = try db.prepare("SELECT last_insert_rowid()").rows { $0.int(0) }[0]
      let insert = try db.prepare(
        "INSERT INTO month_close_file (close_id, name, sha256, content) VALUES (?, ?, ?, ?)")
      for file in files {
        try insert.run([.integer(id), .text(file.name), .text(file.sha256), .blob(file.content)])
      }
      return id
    }
  }

  /// The files of a close, by name.
  public func keptFiles(close id: Int64) throws -> [KeptFile] {
    try db.prepare(
      "SELECT name, content, sha256 FROM month_close_file WHERE close_id = ? ORDER BY name"
    ).rows([.integer(id)]) { KeptFile(name: $0.text(0), content: $0.blob(1), sha256: $0.text(2)) }
  }

  /// The names, checksums and sizes of a close's files, without their contents.
  public func keptFileList(close id: Int64) throws -> [(name: String, sha256: String, bytes: Int64)]
  {
    try db.prepare(
      """
      SELECT name, sha256, length(content) FROM month_close_file WHERE close_id = ? ORDER BY name
      """
    ).rows([.integer(id)]) { (name: $0.text(0), sha256: $0.text(1), bytes: $0.int(2)) }
  }

  /// Stamps the users named (and the names aliased to them) took before `end`.
  public func stampCount(users names: [String], before end: Instant) throws -> Int64 {
    let names = names.map(UserName.normalized)
    guard !names.isEmpty else { return 0 }
    let marks = Array(repeating: "?", count: names.count).joined(separator: ", ")
    return try db.prepare(
      """
      SELECT count(*) FROM attempt
      WHERE outcome = 0 AND time < ? AND user_id IN (
        SELECT id FROM user WHERE name IN (\(marks))
        UNION SELECT id FROM user WHERE alias_of IN (SELECT id FROM user WHERE name IN (\(marks))))
      """
    ).rows([.integer(end.microseconds)] + names.map(SQLValue.text) + names.map(SQLValue.text)) {
      $0.int(0)
    }[0]
  }
}
