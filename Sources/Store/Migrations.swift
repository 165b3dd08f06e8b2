/// The schema's history: every migration ever shipped, in order. A shipped migration is
/// never edited; a change is a new migration, and `schema.sql` at the top of the repository is
/// updated to the result (a test compares the two).
///
/// The text of every shipped migration is kept in `Tests/Fixtures/schema/migrations/`, and a test
/// fails when a migration here differs from it.
enum Migrations {
  static let all: [(version: Int, sql: String)] = [
    (1, v1), (2, v2), (3, v3), (4, v4), (5, v5), (6, v6), (7, v7), (8, v8), (9, v9),
  ]

  static var latestVersion: Int { all.last!.version }

  /// Version 1: contracts, accounts, packages, users, sources, attempts, tokens, malformed
  /// lines.
  static let v1 = """
    CREATE TABLE contract (
      id INTEGER PRIMARY KEY,
      code TEXT NOT NULL UNIQUE,
      name TEXT
    ) STRICT;

    CREATE TABLE account (
      login TEXT PRIMARY KEY,
      contract_id INTEGER NOT NULL REFERENCES contract(id)
    ) STRICT;

    CREATE TABLE package (
      id INTEGER PRIMARY KEY,
      contract_id INTEGER NOT NULL REFERENCES contract(id),
      stamps INTEGER NOT NULL CHECK (stamps > 0),
      price_minor INTEGER CHECK (price_minor >= 0),
      currency TEXT NOT NULL,
      vat_rate_bp INTEGER CHECK (vat_rate_bp >= 0),
      ordered TEXT,
      paid TEXT,
      valid_years INTEGER CHECK (valid_years > 0),
      valid_until TEXT,
      ref TEXT,
      CHECK (valid_years IS NOT NULL OR valid_until IS NOT NULL)
    ) STRICT;

    CREATE TABLE user (
      id INTEGER PRIMARY KEY,
      name TEXT NOT NULL UNIQUE,
      display_name TEXT,
      cost_centre TEXT,
      alias_of INTEGER REFERENCES user(id)
    ) STRICT;

    CREATE TABLE source (
      id INTEGER PRIMARY KEY,
      fingerprint TEXT NOT NULL,
      format TEXT NOT NULL,
      path TEXT NOT NULL,
      imported_bytes INTEGER NOT NULL,
      imported_lines INTEGER NOT NULL,
      checkpoint TEXT NOT NULL,
      first_imported INTEGER NOT NULL,
      last_imported INTEGER NOT NULL
    ) STRICT;
    CREATE INDEX source_by_fingerprint ON source(fingerprint);

    CREATE TABLE attempt (
      id INTEGER PRIMARY KEY,
      source_id INTEGER NOT NULL REFERENCES source(id),
      byte_offset INTEGER NOT NULL,
      time INTEGER NOT NULL,
      outcome INTEGER NOT NULL CHECK (outcome BETWEEN 0 AND 4),
      user_id INTEGER NOT NULL REFERENCES user(id),
      contract_id INTEGER NOT NULL REFERENCES contract(id),
      http_status INTEGER,
      body_bytes INTEGER,
      fail_info INTEGER,
      event_id TEXT,
      UNIQUE (source_id, byte_offset)
    ) STRICT;
    CREATE INDEX attempt_ledger ON attempt(outcome, contract_id, time, user_id);
    CREATE UNIQUE INDEX attempt_by_event ON attempt(event_id) WHERE event_id IS NOT NULL;

    CREATE TABLE token (
      attempt_id INTEGER PRIMARY KEY REFERENCES attempt(id),
      tsa_identity TEXT NOT NULL,
      serial TEXT NOT NULL,
      gen_time TEXT,
      policy TEXT,
      hash_algorithm TEXT,
      message_imprint TEXT,
      nonce TEXT,
      tsa_name TEXT,
      accuracy TEXT,
      qualified INTEGER,
      UNIQUE (tsa_identity, serial)
    ) STRICT;

    CREATE TABLE ledger_cache (
      zone TEXT PRIMARY KEY,
      books_key TEXT NOT NULL,
      pieces TEXT NOT NULL
    ) STRICT;

    CREATE TABLE alert_state (
      contract_id INTEGER PRIMARY KEY REFERENCES contract(id),
      level INTEGER NOT NULL CHECK (level BETWEEN 0 AND 2),
      since INTEGER NOT NULL,
      last_sent INTEGER NOT NULL
    ) STRICT;

    CREATE TABLE malformed_line (
      id INTEGER PRIMARY KEY,
      source_id INTEGER NOT NULL REFERENCES source(id),
      byte_offset INTEGER NOT NULL,
      line INTEGER NOT NULL,
      time INTEGER,
      reason TEXT NOT NULL,
      excerpt TEXT NOT NULL,
      UNIQUE (source_id, byte_offset)
    ) STRICT;
    """

