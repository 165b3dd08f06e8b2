import TSAModel

// MARK: - Sources

/// What the books remember of an imported input.
package struct SourceRecord {
  package var id: Int64
  package var fingerprint: String
  package var format: String
  package var path: String
  /// Offset just after the last complete line imported.
  package var importedBytes: Int64
  package var importedLines: Int64
  /// SHA-256 of the (up to 4 KiB of) bytes just before `importedBytes`, as they were read: where
  /// the same file, grown, resumes.
  package var checkpoint: String
  /// Device and inode of the plain file last read (`InputFile.fileID`); nil for standard input.
  package var fileID: String?
  /// True when every line's digest is kept (sources created from schema version 7 on).
  package var digested: Bool
}

extension Store {
  package func sources(fingerprint: String) throws -> [SourceRecord] {
    try db.prepare(
      """
      SELECT id, fingerprint, format, path, imported_bytes, imported_lines, checkpoint, file_id,
             digested
      FROM source WHERE fingerprint = ? ORDER BY id
      """
    ).rows([.text(fingerprint)]) { row in
      SourceRecord(
        id: row.int(0), fingerprint: row.text(1), format: row.text(2), path: row.text(3),
        importedBytes: row.int(4), importedLines: row.int(5), checkpoint: row.text(6),
        fileID: row.optionalText(7), digested: row.int(8) == 1)
    }
  }

  package func createSource(fingerprint: String, format: String, path: String, now: Instant) throws
    -> SourceRecord
  {
    try db.prepare(
      """
      INSERT INTO source (fingerprint, format, path, imported_bytes, imported_lines, checkpoint,
                          first_imported, last_imported, digested)
      VALUES (?, ?, ?, 0, 0, '', ?, ?, 1)
      """
    ).run([
      .text(fingerprint), .text(format), .text(path), .integer(now.microseconds),
      .integer(now.microseconds),
    ])
    let source = SourceRecord(
      id: db.lastInsertRowID, fingerprint: fingerprint, format: format, path: path,
      importedBytes: 0, importedLines: 0, checkpoint: "", fileID: nil, digested: true)
    try notePath(of: source, now: now)
    return source
  }

  /// Remembers a path the source was seen at (the first and the last time): a renamed or
  /// rotated log keeps every name it had, and `rejects --source` finds it by any of them.
  private func notePath(of source: SourceRecord, now: Instant) throws {
    try db.prepare(
      """
      INSERT INTO source_path (source_id, path, first_seen, last_seen) VALUES (?1, ?2, ?3, ?3)
      ON CONFLICT (source_id, path) DO UPDATE SET last_seen = ?3
      """
    ).run([.integer(source.id), .text(source.path), .integer(now.microseconds)])
  }

  package func updateSource(_ source: SourceRecord, now: Instant) throws {
    try db.prepare(
      """
      UPDATE source SET path = ?, imported_bytes = ?, imported_lines = ?, checkpoint = ?,
                        last_imported = ?, file_id = ?
      WHERE id = ?
      """
    ).run([
      .text(source.path), .integer(source.importedBytes), .integer(source.importedLines),
      .text(source.checkpoint), .integer(now.microseconds),
      source.fileID.map(SQLValue.text) ?? .null, .integer(source.id),
    ])
    try notePath(of: source, now: now)
  }

  // MARK: - Line digests

  /// The books' secret key of line digests (schema version 7).
  package func digestKey() throws -> [UInt8] {
    try db.prepare("SELECT digest_key FROM books_state WHERE id = 1").rows { $0.blob(0) }[0]
  }

  /// Keeps the digests of a source's lines `firstLine…` (numbered from 1).
  package func addDigests(source: Int64, firstLine: Int64, _ digests: [UInt32]) throws {
    guard !digests.isEmpty else { return }
    var bytes: [UInt8] = []
    bytes.reserveCapacity(digests.count * 4)
    for digest in digests {
      withUnsafeBytes(of: digest.littleEndian) { bytes.append(contentsOf: $0) }
    }
    try db.prepare(
      "INSERT INTO source_digest (source_id, first_line, digests) VALUES (?, ?, ?)"
    ).run([.integer(source), .integer(firstLine), .blob(bytes)])
  }

