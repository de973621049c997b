-- Issue 13: invite codes instead of handed-out tokens, and units that can be deactivated.

-- A single-use invite code for a unit and role: only the sha-256 of the normalised code is
-- stored. Redeeming sets used_at and credential_id in the same batch that inserts the credential,
-- conditionally on used_at IS NULL, so two concurrent redeems make one credential.
CREATE TABLE invites (
  code_hash TEXT PRIMARY KEY,
  unit_id INTEGER NOT NULL REFERENCES units(id),
  role TEXT NOT NULL CHECK (role IN ('clerk', 'supervisor', 'admin')),
  created_at TEXT NOT NULL,
  created_by TEXT NOT NULL,
  expires_at TEXT NOT NULL,
  used_at TEXT,
  credential_id TEXT REFERENCES credentials(id)
);
CREATE INDEX invites_unit ON invites(unit_id);
CREATE UNIQUE INDEX invites_credential ON invites(credential_id);

-- A unit with reports is never deleted; an administrator deactivates it (1 active, 0 not).
ALTER TABLE units ADD COLUMN active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1));

-- The credential list shows when each credential last submitted or reviewed.
CREATE INDEX report_events_credential ON report_events(credential_id, at);
