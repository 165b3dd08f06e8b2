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
