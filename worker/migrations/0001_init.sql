-- xxgk-tables: organisation tree, credentials, append-only report revisions, rollup aggregates,
-- idempotency records and the audit log.

-- Organisation units: a tree. `path` holds the codes from the root to the unit, each followed by
-- '/', e.g. '/330327/330327001/'; a subtree is the index range [path, path with its last '/'
-- replaced by '0').
CREATE TABLE units (
  id INTEGER PRIMARY KEY,
  code TEXT NOT NULL UNIQUE,
  name TEXT NOT NULL,
  parent_id INTEGER REFERENCES units(id),
  depth INTEGER NOT NULL,
  path TEXT NOT NULL UNIQUE,
  created_at TEXT NOT NULL
);
CREATE INDEX units_parent ON units(parent_id);

-- Bearer credentials `<id>.<secret>`: only the sha-256 of the secret is stored.
CREATE TABLE credentials (
  id TEXT PRIMARY KEY,
  unit_id INTEGER NOT NULL REFERENCES units(id),
  role TEXT NOT NULL CHECK (role IN ('clerk', 'supervisor', 'admin')),
  secret_hash TEXT NOT NULL,
  created_at TEXT NOT NULL,
  created_by TEXT
);
CREATE INDEX credentials_unit ON credentials(unit_id);

-- Revocations are recorded, never undone.
CREATE TABLE credential_revocations (
  credential_id TEXT PRIMARY KEY REFERENCES credentials(id),
  revoked_at TEXT NOT NULL,
  revoked_by TEXT NOT NULL
);

-- Every submitted revision of a report, kept forever: a new revision supersedes the old one.
CREATE TABLE revisions (
  unit_id INTEGER NOT NULL REFERENCES units(id),
  form TEXT NOT NULL,
  year INTEGER NOT NULL,
  revision INTEGER NOT NULL CHECK (revision >= 1),
  vals TEXT NOT NULL,          -- JSON {cellId: number}, every cell of the form
  explanations TEXT NOT NULL,  -- JSON {issueKey: text}
  issues TEXT NOT NULL,        -- JSON Issue[] (the warnings)
  errors INTEGER NOT NULL,
  warnings INTEGER NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('submitted')),
  credential_id TEXT NOT NULL REFERENCES credentials(id),
  submitted_at TEXT NOT NULL,
  hash TEXT NOT NULL,
  request_id TEXT NOT NULL,
  PRIMARY KEY (unit_id, form, year, revision)
);

-- The current revision of each report (derived; written in the same batch as the revision).
CREATE TABLE current_reports (
  unit_id INTEGER NOT NULL REFERENCES units(id),
  form TEXT NOT NULL,
  year INTEGER NOT NULL,
  revision INTEGER NOT NULL,
  errors INTEGER NOT NULL,
  warnings INTEGER NOT NULL,
  submitted_at TEXT NOT NULL,
  PRIMARY KEY (unit_id, form, year)
);

-- Per-node rollup aggregates: the sum of the current reports of the node's subtree, values scaled
-- by 10^4 to integers (JSON {cellId: integer}, zero cells left out), and how many units of the
-- subtree have a report. Kept up to date in the same batch as each revision.
CREATE TABLE aggregates (
  unit_id INTEGER NOT NULL REFERENCES units(id),
  form TEXT NOT NULL,
  year INTEGER NOT NULL,
  vals TEXT NOT NULL,
  submitted INTEGER NOT NULL,
  PRIMARY KEY (unit_id, form, year)
);

-- Idempotency records of successful writes, per credential and key.
CREATE TABLE idempotency (
  credential_id TEXT NOT NULL,
  key TEXT NOT NULL,
  request_hash TEXT NOT NULL,
  status INTEGER NOT NULL,
  body TEXT NOT NULL,
  etag TEXT,
  created_at TEXT NOT NULL,
  PRIMARY KEY (credential_id, key)
);

CREATE TABLE audit_log (
  id INTEGER PRIMARY KEY,
  at TEXT NOT NULL,
  request_id TEXT NOT NULL,
  credential_id TEXT,
  action TEXT NOT NULL,
  target TEXT NOT NULL,
  detail TEXT NOT NULL
);

-- Append-only tables: the database itself refuses to change or delete history.
CREATE TRIGGER revisions_no_update BEFORE UPDATE ON revisions
BEGIN SELECT RAISE(ABORT, 'revisions are append-only'); END;
CREATE TRIGGER revisions_no_delete BEFORE DELETE ON revisions
BEGIN SELECT RAISE(ABORT, 'revisions are append-only'); END;
CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit_log
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit_log
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
CREATE TRIGGER revocations_no_delete BEFORE DELETE ON credential_revocations
BEGIN SELECT RAISE(ABORT, 'revocations are permanent'); END;