  /// Version 2: the endpoint each request went to (usage by endpoint); malformed lines by time
  /// (every usage report counts those of its period, and a wrong file imported by mistake can
  /// leave millions of them).
  static let v2 = """
    CREATE TABLE endpoint (
      id INTEGER PRIMARY KEY,
      name TEXT NOT NULL UNIQUE
    ) STRICT;
    ALTER TABLE attempt ADD COLUMN endpoint_id INTEGER REFERENCES endpoint(id);
    CREATE INDEX malformed_line_by_time ON malformed_line(time);
    """

  /// Version 3: a token is known by the SHA-256 of its signed TSTInfo, not by (TSA, serial):
  /// the same token with or without certificates is one stamp, and two tokens a faulty TSA gave
  /// one serial are two. Rows from before keep no TSTInfo (NULL): they are recognised by TSA
  /// and serial, and take their hash when their token is met again. A source keeps every
  /// path it was seen at; a line that came through syslog keeps the host that sent it; every import
  /// run is listed (`tsa-report imports`).
  static let v3 = """
    CREATE TABLE token_v3 (
      attempt_id INTEGER PRIMARY KEY REFERENCES attempt(id),
      content_sha256 TEXT,
      tsa_identity TEXT NOT NULL,
      serial TEXT NOT NULL,
      gen_time TEXT,
      policy TEXT,
      hash_algorithm TEXT,
      message_imprint TEXT,
      nonce TEXT,
      tsa_name TEXT,
      accuracy TEXT,
      qualified INTEGER
    ) STRICT;
    INSERT INTO token_v3 (attempt_id, tsa_identity, serial, gen_time, policy, hash_algorithm,
      message_imprint, nonce, tsa_name, accuracy, qualified)
      SELECT attempt_id, tsa_identity, serial, gen_time, policy, hash_algorithm, message_imprint,
        nonce, tsa_name, accuracy, qualified FROM token;
    DROP TABLE token;
    ALTER TABLE token_v3 RENAME TO token;
    CREATE UNIQUE INDEX token_by_content ON token(content_sha256)
      WHERE content_sha256 IS NOT NULL;
    CREATE INDEX token_by_serial ON token(tsa_identity, serial);
    CREATE TABLE source_path (
      source_id INTEGER NOT NULL REFERENCES source(id),
      path TEXT NOT NULL,
      first_seen INTEGER NOT NULL,
      last_seen INTEGER NOT NULL,
      PRIMARY KEY (source_id, path)
    ) STRICT, WITHOUT ROWID;
    INSERT INTO source_path (source_id, path, first_seen, last_seen)
      SELECT id, path, first_imported, last_imported FROM source;
    CREATE TABLE host (
      id INTEGER PRIMARY KEY,
      name TEXT NOT NULL UNIQUE
    ) STRICT;
    ALTER TABLE attempt ADD COLUMN host_id INTEGER REFERENCES host(id);
    CREATE TABLE import_run (
      id INTEGER PRIMARY KEY,
      started INTEGER NOT NULL,
      seconds REAL NOT NULL,
      outcome TEXT NOT NULL,
      paths TEXT NOT NULL,
      lines INTEGER NOT NULL,
      stamps_new INTEGER NOT NULL,
      malformed INTEGER NOT NULL
    ) STRICT;
    """

  /// Version 4: every change to contracts, packages, users and aliases, append-only.
  static let v4 = """
    CREATE TABLE change_log (
      id INTEGER PRIMARY KEY,
      at INTEGER NOT NULL,
      who TEXT NOT NULL,
      entity TEXT NOT NULL CHECK (entity IN ('contract', 'package', 'user')),
      entity_key TEXT NOT NULL,
      action TEXT NOT NULL CHECK (action IN ('add', 'edit', 'remove')),
      field TEXT,
      old_value TEXT,
      new_value TEXT
    ) STRICT;
    CREATE INDEX change_log_by_time ON change_log(at);
    CREATE TRIGGER change_log_no_update BEFORE UPDATE ON change_log
    BEGIN SELECT RAISE(ABORT, 'change_log is append-only'); END;
    CREATE TRIGGER change_log_no_delete BEFORE DELETE ON change_log
    BEGIN SELECT RAISE(ABORT, 'change_log is append-only'); END;
    """

