-- How many units each unit's subtree holds (the unit included), kept by the unit import in the
-- same batch as the inserts, so a rollup can report counts without scanning the subtree.
ALTER TABLE units ADD COLUMN subtree_units INTEGER NOT NULL DEFAULT 1;
