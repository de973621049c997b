/**
 * Per-node aggregates, moved in the batch of each write: the sum of the current (or accepted)
 * reports of every node's subtree, values scaled ×10⁴ as integers in cell order (db/values.ts), and the
 * per-node count of units failing each rule. No idempotency guard is needed: each runs in the
 * batch that inserts the revision or the review event, which fails as a whole if that exists.
 */
import type { UnitRow } from "../env";
import { pathCodes } from "../domain/tree";
import { encodeScaled } from "./values";

/**
 * The per-node aggregate tables and the counts each keeps beside the summed values. `counted`:
 * the submitted reports of units that are reporting units now (migration 0008); every new report
 * is one (the database refuses a revision of any other unit), so both move together, and only a
 * unit's 停用 or consolidation moves `counted` alone (`countedDeltaStatement`).
 */
const AGGREGATE_TABLES = {
  aggregates: ["submitted", "counted"],
  accepted_aggregates: ["accepted"],
} as const;

export type AggregateTable = keyof typeof AGGREGATE_TABLES;

/**
 * The upsert tail shared by every aggregate write: an existing row gains the new row's sums cell
 * by cell (both are arrays in cell order) and its count. The cells are merged by a sort (UNION ALL,
 * GROUP BY), not by joining the two arrays on their index: SQLite cannot index a `json_each`, so
 * the join re-read one array per cell of the other (210² steps per ancestor row; it halved the
 * submissions per second). The array's order is the aggregate's own ORDER BY (SQLite ≥ 3.44).
 */
function addOnConflict(table: AggregateTable): string {
  const counters = AGGREGATE_TABLES[table].map((c) => `${c} = ${table}.${c} + excluded.${c}`);
  return `ON CONFLICT (unit_id, form, year) DO UPDATE
          SET vals = (SELECT json_group_array(s ORDER BY k) FROM (
                        SELECT key AS k, sum(value) AS s FROM (
                          SELECT key, value FROM json_each(${table}.vals)
                          UNION ALL
                          SELECT key, value FROM json_each(excluded.vals))
                        GROUP BY key)),
              ${counters.join(", ")}`;
}

/**
 * Move one aggregate table's rows of a unit and all its ancestors by a scaled delta and their
 * count by `count`.
 */
export function aggregateDeltaStatement(
  db: D1Database,
  table: AggregateTable,
  unit: UnitRow,
  form: string,
  year: number,
  delta: Record<string, number>,
  count: number,
): D1PreparedStatement {
  const counters = AGGREGATE_TABLES[table];
  return db
    .prepare(
      `INSERT INTO ${table} (unit_id, form, year, vals, ${counters.join(", ")})
       SELECT id, ?2, ?3, ?4, ${counters.map(() => "?5").join(", ")} FROM units WHERE code IN (SELECT value FROM json_each(?1)) AND 1
       ${addOnConflict(table)}`,
    )
    .bind(JSON.stringify(pathCodes(unit.path)), form, year, encodeScaled(form, delta), count);
}

/** Move the per-node failing-rule counts of a unit and its ancestors (none when unchanged). */
export function ruleAggregateStatements(
  db: D1Database,
  unit: UnitRow,
  form: string,
  year: number,
  delta: Record<string, number>,
): D1PreparedStatement[] {
  if (Object.keys(delta).length === 0) return [];
  return [
    db
      .prepare(
        `INSERT INTO rule_aggregates (unit_id, form, year, rule, units)
         SELECT u.id, ?2, ?3, d.key, d.value FROM units u, json_each(?4) d
          WHERE u.code IN (SELECT value FROM json_each(?1))
         ON CONFLICT (unit_id, form, year, rule) DO UPDATE
            SET units = rule_aggregates.units + excluded.units`,
      )
      .bind(JSON.stringify(pathCodes(unit.path)), form, year, JSON.stringify(delta)),
  ];
}

/**
 * Move a unit's subtree sums (its own aggregate rows, every form and year, in both aggregate
 * tables and the failing-rule counts) out of the ancestors it `leaves` and into those it `joins`:
 * the same merge as `aggregateDeltaStatement`, with the unit's row as the delta.
 */
export function moveAggregateStatements(
  db: D1Database,
  code: string,
  leaves: string[],
  joins: string[],
): D1PreparedStatement[] {
  const out: D1PreparedStatement[] = [];
  for (const [codes, sign] of [
    [leaves, -1],
    [joins, 1],
  ] as const) {
    for (const [table, counters] of Object.entries(AGGREGATE_TABLES)) {
      out.push(
        db
          .prepare(
            `INSERT INTO ${table} (unit_id, form, year, vals, ${counters.join(", ")})
             SELECT a.id, x.form, x.year,
                    -- The order is the aggregate's own (SQLite ≥ 3.44): a subquery's ORDER BY
                    -- may be flattened away, which once scrambled moved sums.
                    CASE WHEN ?3 = 1 THEN x.vals
                         ELSE (SELECT json_group_array(-value ORDER BY key)
                                 FROM json_each(x.vals)) END,
                    ${counters.map((c) => `?3 * x.${c}`).join(", ")}
               FROM ${table} x, units a
              WHERE x.unit_id = (SELECT id FROM units WHERE code = ?1)
                AND a.code IN (SELECT value FROM json_each(?2))
             ${addOnConflict(table as AggregateTable)}`,
          )
          .bind(code, JSON.stringify(codes), sign),
      );
    }
    out.push(
      db
        .prepare(
          `INSERT INTO rule_aggregates (unit_id, form, year, rule, units)
           SELECT a.id, x.form, x.year, x.rule, ?3 * x.units FROM rule_aggregates x, units a
            WHERE x.unit_id = (SELECT id FROM units WHERE code = ?1)
              AND a.code IN (SELECT value FROM json_each(?2))
           ON CONFLICT (unit_id, form, year, rule) DO UPDATE
              SET units = rule_aggregates.units + excluded.units`,
        )
        .bind(code, JSON.stringify(codes), sign),
    );
  }
  return out;
}

/**
 * A unit became a reporting unit again (`delta` 1) or stopped being one (−1: 停用, or it now
 * only consolidates): its current reports (every form and year) move the `counted` of its node
 * and every ancestor's, leaving the sums as they are.
 */
export function countedDeltaStatement(
  db: D1Database,
  code: string,
  delta: 1 | -1,
): D1PreparedStatement {
  return db
    .prepare(
      `UPDATE aggregates SET counted = counted + ?2
        WHERE unit_id IN (SELECT a.id FROM units a, units u
                           WHERE u.code = ?1 AND u.path >= a.path
                             AND u.path < substr(a.path, 1, length(a.path) - 1) || '0')
          AND (form, year) IN (SELECT r.form, r.year FROM current_reports r
                                WHERE r.unit_id = (SELECT id FROM units WHERE code = ?1))`,
    )
    .bind(code, delta);
}
