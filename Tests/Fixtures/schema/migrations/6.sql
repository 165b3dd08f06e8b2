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
