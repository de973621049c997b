-- What supervisors did by hand (issue 25, docs/WORKFLOW.md): a clerk's withdrawal (撤回), the
-- reminders (催报) sent to late units, and the sign-off (汇总确认) of a node's consolidated
-- report. Additive only: new tables, one new column, triggers.

-- 撤回: a clerk took back a submitted report that no one had reviewed. The report's state stays
-- 'returned' in `current_reports.status` (whose CHECK predates withdrawals: every reader that
-- lets a clerk resubmit a returned report does the same for a withdrawn one); `withdrawn` tells
-- the two apart until the next submission clears it.
ALTER TABLE current_reports ADD COLUMN withdrawn INTEGER NOT NULL DEFAULT 0;

-- The withdrawal events. `report_events` cannot hold them (its action CHECK predates them), so
-- they share its sequence numbers instead: a withdrawal is event `seq + 1` of its report like any
-- transition, and the two triggers below make a number used in either table collide in the
-- other, so a withdrawal racing a review (or a submission) has one winner.
CREATE TABLE report_withdrawals (
  unit_id INTEGER NOT NULL REFERENCES units(id),
  form TEXT NOT NULL,
  year INTEGER NOT NULL,
  seq INTEGER NOT NULL CHECK (seq >= 1),
  revision INTEGER NOT NULL,
  reason TEXT NOT NULL,
  credential_id TEXT NOT NULL,
  by_unit_id INTEGER NOT NULL,
  role TEXT NOT NULL,
  at TEXT NOT NULL,
  request_id TEXT NOT NULL,
  PRIMARY KEY (unit_id, form, year, seq)
) WITHOUT ROWID;
CREATE TRIGGER report_withdrawals_no_update BEFORE UPDATE ON report_withdrawals
BEGIN SELECT RAISE(ABORT, 'report withdrawals are append-only'); END;
CREATE TRIGGER report_withdrawals_no_delete BEFORE DELETE ON report_withdrawals
BEGIN SELECT RAISE(ABORT, 'report withdrawals are append-only'); END;
CREATE TRIGGER report_withdrawals_seq BEFORE INSERT ON report_withdrawals
WHEN EXISTS (SELECT 1 FROM report_events e WHERE e.unit_id = NEW.unit_id AND e.form = NEW.form
                AND e.year = NEW.year AND e.seq = NEW.seq)
BEGIN SELECT RAISE(ABORT, 'UNIQUE constraint failed: report event seq'); END;
CREATE TRIGGER report_events_withdrawal_seq BEFORE INSERT ON report_events
WHEN EXISTS (SELECT 1 FROM report_withdrawals w WHERE w.unit_id = NEW.unit_id
                AND w.form = NEW.form AND w.year = NEW.year AND w.seq = NEW.seq)
BEGIN SELECT RAISE(ABORT, 'UNIQUE constraint failed: report event seq'); END;

-- 汇总确认: a supervisor of a node signed off its consolidated report for a form and year. At most
-- one sign-off of a node is in force (`withdrawn_at` null). `events` is how many report events
-- the node's subtree had when it was signed: the signing batch inserts only while that count is
-- unchanged, so a sign-off racing a resubmission either sees it or is refused.
CREATE TABLE sign_offs (
  id INTEGER PRIMARY KEY,
  unit_id INTEGER NOT NULL REFERENCES units(id),
  form TEXT NOT NULL,
  year INTEGER NOT NULL,
  events INTEGER NOT NULL,
  credential_id TEXT NOT NULL,
  by_unit_id INTEGER NOT NULL,
  at TEXT NOT NULL,
  request_id TEXT NOT NULL,
  -- Why it no longer holds: the change below it (a unit's submission, return, reopen, withdrawal).
  withdrawn_at TEXT,
  withdrawn_action TEXT,
  withdrawn_unit_id INTEGER,
  withdrawn_revision INTEGER
);
CREATE UNIQUE INDEX sign_offs_in_force ON sign_offs(unit_id, form, year) WHERE withdrawn_at IS NULL;
CREATE INDEX sign_offs_node ON sign_offs(unit_id, form, year, id);
CREATE INDEX sign_offs_in_force_form ON sign_offs(form, year) WHERE withdrawn_at IS NULL;
CREATE TRIGGER sign_offs_no_delete BEFORE DELETE ON sign_offs
BEGIN SELECT RAISE(ABORT, 'sign-offs are kept'); END;

-- A change below a signed-off node withdraws the sign-off in the batch of the change itself, so
-- no writer can forget it. An accept changes no figure and leaves it standing. Only the node's
-- sign-offs in force are visited (a handful), each tested by its path being a prefix of the
-- changed unit's, so a submission with none in force pays one index probe.
CREATE TRIGGER sign_offs_withdraw_on_event AFTER INSERT ON report_events WHEN NEW.action <> 'accept'
BEGIN
  UPDATE sign_offs SET withdrawn_at = NEW.at, withdrawn_action = NEW.action,
                       withdrawn_unit_id = NEW.unit_id, withdrawn_revision = NEW.revision
   WHERE withdrawn_at IS NULL AND form = NEW.form AND year = NEW.year
     AND instr((SELECT path FROM units WHERE id = NEW.unit_id),
               (SELECT path FROM units a WHERE a.id = sign_offs.unit_id)) = 1;
END;
CREATE TRIGGER sign_offs_withdraw_on_withdrawal AFTER INSERT ON report_withdrawals
BEGIN
  UPDATE sign_offs SET withdrawn_at = NEW.at, withdrawn_action = 'withdraw',
                       withdrawn_unit_id = NEW.unit_id, withdrawn_revision = NEW.revision
   WHERE withdrawn_at IS NULL AND form = NEW.form AND year = NEW.year
     AND instr((SELECT path FROM units WHERE id = NEW.unit_id),
               (SELECT path FROM units a WHERE a.id = sign_offs.unit_id)) = 1;
END;

-- 催报: one reminder action (one unit, or every missing one) per row, with its Idempotency-Key: a
-- retry of the same action (a dropped connection) finds the row and sends nothing again.
CREATE TABLE reminder_batches (
  id INTEGER PRIMARY KEY,
  credential_id TEXT NOT NULL,
  idem_key TEXT NOT NULL,
  request_hash TEXT NOT NULL,
  unit_id INTEGER NOT NULL REFERENCES units(id),
  form TEXT NOT NULL,
  year INTEGER NOT NULL,
  by_unit_id INTEGER NOT NULL,
  at TEXT NOT NULL,
  message TEXT NOT NULL,
  -- The outbound webhook's outcome: 'pending' until it answered, 'not_configured' = record only.
  delivery TEXT NOT NULL DEFAULT 'pending'
    CHECK (delivery IN ('pending', 'sent', 'failed', 'not_configured')),
  delivery_detail TEXT,
  request_id TEXT NOT NULL,
  UNIQUE (credential_id, idem_key)
);

-- Each unit a reminder action reminded, with the contact and status it had then.
CREATE TABLE reminders (
  batch_id INTEGER NOT NULL REFERENCES reminder_batches(id),
  unit_id INTEGER NOT NULL REFERENCES units(id),
  form TEXT NOT NULL,
  year INTEGER NOT NULL,
  status TEXT NOT NULL,
  contacts TEXT NOT NULL DEFAULT '[]',  -- JSON [{name, phone}] of the unit's clerks then
  PRIMARY KEY (batch_id, unit_id)
) WITHOUT ROWID;
CREATE INDEX reminders_unit ON reminders(unit_id, form, year);