  /// Version 5: an attempt's id is its line's place, source × 2⁴⁰ + byte offset: the table's own
  /// key says "this line of this source" and keeps the import's rows in order, so no separate
  /// unique index on (source, offset) is written for every line. The stamps' tokens follow
  /// their attempts' new ids; the kept allocation names stamps by id, so it is worked out again.
  /// Stamps are counted per contract and quarter hour (UTC; every zone's midnight falls on one):
  /// the allocation sums those instead of counting millions of stamps.
  static let v5 = """
    CREATE TABLE attempt_v5 (
      id INTEGER PRIMARY KEY CHECK (id = source_id * 1099511627776 + byte_offset),
      source_id INTEGER NOT NULL REFERENCES source(id),
      byte_offset INTEGER NOT NULL CHECK (byte_offset BETWEEN 0 AND 1099511627775),
      time INTEGER NOT NULL,
      outcome INTEGER NOT NULL CHECK (outcome BETWEEN 0 AND 4),
      user_id INTEGER NOT NULL REFERENCES user(id),
      contract_id INTEGER NOT NULL REFERENCES contract(id),
      http_status INTEGER,
      body_bytes INTEGER,
      fail_info INTEGER,
      event_id TEXT,
      endpoint_id INTEGER REFERENCES endpoint(id),
      host_id INTEGER REFERENCES host(id)
    ) STRICT;
    INSERT INTO attempt_v5 (id, source_id, byte_offset, time, outcome, user_id, contract_id,
                            http_status, body_bytes, fail_info, event_id, endpoint_id, host_id)
    SELECT source_id * 1099511627776 + byte_offset, source_id, byte_offset, time, outcome,
           user_id, contract_id, http_status, body_bytes, fail_info, event_id, endpoint_id,
           host_id
    FROM attempt ORDER BY source_id, byte_offset;
    UPDATE token SET attempt_id = (
      SELECT a.source_id * 1099511627776 + a.byte_offset FROM attempt a WHERE a.id = token.attempt_id);
    DROP TABLE attempt;
    ALTER TABLE attempt_v5 RENAME TO attempt;
    CREATE INDEX attempt_ledger ON attempt(outcome, contract_id, time, user_id);
    CREATE UNIQUE INDEX attempt_by_event ON attempt(event_id) WHERE event_id IS NOT NULL;
    CREATE TABLE stamp_quarter (
      contract_id INTEGER NOT NULL REFERENCES contract(id),
      quarter INTEGER NOT NULL,
      stamps INTEGER NOT NULL,
      PRIMARY KEY (contract_id, quarter)
    ) STRICT, WITHOUT ROWID;
    INSERT INTO stamp_quarter (contract_id, quarter, stamps)
    SELECT contract_id, time / 900000000, count(*) FROM attempt WHERE outcome = 0
    GROUP BY contract_id, time / 900000000;
    DELETE FROM ledger_cache;
    """

  /// Version 6: no index over every attempt. The reports find a period's lines through
  /// `attempt_span`, per quarter hour and source the lowest and highest id of its lines (a log
  /// is written in time order, so a month of it is one run of ids), and count whole quarter
  /// hours from `stamp_quarter`: an import then writes each line once, into the table alone.
  static let v6 = """
    DROP INDEX attempt_ledger;
    CREATE TABLE attempt_span (
      quarter INTEGER NOT NULL,
      source_id INTEGER NOT NULL REFERENCES source(id),
      first_id INTEGER NOT NULL,
      last_id INTEGER NOT NULL,
      PRIMARY KEY (quarter, source_id)
    ) STRICT, WITHOUT ROWID;
    INSERT INTO attempt_span (quarter, source_id, first_id, last_id)
    SELECT CASE WHEN time >= 0 THEN time / 900000000 ELSE (time + 1) / 900000000 - 1 END,
           source_id, min(id), max(id)
    FROM attempt GROUP BY 1, 2;
    """

  /// Version 7: a source is known by its lines, not by its first line. Every line's digest (a
  /// keyed SipHash of its place and bytes, `LineDigest`) is kept in `source_digest`, so a copy,
  /// a compressed or truncated copy and a file that only shares a header are told apart line by
  /// line; `file_id` (device and inode) lets the log that only grew resume without reading its
  /// beginning. Sources from before keep no digests (`digested` 0) and are recognised as
  /// before. `books_state.version` counts every change the allocation depends on (triggers on
  /// the stamps' quarter hours, the packages and the attempts): the kept allocation is valid
  /// for one version only. Stamp events find tokens by serial alone.
  static let v7 = """
    ALTER TABLE source ADD COLUMN file_id TEXT;
    ALTER TABLE source ADD COLUMN digested INTEGER NOT NULL DEFAULT 0 CHECK (digested IN (0, 1));
    CREATE TABLE source_digest (
      source_id INTEGER NOT NULL REFERENCES source(id),
      first_line INTEGER NOT NULL,
      digests BLOB NOT NULL,
      PRIMARY KEY (source_id, first_line)
    ) STRICT, WITHOUT ROWID;
    CREATE TABLE books_state (
      id INTEGER PRIMARY KEY CHECK (id = 1),
      version INTEGER NOT NULL,
      digest_key BLOB NOT NULL CHECK (length(digest_key) = 16)
    ) STRICT;
    INSERT INTO books_state (id, version, digest_key) VALUES (1, 0, randomblob(16));
    CREATE TRIGGER books_stamps_added AFTER INSERT ON stamp_quarter
    BEGIN UPDATE books_state SET version = version + 1; END;
    CREATE TRIGGER books_stamps_changed AFTER UPDATE ON stamp_quarter
    BEGIN UPDATE books_state SET version = version + 1; END;
    CREATE TRIGGER books_stamps_removed AFTER DELETE ON stamp_quarter
    BEGIN UPDATE books_state SET version = version + 1; END;
    CREATE TRIGGER books_package_added AFTER INSERT ON package
    BEGIN UPDATE books_state SET version = version + 1; END;
    CREATE TRIGGER books_package_changed AFTER UPDATE ON package
    BEGIN UPDATE books_state SET version = version + 1; END;
    CREATE TRIGGER books_package_removed AFTER DELETE ON package
    BEGIN UPDATE books_state SET version = version + 1; END;
    CREATE TRIGGER books_attempt_changed AFTER UPDATE ON attempt
    BEGIN UPDATE books_state SET version = version + 1; END;
    CREATE TRIGGER books_attempt_removed AFTER DELETE ON attempt
    BEGIN UPDATE books_state SET version = version + 1; END;
    CREATE INDEX token_by_serial_alone ON token(serial);
    DELETE FROM ledger_cache;
    """

