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
