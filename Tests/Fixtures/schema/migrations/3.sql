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
