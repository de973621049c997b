-- Per-node counts of the units whose current revision fails each rule (warnings), kept in the
-- batch of each PUT like `aggregates`, so a rollup's `rules` reads O(rules) rows, not the subtree.

-- The failing rules of reports stored before the workflow (0003 left them '[]').
UPDATE current_reports SET rules = coalesce((
  SELECT json_group_array(rule) FROM (
    SELECT DISTINCT json_extract(i.value, '$.rule') AS rule
      FROM revisions v, json_each(v.issues) i
     WHERE v.unit_id = current_reports.unit_id AND v.form = current_reports.form
       AND v.year = current_reports.year AND v.revision = current_reports.revision
     ORDER BY rule)), '[]')
 WHERE rules = '[]';

CREATE TABLE rule_aggregates (
  unit_id INTEGER NOT NULL REFERENCES units(id),
  form TEXT NOT NULL,
  year INTEGER NOT NULL,
  rule TEXT NOT NULL,
  units INTEGER NOT NULL,
  PRIMARY KEY (unit_id, form, year, rule)
);

INSERT INTO rule_aggregates (unit_id, form, year, rule, units)
SELECT a.id, r.form, r.year, j.value, count(*)
  FROM current_reports r
  JOIN units u ON u.id = r.unit_id
  JOIN json_each(r.rules) j
  JOIN units a ON u.path >= a.path AND u.path < substr(a.path, 1, length(a.path) - 1) || '0'
 GROUP BY a.id, r.form, r.year, j.value;
