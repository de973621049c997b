-- 汇总确认, the rest of issue 25 (docs/WORKFLOW.md, "Following up"): a sign-off is also withdrawn
-- by hand (撤销确认, by a supervisor of the node, with an optional reason) and when an admin moves
-- a unit into or out of the node's subtree. Additive only: two columns and a trigger.

-- Who withdrew it by hand and why (NULL for a withdrawal by a change below: the report event
-- already says who).
ALTER TABLE sign_offs ADD COLUMN withdrawn_reason TEXT;
ALTER TABLE sign_offs ADD COLUMN withdrawn_credential_id TEXT;

-- A unit moved to another parent changes the figures (and the missing counts) of the nodes it
-- left and of those it joined, not of the ones above both: their sign-offs lapse, naming the
-- moved unit. The unit sheet's move updates the subtree's paths first and the parent last
-- (db/units.ts moveUnitStatements), so both parents' paths are current here; a root has no old
-- parent (coalesce: no old ancestor).
CREATE TRIGGER sign_offs_withdraw_on_move AFTER UPDATE OF parent_id ON units
WHEN OLD.parent_id IS NOT NEW.parent_id
BEGIN
  UPDATE sign_offs SET withdrawn_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now'),
                       withdrawn_action = 'move', withdrawn_unit_id = NEW.id,
                       withdrawn_revision = NULL
   WHERE withdrawn_at IS NULL
     AND (coalesce(instr((SELECT path FROM units WHERE id = OLD.parent_id),
                         (SELECT path FROM units a WHERE a.id = sign_offs.unit_id)), 0) = 1)
      <> (coalesce(instr((SELECT path FROM units WHERE id = NEW.parent_id),
                         (SELECT path FROM units a WHERE a.id = sign_offs.unit_id)), 0) = 1);
END;
