-- tsa-report database schema, version 8: the schema of record.
-- A database freshly created by tsa-report holds exactly these objects (a test checks it).
-- Load it by hand with: sqlite3 books.sqlite < schema.sql
--
-- Conventions: instants are INTEGER microseconds since 1970-01-01 UTC; calendar dates are
-- 'YYYY-MM-DD' text; money is INTEGER minor units of the package's currency (CZK haléře).

-- The provider's contract or order number that packages are bought under.
CREATE TABLE contract (
  id INTEGER PRIMARY KEY,
  code TEXT NOT NULL UNIQUE,
  name TEXT
) STRICT;

-- Provider logins (the Basic-auth user at the TSA) and the contract each is billed to.
CREATE TABLE account (
  login TEXT PRIMARY KEY,
  contract_id INTEGER NOT NULL REFERENCES contract(id)
) STRICT;

-- One purchase of stamps. Usable from `paid` through `valid_until`, or through `paid` plus
-- `valid_years` (same calendar day) when no explicit end is given. `tax_point`: the invoice's
-- DUZP (version 8).
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
  ref TEXT, tax_point TEXT,
  CHECK (valid_years IS NOT NULL OR valid_until IS NOT NULL)
) STRICT;

-- Who inside the organisation made a request: a user name, or a client address when the log
-- knows no name. `alias_of` maps an address or an old name to the user reports show instead.
CREATE TABLE user (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL UNIQUE,
  display_name TEXT,
  cost_centre TEXT,
  alias_of INTEGER REFERENCES user(id)
) STRICT;

-- One imported input, recognised by its content, not by its name: found through the SHA-256 of
-- its first line (fingerprint), then told apart line by line by the digests of its lines
-- (source_digest). A renamed, compressed or copied log is the same source and resumes after
-- `imported_bytes`; `checkpoint` (SHA-256 of the 4 KiB read before that end) and `file_id`
-- (device:inode) let the same file, grown, resume without reading its beginning. Sources from
-- before version 7 keep no digests (digested 0). Version 7 added the last two columns, which
-- SQLite writes after the others as below.
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
, file_id TEXT, digested INTEGER NOT NULL DEFAULT 0 CHECK (digested IN (0, 1))) STRICT;
CREATE INDEX source_by_fingerprint ON source(fingerprint);

-- Every path a source was seen at, first and last: a log renamed by logrotate keeps its names
-- (version 3).
CREATE TABLE source_path (
  source_id INTEGER NOT NULL REFERENCES source(id),
  path TEXT NOT NULL,
  first_seen INTEGER NOT NULL,
  last_seen INTEGER NOT NULL,
  PRIMARY KEY (source_id, path)
) STRICT, WITHOUT ROWID;

-- Where time-stamp requests went, as the logs name it: the proxy's upstream or request path,
-- or a client's TSA URL (version 2).
CREATE TABLE endpoint (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL UNIQUE
) STRICT;

-- Every import run, kept or not: when it started, how long it took, its outcome (`ok`,
-- `dry run`, or `failed: …`), the paths given, and its figures (version 3).
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

-- Hosts that sent log lines through syslog: a central log host's file holds several proxies
-- (version 3).
CREATE TABLE host (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL UNIQUE
) STRICT;

