CREATE TABLE endpoint (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL UNIQUE
) STRICT;
ALTER TABLE attempt ADD COLUMN endpoint_id INTEGER REFERENCES endpoint(id);
CREATE INDEX malformed_line_by_time ON malformed_line(time);
