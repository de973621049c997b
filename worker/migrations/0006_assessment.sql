-- Assessment (issue 14, docs/ASSESSMENT.md): rubrics set by an admin for a subtree, one form and
-- year, versioned (a change is a new row; the highest version is in force), and manual item
-- scores by a supervisor with a reason (a change is a new row; the latest is in force). Both
-- append-only, like revisions: the history is the audit.

CREATE TABLE rubric_versions (
  unit_id INTEGER NOT NULL REFERENCES units(id),
  form TEXT NOT NULL,
  year INTEGER NOT NULL,
  version INTEGER NOT NULL CHECK (version > 0),
  rubric TEXT NOT NULL,
  set_at TEXT NOT NULL,
  set_by TEXT NOT NULL,
  PRIMARY KEY (unit_id, form, year, version)
) WITHOUT ROWID;

CREATE TRIGGER rubric_versions_no_update BEFORE UPDATE ON rubric_versions
BEGIN SELECT RAISE(ABORT, 'rubric_versions is append-only'); END;
CREATE TRIGGER rubric_versions_no_delete BEFORE DELETE ON rubric_versions
BEGIN SELECT RAISE(ABORT, 'rubric_versions is append-only'); END;

CREATE TABLE manual_scores (
  unit_id INTEGER NOT NULL REFERENCES units(id),
  form TEXT NOT NULL,
  year INTEGER NOT NULL,
  item TEXT NOT NULL,
  seq INTEGER NOT NULL CHECK (seq > 0),
  points REAL NOT NULL CHECK (points >= 0),
  reason TEXT NOT NULL,
  scored_at TEXT NOT NULL,
  scored_by TEXT NOT NULL,
  PRIMARY KEY (unit_id, form, year, item, seq)
) WITHOUT ROWID;

CREATE TRIGGER manual_scores_no_update BEFORE UPDATE ON manual_scores
BEGIN SELECT RAISE(ABORT, 'manual_scores is append-only'); END;
CREATE TRIGGER manual_scores_no_delete BEFORE DELETE ON manual_scores
BEGIN SELECT RAISE(ABORT, 'manual_scores is append-only'); END;