  /// The digests of a source's lines from `firstLine` on, up to `limit` of them, in order.
  package func digests(source: Int64, from firstLine: Int64, limit: Int) throws -> [UInt32] {
    var result: [UInt32] = []
    try db.prepare(
      """
      SELECT first_line, digests FROM source_digest
      WHERE source_id = ?1 AND first_line + length(digests) / 4 > ?2 AND first_line < ?2 + ?3
      ORDER BY first_line
      """
    ).forEachRow([.integer(source), .integer(firstLine), .integer(Int64(limit))]) { row in
      guard result.count < limit else { return }
      let first = row.int(0)
      let bytes = row.blob(1)
      var line = first
      bytes.withUnsafeBytes { raw in
        for index in stride(from: 0, to: raw.count, by: 4) where result.count < limit {
          if line >= firstLine {
            result.append(
              UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: index, as: UInt32.self)))
          }
          line += 1
        }
      }
    }
    return result
  }
}

// MARK: - Writing attempts

/// The import's hot path into the database: prepared statements re-used for every line, and
/// user and endpoint ids cached in memory.
package final class AttemptWriter {
  private let store: Store
  private let insertAttempt: SQLiteStatement
  private let insertMalformed: SQLiteStatement
  private let findTokenByContent: SQLiteStatement
  private let findTokenBySerial: SQLiteStatement
  private let findLegacyToken: SQLiteStatement
  private let setTokenContent: SQLiteStatement
  private let findEventOfToken: SQLiteStatement
  private let findStampNear: SQLiteStatement
  private let completeEventToken: SQLiteStatement
  private let insertToken: SQLiteStatement
  private let findUser: SQLiteStatement
  private let insertUser: SQLiteStatement
  private var userIDs: [String: Int64] = [:]
  private let findEndpoint: SQLiteStatement
  private let insertEndpoint: SQLiteStatement
  private var endpointIDs: [String: Int64] = [:]
  private var lastEndpoint: (name: String, id: Int64)?
  /// Stamps added per (contract, quarter hour), written to `stamp_quarter` by `flushQuarters`.
  private var quarters = QuarterTally<Int64>()
  private let addQuarter: SQLiteStatement
  /// The lowest and highest id added per (source, quarter hour), written to `attempt_span` by
  /// `flushQuarters`.
  private var spans = QuarterTally<ClosedRange<Int64>>()
  private let addSpan: SQLiteStatement
  private let findHost: SQLiteStatement
  private let insertHost: SQLiteStatement
  private var hostIDs: [String: Int64] = [:]

  package init(store: Store) throws {
    self.store = store
    addQuarter = try store.db.prepare(
      """
      INSERT INTO stamp_quarter (contract_id, quarter, stamps) VALUES (?1, ?2, ?3)
      ON CONFLICT (contract_id, quarter) DO UPDATE SET stamps = stamps + ?3
      """)
    addSpan = try store.db.prepare(
      """
      INSERT INTO attempt_span (quarter, source_id, first_id, last_id) VALUES (?1, ?2, ?3, ?4)
      ON CONFLICT (quarter, source_id) DO UPDATE
      SET first_id = min(first_id, ?3), last_id = max(last_id, ?4)
      """)
    insertAttempt = try store.db.prepare(
      """
      INSERT OR IGNORE INTO attempt
        (id, source_id, byte_offset, time, outcome, user_id, contract_id, http_status,
         body_bytes, fail_info, event_id, endpoint_id, host_id)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
      """)
    findTokenByContent = try store.db.prepare(
      "SELECT attempt_id FROM token WHERE content_sha256 = ?")
    findTokenBySerial = try store.db.prepare(
      "SELECT count(*) FROM token WHERE tsa_identity = ? AND serial = ?")
    findLegacyToken = try store.db.prepare(
      """
      SELECT attempt_id FROM token
      WHERE tsa_identity IN (?, ?) AND serial = ? AND content_sha256 IS NULL
      """)
    setTokenContent = try store.db.prepare(
      "UPDATE token SET content_sha256 = ?, tsa_identity = ? WHERE attempt_id = ?")
    findEventOfToken = try store.db.prepare(
      """
      SELECT t.attempt_id FROM token t JOIN attempt a ON a.id = t.attempt_id
      WHERE t.serial = ?1 AND t.content_sha256 IS NULL AND a.time BETWEEN ?2 AND ?3
      ORDER BY abs(a.time - ?4) LIMIT 1
      """)
    findStampNear = try store.db.prepare(
      """
      SELECT count(*) FROM token t JOIN attempt a ON a.id = t.attempt_id
      WHERE t.serial = ?1 AND a.time BETWEEN ?2 AND ?3
      """)
    completeEventToken = try store.db.prepare(
      """
      UPDATE token SET content_sha256 = ?, tsa_identity = ?, gen_time = ?, policy = ?,
        hash_algorithm = ?, message_imprint = ?, nonce = ?, tsa_name = ?, accuracy = ?,
        qualified = ?
      WHERE attempt_id = ?
      """)
    insertToken = try store.db.prepare(
      """
      INSERT INTO token (attempt_id, content_sha256, tsa_identity, serial, gen_time, policy,
                         hash_algorithm, message_imprint, nonce, tsa_name, accuracy, qualified)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
      """)
    insertMalformed = try store.db.prepare(
      """
      INSERT OR IGNORE INTO malformed_line (source_id, byte_offset, line, time, reason, excerpt)
      VALUES (?, ?, ?, ?, ?, ?)
      """)
    findUser = try store.db.prepare("SELECT id FROM user WHERE name = ?")
    insertUser = try store.db.prepare("INSERT INTO user (name) VALUES (?)")
    findEndpoint = try store.db.prepare("SELECT id FROM endpoint WHERE name = ?")
    insertEndpoint = try store.db.prepare("INSERT INTO endpoint (name) VALUES (?)")
    findHost = try store.db.prepare("SELECT id FROM host WHERE name = ?")
    insertHost = try store.db.prepare("INSERT INTO host (name) VALUES (?)")
  }

  /// The id of the user with this name, created on first sight.
  package func userID(_ name: String) throws -> Int64 {
    // Swift's String compares canonically: an NFD name finds the NFC one's id in the cache.
    if let id = userIDs[name] { return id }
    return try id(of: UserName.normalized(name), in: &userIDs, find: findUser, insert: insertUser)
  }

  /// The id of the endpoint with this name, created on first sight (a log's lines mostly name
  /// the one the line before named).
  package func endpointID(_ name: String) throws -> Int64 {
    if let last = lastEndpoint, last.name == name { return last.id }
    let id = try id(of: name, in: &endpointIDs, find: findEndpoint, insert: insertEndpoint)
    lastEndpoint = (name, id)
    return id
  }

  /// The id of the syslog host with this name, created on first sight.
  package func hostID(_ name: String) throws -> Int64 {
    try id(of: name, in: &hostIDs, find: findHost, insert: insertHost)
  }

  private func id(
    of name: String, in cache: inout [String: Int64], find: SQLiteStatement,
    insert: SQLiteStatement
  ) throws -> Int64 {
    if let id = cache[name] { return id }
    let id: Int64
    if let existing = try find.rows([.text(name)], { $0.int(0) }).first {
      id = existing
    } else {
      try insert.run([.text(name)])
      id = store.db.lastInsertRowID
    }
    cache[name] = id
    return id
  }

  /// Stores one attempt; false when this line of this source (or this event id) is already
  /// in the books.
  package func add(
    source: Int64, offset: Int64, record: Record, user: Int64, contract: Int64, endpoint: Int64?,
    host: Int64?
  ) throws -> Bool {
    let id = source << 40 | offset
    insertAttempt.reset()
    insertAttempt.bind(1, id)
    insertAttempt.bind(2, source)
    insertAttempt.bind(3, offset)
    insertAttempt.bind(4, record.time.microseconds)
    insertAttempt.bind(5, Int64(record.outcome.rawValue))
    insertAttempt.bind(6, user)
    insertAttempt.bind(7, contract)
    insertAttempt.bind(8, record.httpStatus.map(Int64.init))
    insertAttempt.bind(9, record.bodyBytes)
    insertAttempt.bind(10, record.failInfo.map(Int64.init))
    insertAttempt.bind(11, record.eventID)
    insertAttempt.bind(12, endpoint)
    insertAttempt.bind(13, host)
    try insertAttempt.step()
    guard store.db.changes > 0 else { return false }
    let quarter = record.time.microseconds.floorDivided(by: 900_000_000)
    if record.outcome == .granted {
      quarters.add(QuarterKey(owner: contract, quarter: quarter)) { ($0 ?? 0) + 1 }
    }
    spans.add(QuarterKey(owner: source, quarter: quarter)) { ids in
      ids.map { min($0.lowerBound, id)...max($0.upperBound, id) } ?? id...id
    }
    return true
  }

  /// Adds the stamps counted since the last call to `stamp_quarter`, and where the lines added
  /// lie to `attempt_span`: called before the import's transaction ends.
  package func flushQuarters() throws {
    for (key, stamps) in quarters.drain() {
      try addQuarter.run([.integer(key.owner), .integer(key.quarter), .integer(stamps)])
    }
    for (key, ids) in spans.drain() {
      try addSpan.run([
        .integer(key.quarter), .integer(key.owner), .integer(ids.lowerBound),
        .integer(ids.upperBound),
      ])
    }
  }

  /// True when this token is already in the books: the same signed TSTInfo, or a token stored
  /// before version 3 (no TSTInfo kept) by the same TSA with the same serial — which then takes
  /// this token's hash, so that it is known by content from now on.
  package func tokenExists(_ facts: TokenFacts) throws -> Bool {
    if try !findTokenByContent.rows([.text(facts.contentSHA256)], { $0.int(0) }).isEmpty {
      return true
    }
    let legacy = try findLegacyToken.rows(
      [.text(facts.tsaIdentity), .text(facts.legacyIdentity), .text(facts.serial)]
    ) { $0.int(0) }
    if let attempt = legacy.first {
      try setTokenContent.run([
        .text(facts.contentSHA256), .text(facts.tsaIdentity), .integer(attempt),
      ])
      return true
    }
    // A client's event of this stamp: the same serial, logged within a minute of genTime.
    let window = AttemptWriter.sameStampWindow
    let time = facts.genTime.microseconds
    guard
      let event = try findEventOfToken.rows(
        [.text(facts.serial), .integer(time - window), .integer(time + window), .integer(time)],
        { $0.int(0) }
      ).first
    else { return false }
    func text(_ value: String?) -> SQLValue { value.map(SQLValue.text) ?? .null }
    try completeEventToken.run([
      .text(facts.contentSHA256), .text(facts.tsaIdentity), .text(facts.genTimeText),
      .text(facts.policy), .text(facts.hashAlgorithm), .text(facts.messageImprint),
      text(facts.nonce), text(facts.tsaName), text(facts.accuracy),
      .integer(facts.qualified ? 1 : 0), .integer(event),
    ])
    return true
  }

  /// How far apart a client's event and its token's genTime may be and still be one stamp
  /// (a client logs its own clock, after the reply came).
  package static let sameStampWindow: Int64 = 60_000_000

  /// True when a client's event is of a stamp already in the books: it names the token's
  /// content hash, or a token or event of the same TSA URL with its serial, or one with its
  /// serial within a minute of its time.
  package func eventNamesAStampInTheBooks(_ record: Record) throws -> Bool {
    if let hash = record.tokenSHA256,
      try !findTokenByContent.rows([.text(hash)], { $0.int(0) }).isEmpty
    {
      return true
    }
    guard let serial = record.serial else { return false }
    if let tsa = record.tsaIdentity, try tokenCount(tsaIdentity: tsa, serial: serial) > 0 {
      return true
    }
    let time = record.time.microseconds
    let window = Self.sameStampWindow
    return try findStampNear.rows(
      [.text(serial), .integer(time - window), .integer(time + window)], { $0.int(0) }
    ).first ?? 0 > 0
  }

  /// How many tokens the books hold with this TSA and serial: for a client's stamp event (which
  /// names them, not the token), or to notice a TSA that gave two tokens one serial.
  package func tokenCount(tsaIdentity: String, serial: String) throws -> Int64 {
    try findTokenBySerial.rows([.text(tsaIdentity), .text(serial)]) { $0.int(0) }.first ?? 0
  }

  /// Stores the token facts of the attempt just added.
  package func addToken(tsaIdentity: String, serial: String, facts: TokenFacts?) throws {
    func text(_ value: String?) -> SQLValue { value.map(SQLValue.text) ?? .null }
    try insertToken.run([
      .integer(store.db.lastInsertRowID), text(facts?.contentSHA256), .text(tsaIdentity),
      .text(serial),
      text(facts?.genTimeText), text(facts?.policy), text(facts?.hashAlgorithm),
      text(facts?.messageImprint), text(facts?.nonce), text(facts?.tsaName), text(facts?.accuracy),
      facts.map { .integer($0.qualified ? 1 : 0) } ?? .null,
    ])
  }

  /// Keeps a line that could not be read; false when it is already kept.
  package func addMalformed(
    source: Int64, offset: Int64, line: Int64, time: Instant?, reason: MalformedReason,
    excerpt: String
  ) throws -> Bool {
    try insertMalformed.run([
      .integer(source), .integer(offset), .integer(line),
      time.map { .integer($0.microseconds) } ?? .null, .text(reason.description), .text(excerpt),
    ])
    return store.db.changes > 0
  }
}

