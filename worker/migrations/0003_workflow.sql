-- The reporting workflow (docs/WORKFLOW.md): periods, report statuses, the stored transitions,
-- remarks pinned to cells, explanation reviews and per-node aggregates of accepted reports.

-- A reporting period opened by an admin for a subtree (one per unit, form and year). A unit's
-- period is the one opened at the unit or its nearest ancestor.
CREATE TABLE periods (
  id TEXT PRIMARY KEY,
  unit_id INTEGER NOT NULL REFERENCES units(id),
  form TEXT NOT NULL,
  year INTEGER NOT NULL,
  due_date TEXT NOT NULL,               -- YYYY-MM-DD, China time (UTC+8)
  capacity INTEGER NOT NULL DEFAULT 1,  -- the staffing/funding supplement is collected
  opened_at TEXT NOT NULL,
  closed_at TEXT,
  opened_by TEXT NOT NULL,
  UNIQUE (unit_id, form, year)
);
CREATE INDEX periods_form_year ON periods(form, year);

-- The workflow state of each report, beside its current revision (same row, same batch).
ALTER TABLE current_reports ADD COLUMN status TEXT NOT NULL DEFAULT 'submitted'
  CHECK (status IN ('submitted', 'returned', 'accepted'));
ALTER TABLE current_reports ADD COLUMN late INTEGER NOT NULL DEFAULT 0;
ALTER TABLE current_reports ADD COLUMN resubmitted INTEGER NOT NULL DEFAULT 0;
ALTER TABLE current_reports ADD COLUMN return_reason TEXT;
ALTER TABLE current_reports ADD COLUMN due_date TEXT;
-- Rule ids the current revision fails (warnings), JSON array, for the rollup's `rules`.
ALTER TABLE current_reports ADD COLUMN rules TEXT NOT NULL DEFAULT '[]';
-- How many transitions the report has had: each writer inserts event `seq + 1`, so two
-- concurrent transitions collide on the primary key of report_events and one batch rolls back.
ALTER TABLE current_reports ADD COLUMN seq INTEGER NOT NULL DEFAULT 0;

-- Lateness of each stored revision (after the due date of its period).
ALTER TABLE revisions ADD COLUMN late INTEGER NOT NULL DEFAULT 0;

-- Every transition (submit, return, accept, reopen), kept forever.
CREATE TABLE report_events (
  unit_id INTEGER NOT NULL REFERENCES units(id),
  form TEXT NOT NULL,
  year INTEGER NOT NULL,
  seq INTEGER NOT NULL CHECK (seq >= 1),
  action TEXT NOT NULL CHECK (action IN ('submit', 'return', 'accept', 'reopen')),
  from_status TEXT,
  to_status TEXT NOT NULL,
  revision INTEGER NOT NULL,
  credential_id TEXT NOT NULL,
  by_unit_id INTEGER NOT NULL,
  role TEXT NOT NULL,
  at TEXT NOT NULL,
  reason TEXT,
  request_id TEXT NOT NULL,
  PRIMARY KEY (unit_id, form, year, seq)
);
CREATE TRIGGER report_events_no_update BEFORE UPDATE ON report_events
BEGIN SELECT RAISE(ABORT, 'report events are append-only'); END;
CREATE TRIGGER report_events_no_delete BEFORE DELETE ON report_events
BEGIN SELECT RAISE(ABORT, 'report events are append-only'); END;

-- Remarks a supervisor pins to cells when returning a report; resolved by the next PUT.
CREATE TABLE remarks (
  id INTEGER PRIMARY KEY,
  unit_id INTEGER NOT NULL REFERENCES units(id),
  form TEXT NOT NULL,
  year INTEGER NOT NULL,
  rid TEXT NOT NULL,            -- public id `r<event seq>-<n>`, unique within the report
  revision INTEGER NOT NULL,
  cell TEXT NOT NULL,
  text TEXT NOT NULL,
  author_credential TEXT NOT NULL,
  author_unit_id INTEGER NOT NULL,
  author_role TEXT NOT NULL,
  at TEXT NOT NULL,
  resolution TEXT CHECK (resolution IN ('changed', 'answered')),
  answer TEXT,
  resolved_revision INTEGER
);
CREATE UNIQUE INDEX remarks_report ON remarks(unit_id, form, year, rid);
CREATE TRIGGER remarks_no_delete BEFORE DELETE ON remarks
BEGIN SELECT RAISE(ABORT, 'remarks are kept'); END;

-- A supervisor's decision on a clerk's explanation of a warning, per revision.
CREATE TABLE explanation_reviews (
  unit_id INTEGER NOT NULL REFERENCES units(id),
  form TEXT NOT NULL,
  year INTEGER NOT NULL,
  revision INTEGER NOT NULL,
  issue_key TEXT NOT NULL,
  decision TEXT NOT NULL CHECK (decision IN ('accepted', 'rejected')),
  comment TEXT,
  at TEXT NOT NULL,
  PRIMARY KEY (unit_id, form, year, revision, issue_key)
);

-- Per-node aggregates of accepted reports (like `aggregates`, values ×10⁴, zero cells left out),
-- kept in the same batch as each accept and reopen.
CREATE TABLE accepted_aggregates (
  unit_id INTEGER NOT NULL REFERENCES units(id),
  form TEXT NOT NULL,
  year INTEGER NOT NULL,
  vals TEXT NOT NULL,
  accepted INTEGER NOT NULL,
  PRIMARY KEY (unit_id, form, year)
);
