-- The annual report's texts (issue 26): what a clerk writes beside the tables (总体情况's
-- sub-parts, 存在的主要问题及改进情况, 其他需要报告的事项), kept as a document of its own. Every
-- save, submission, return and acceptance is a revision holding the whole texts and the status
-- they leave; the current one is the highest. Two concurrent writers collide on the primary key
-- and one batch rolls back (as report_events).
CREATE TABLE report_texts (
  unit_id INTEGER NOT NULL REFERENCES units(id),
  form TEXT NOT NULL,
  year INTEGER NOT NULL,
  revision INTEGER NOT NULL CHECK (revision >= 1),
  action TEXT NOT NULL CHECK (action IN ('save', 'submit', 'return', 'accept')),
  status TEXT NOT NULL CHECK (status IN ('drafted', 'submitted', 'returned', 'accepted')),
  texts TEXT NOT NULL,            -- JSON object: text id → text
  remark TEXT,                    -- the supervisor's, when returned
  credential_id TEXT NOT NULL,
  by_unit_id INTEGER NOT NULL,
  role TEXT NOT NULL,
  at TEXT NOT NULL,
  request_id TEXT NOT NULL,
  PRIMARY KEY (unit_id, form, year, revision)
) WITHOUT ROWID;
CREATE INDEX report_texts_form_year ON report_texts(form, year);
CREATE TRIGGER report_texts_no_update BEFORE UPDATE ON report_texts
BEGIN SELECT RAISE(ABORT, 'report texts are append-only'); END;
CREATE TRIGGER report_texts_no_delete BEFORE DELETE ON report_texts
BEGIN SELECT RAISE(ABORT, 'report texts are append-only'); END;