// MARK: - Reading malformed lines

/// A malformed line as `rejects` lists it.
public struct StoredMalformedLine: Sendable, Equatable {
  public var path: String
  public var line: Int64
  public var reason: String
  public var excerpt: String
}

extension Store {
  /// Malformed lines kept by imports, by source (named by the path it was last seen at) and
  /// line; only sources one of whose paths contains
  /// `fragment` when one is given.
  public func malformedLines(sourceContaining fragment: String?) throws -> [StoredMalformedLine] {
    try db.prepare(
      """
      SELECT s.path, m.line, m.reason, m.excerpt
      FROM malformed_line m JOIN source s ON s.id = m.source_id
      WHERE ?1 IS NULL
        OR EXISTS (SELECT 1 FROM source_path p WHERE p.source_id = s.id AND instr(p.path, ?1) > 0)
      ORDER BY s.path, m.line
      """
    ).rows([fragment.map(SQLValue.text) ?? .null]) {
      StoredMalformedLine(
        path: $0.text(0), line: $0.int(1), reason: $0.text(2), excerpt: $0.text(3))
    }
  }
}

/// A value per quarter hour, the one last changed held outside the dictionary: a log's next line
/// mostly falls in the same quarter hour, and is then added without hashing.
struct QuarterTally<Value> {
  private var kept: [QuarterKey: Value] = [:]
  private var last: (key: QuarterKey, value: Value)?

  /// Sets the value of `key` to `change` of its value so far (nil when it has none).
  mutating func add(_ key: QuarterKey, _ change: (Value?) -> Value) {
    if let last, last.key == key {
      self.last!.value = change(last.value)
      return
    }
    if let last { kept[last.key] = last.value }
    last = (key, change(kept[key]))
  }

  /// Every value, which are then forgotten.
  mutating func drain() -> [QuarterKey: Value] {
    if let last { kept[last.key] = last.value }
    defer {
      kept = [:]
      last = nil
    }
    return kept
  }
}

/// A quarter hour of a contract (stamps) or of a source (spans).
struct QuarterKey: Hashable {
  var owner: Int64
  var quarter: Int64
}
