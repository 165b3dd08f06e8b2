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