-- Every observed request. outcome: 0 granted (a stamp), 1 rejected by the TSA,
-- 2 auth failure, 3 other error, 4 probe. A line is identified by (source, byte offset): its
-- id is source × 2^40 + offset, so the table's key is the line's place and an import appends
-- in order without a unique index of its own (version 5 rebuilt the table, hence the quoted
-- name); a client's event by its `id` (event_id), a token by its signed content (see token).
-- fail_info holds the PKIFailureInfo bits of a rejection when known; endpoint_id where a
-- time-stamp request went, when the log says; host_id the host that sent the line through
-- syslog.
CREATE TABLE "attempt" (
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
-- No index covers every attempt (version 6): a line is written once, into this table alone.
-- The reports find a period's lines through attempt_span and count whole quarter hours from
-- stamp_quarter.
CREATE UNIQUE INDEX attempt_by_event ON attempt(event_id) WHERE event_id IS NOT NULL;

-- The facts of a time-stamp token (from a .tsr/.tst file, or a client's log with a serial).
-- One token is one stamp: unique on content_sha256, the SHA-256 of its signed TSTInfo (what the
-- TSA signed: certificates and unsigned attributes around it do not change it). tsa_identity is
-- the signer (a hash of the SignerInfo's signer id), or `tsa:` and the URL a client's event
-- names; with the serial (hex) it recognises a client's events and tokens stored before
-- version 3 (content_sha256 NULL). Version 3 rebuilt the table, hence the quoted name.
CREATE TABLE "token" (
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
CREATE UNIQUE INDEX token_by_content ON token(content_sha256)
  WHERE content_sha256 IS NOT NULL;
CREATE INDEX token_by_serial ON token(tsa_identity, serial);
-- A client's stamp event names a serial; its token is found by it whatever TSA name the event
-- gives (version 7).
CREATE INDEX token_by_serial_alone ON token(serial);

-- Stamps per contract and quarter hour (time / 900 000 000, in UTC; every time zone's midnight
-- falls on a quarter hour), kept by the imports: the allocation sums these instead of counting
-- millions of stamps (version 5).
CREATE TABLE stamp_quarter (
  contract_id INTEGER NOT NULL REFERENCES contract(id),
  quarter INTEGER NOT NULL,
  stamps INTEGER NOT NULL,
  PRIMARY KEY (contract_id, quarter)
) STRICT, WITHOUT ROWID;

-- Where each quarter hour's lines of a source lie: the lowest and the highest attempt id with a
-- time in the quarter hour (as in stamp_quarter), kept by the imports. A period's lines are
-- then read as one run of ids per source (a log is written in time order) instead of through
-- an index on every attempt (version 6).
CREATE TABLE attempt_span (
  quarter INTEGER NOT NULL,
  source_id INTEGER NOT NULL REFERENCES source(id),
  first_id INTEGER NOT NULL,
  last_id INTEGER NOT NULL,
  PRIMARY KEY (quarter, source_id)
) STRICT, WITHOUT ROWID;

-- The ledger's drawing of stamps from packages, kept between reports: valid for the
-- books_state version and the packages' rows that `books_key` names.
CREATE TABLE ledger_cache (
  zone TEXT PRIMARY KEY,
  books_key TEXT NOT NULL,
  pieces TEXT NOT NULL
) STRICT;

-- The digests of a source's lines (version 7): per line, 4 bytes (little-endian; the low half of
-- a SipHash-2-4 of its byte offset and bytes, keyed by books_state.digest_key); a row holds up
-- to 65 536 lines from first_line (numbered from 1). An input whose first n lines have a source's first
-- n digests holds that source's first n lines.
CREATE TABLE source_digest (
  source_id INTEGER NOT NULL REFERENCES source(id),
  first_line INTEGER NOT NULL,
  digests BLOB NOT NULL,
  PRIMARY KEY (source_id, first_line)
) STRICT, WITHOUT ROWID;

-- One row (version 7): `version` counts every change the allocation of stamps to packages
-- depends on, raised by the triggers below; `digest_key` is the secret that keys the line
-- digests (random per database, so that nobody can make two lines share one).
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

-- The last alert level notified per contract (0 OK, 1 WARNING, 2 CRITICAL), since when, and
-- when it was last sent: `alert` notifies on a change, or as a reminder after a while.
CREATE TABLE alert_state (
  contract_id INTEGER PRIMARY KEY REFERENCES contract(id),
  level INTEGER NOT NULL CHECK (level BETWEEN 0 AND 2),
  since INTEGER NOT NULL,
  last_sent INTEGER NOT NULL
) STRICT;

-- Lines that could not be read, kept with where they were and why (`tsa-report rejects`).
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
-- Every usage report counts the malformed lines of its period.
CREATE INDEX malformed_line_by_time ON malformed_line(time);

-- Every change to contracts, packages, users and aliases: when (microseconds), who (the OS user,
-- and the sudo user behind it), which entity and key, the action, and per field the old and new
-- value (as text; NULL for none). Append-only: the triggers refuse an UPDATE or a DELETE
-- (version 4). `adjusts` names the closed month a change accepted with --into-open-month
-- alters, `note` the reason given with --note (version 8).
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
, adjusts TEXT, note TEXT) STRICT;
CREATE INDEX change_log_by_time ON change_log(at);
CREATE TRIGGER change_log_no_update BEFORE UPDATE ON change_log
BEGIN SELECT RAISE(ABORT, 'change_log is append-only'); END;
CREATE TRIGGER change_log_no_delete BEFORE DELETE ON change_log
BEGIN SELECT RAISE(ABORT, 'change_log is append-only'); END;

-- Months closed and reopened (version 8), append-only: a month is closed while its newest row
-- says 'close'. A close keeps the bundle's version (1, 2, … after a reopen), when and by whom,
-- the report zone and folder name, the state of the books the bundle came from (books_state
-- version, the last import run's and change's ids) and its figures (JSON: the month as reported
-- and the books' view of every closed month then, which later adjustments are measured from).
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
-- Every file of a closed month's bundle as it was reported, with its SHA-256 (hex).
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

PRAGMA user_version = 8;
-- "TSAR": a tsa-report database (other SQLite files given as --db are refused).
PRAGMA application_id = 1414742354;
