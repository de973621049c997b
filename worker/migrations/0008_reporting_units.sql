-- Issue 21 (docs/WORKFLOW.md, "Reporting units, 停用 and expiry"): which units count, what a
-- deactivated unit may no longer do, and accounts of people.

-- A unit whose reports are only the consolidation of its children (a county, a town's aggregate)
-- sets 0: it has no report of its own and is not counted as a reporting unit.
ALTER TABLE units ADD COLUMN reports_itself INTEGER NOT NULL DEFAULT 1
  CHECK (reports_itself IN (0, 1));

-- The reporting units (active, reporting for themselves) of each subtree, kept with
-- subtree_units by the same recount.
ALTER TABLE units ADD COLUMN subtree_reporting INTEGER NOT NULL DEFAULT 1;
UPDATE units SET subtree_reporting = (
  SELECT count(*) FROM units d
   WHERE d.path >= units.path AND d.path < substr(units.path, 1, length(units.path) - 1) || '0'
     AND d.active = 1 AND d.reports_itself = 1);

-- Of a node's `submitted` reports, those of units that are reporting units now: the missing
-- count is subtree_reporting - counted, and a deactivated unit's report stays in the sums.
ALTER TABLE aggregates ADD COLUMN counted INTEGER NOT NULL DEFAULT 0;
UPDATE aggregates SET counted = (
  SELECT count(*) FROM current_reports r
    JOIN units u ON u.id = r.unit_id
    JOIN units a ON a.id = aggregates.unit_id
   WHERE r.form = aggregates.form AND r.year = aggregates.year
     AND u.path >= a.path AND u.path < substr(a.path, 1, length(a.path) - 1) || '0'
     AND u.active = 1 AND u.reports_itself = 1);

-- 停用 in the database itself, whatever path a write takes: no revision, invite or credential
-- for a deactivated unit, no revision of a unit that does not report for itself. The Worker
-- answers these aborts as 409 problems (worker/src/http/problem.ts).
CREATE TRIGGER revisions_reporting_unit BEFORE INSERT ON revisions
WHEN (SELECT active FROM units WHERE id = NEW.unit_id) = 0
BEGIN SELECT RAISE(ABORT, 'xxgk:unit-inactive'); END;
CREATE TRIGGER revisions_reports_itself BEFORE INSERT ON revisions
WHEN (SELECT reports_itself FROM units WHERE id = NEW.unit_id) = 0
BEGIN SELECT RAISE(ABORT, 'xxgk:not-a-reporting-unit'); END;
CREATE TRIGGER invites_active_unit BEFORE INSERT ON invites
WHEN (SELECT active FROM units WHERE id = NEW.unit_id) = 0
BEGIN SELECT RAISE(ABORT, 'xxgk:unit-inactive'); END;
CREATE TRIGGER credentials_active_unit BEFORE INSERT ON credentials
WHEN (SELECT active FROM units WHERE id = NEW.unit_id) = 0
BEGIN SELECT RAISE(ABORT, 'xxgk:unit-inactive'); END;

-- Accounts of people (等保 2.0): who holds a credential, how to reach them, until when it works.
ALTER TABLE credentials ADD COLUMN holder_name TEXT;
ALTER TABLE credentials ADD COLUMN holder_phone TEXT;
ALTER TABLE credentials ADD COLUMN expires_at TEXT;
ALTER TABLE invites ADD COLUMN holder_name TEXT;
ALTER TABLE invites ADD COLUMN holder_phone TEXT;

-- Failed authentications per client address and minute, for the limit and the log.
CREATE TABLE auth_failures (
  client TEXT NOT NULL,
  minute TEXT NOT NULL,
  failures INTEGER NOT NULL,
  PRIMARY KEY (client, minute)
) WITHOUT ROWID;