  /// Version 8: months closed, and invoice data. Closing a month keeps its bundle as reported
  /// (every file, with its SHA-256), when and by whom, the state of the books it came from
  /// (books_state.version, the last import run, the last change) and its figures; reopening it
  /// is a row of its own. Both tables are append-only: a month is closed while its newest row
  /// says so. A change accepted into the first open month although it alters a closed one names
  /// that month in `change_log.adjusts`; a change can say why (`note`). A package keeps its
  /// invoice's tax point (DUZP).
  static let v8 = """
    CREATE TABLE month_close (
      id INTEGER PRIMARY KEY,
      month TEXT NOT NULL CHECK (month GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]'),
      action TEXT NOT NULL CHECK (action IN ('close', 'reopen')),
      version INTEGER NOT NULL CHECK (version > 0),
      at INTEGER NOT NULL,
      who TEXT NOT NULL,
      zone TEXT NOT NULL,
      folder TEXT,
      books_version INTEGER,
      last_import_run INTEGER,
      last_change INTEGER,
      figures TEXT,
      reason TEXT
    ) STRICT;
    CREATE INDEX month_close_by_month ON month_close(month, id);
    CREATE TABLE month_close_file (
      close_id INTEGER NOT NULL REFERENCES month_close(id),
      name TEXT NOT NULL,
      sha256 TEXT NOT NULL,
      content BLOB NOT NULL,
      PRIMARY KEY (close_id, name)
    ) STRICT;
    CREATE TRIGGER month_close_no_update BEFORE UPDATE ON month_close
    BEGIN SELECT RAISE(ABORT, 'month_close is append-only'); END;
    CREATE TRIGGER month_close_no_delete BEFORE DELETE ON month_close
    BEGIN SELECT RAISE(ABORT, 'month_close is append-only'); END;
    CREATE TRIGGER month_close_file_no_update BEFORE UPDATE ON month_close_file
    BEGIN SELECT RAISE(ABORT, 'month_close_file is append-only'); END;
    CREATE TRIGGER month_close_file_no_delete BEFORE DELETE ON month_close_file
    BEGIN SELECT RAISE(ABORT, 'month_close_file is append-only'); END;
    ALTER TABLE change_log ADD COLUMN adjusts TEXT;
    ALTER TABLE change_log ADD COLUMN note TEXT;
    ALTER TABLE package ADD COLUMN tax_point TEXT;
    """

  /// Version 9: a user may be billed to a contract (`user.contract_id`), so that one proxy's log
  /// fills several contracts. (It was first written into version 8 after that had shipped, in
  /// development builds that never landed; version 8 is back as shipped.)
  static let v9 = """
    ALTER TABLE user ADD COLUMN contract_id INTEGER REFERENCES contract(id);
    """

  /// Version 2 was edited once after a build had stamped databases with it (f36f212, before
  /// 1cb25b8): those lack the endpoint table and column. Opening one adds what is missing, which
  /// gives exactly the shipped version 2. (Never again: a change is a new migration.)
  static let v2Repair = (
    isNeeded: "SELECT count(*) = 0 FROM sqlite_schema WHERE type = 'table' AND name = 'endpoint'",
    sql: """
    CREATE TABLE endpoint (
      id INTEGER PRIMARY KEY,
      name TEXT NOT NULL UNIQUE
    ) STRICT;
    ALTER TABLE attempt ADD COLUMN endpoint_id INTEGER REFERENCES endpoint(id);
    """
  )
}
