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
