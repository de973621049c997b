/**
 * The reads of a rollup: the node's and its children's aggregate rows (O(children), whatever the
 * subtree's size), its failing-rule counts, and the completeness list of the subtree in pages.
 */
import type { CompletenessEntry, CompletenessMode, Include } from "../../../shared/api/schemas";
import type { UnitRow } from "../env";
import type { NodeFigures, RollupInput } from "../domain/rollup";
import { pathCodes, subtreeRange } from "../domain/tree";
import { chaseDaysLeft, todayInChina } from "../domain/reminders";
import { firstOf, rowsOf } from "./batch";
import { decodeScaled } from "./values";

/**
 * A node's units: its reporting units (active, reporting for themselves) and the units that no
 * longer are but reported (their reports stay in the sums): so `missing` = units − submitted
 * counts reporting units only (issue 21).
 */
const NODE_SELECT = `SELECT u.code, u.name,
  u.subtree_reporting + coalesce(a.submitted, 0) - coalesce(a.counted, 0) AS units, a.vals, a.submitted,
  x.vals AS accepted_vals, x.accepted,
  EXISTS (SELECT 1 FROM sign_offs s WHERE s.unit_id = u.id AND s.form = ?2 AND s.year = ?3
             AND s.withdrawn_at IS NULL) AS confirmed FROM units u
  LEFT JOIN aggregates a ON a.unit_id = u.id AND a.form = ?2 AND a.year = ?3
  LEFT JOIN accepted_aggregates x ON ?4 AND x.unit_id = u.id AND x.form = ?2 AND x.year = ?3`;

interface RawNode {
  code: string;
  name: string;
  units: number | null;
  vals: string | null;
  submitted: number | null;
  accepted_vals: string | null;
  accepted: number | null;
  confirmed: number;
}

function toNode(r: RawNode, form: string, include: Include): NodeFigures {
  return {
    code: r.code,
    name: r.name,
    units: r.units ?? 1,
    submitted: r.submitted ?? 0,
    vals: decodeScaled(form, r.vals),
    confirmed: r.confirmed === 1,
    ...(include === "accepted"
      ? { accepted: { vals: decodeScaled(form, r.accepted_vals), count: r.accepted ?? 0 } }
      : {}),
  };
}

/** Everything a rollup's figures need, in one round trip. */
export async function readRollup(
  db: D1Database,
  unit: UnitRow,
  form: string,
  year: number,
  include: Include,
  mode: CompletenessMode,
): Promise<RollupInput> {
  const [lo, hi] = subtreeRange(unit.path);
  const accepted = include === "accepted" ? 1 : 0;
  const [own, children, rules, codes] = await db.batch([
    db.prepare(`${NODE_SELECT} WHERE u.id = ?1`).bind(unit.id, form, year, accepted),
    db
      .prepare(`${NODE_SELECT} WHERE u.parent_id = ?1 ORDER BY u.path`)
      .bind(unit.id, form, year, accepted),
    db
      .prepare(
        `SELECT rule, units FROM rule_aggregates
          WHERE unit_id = ?1 AND form = ?2 AND year = ?3 AND units > 0
          ORDER BY units DESC, rule`,
      )
      .bind(unit.id, form, year),
    // Which units: only with a completeness list, which reads the subtree anyway.
    mode === "none"
      ? db.prepare(`SELECT NULL AS rule, NULL AS codes WHERE 0`)
      : db
          .prepare(
            `SELECT j.value AS rule, json_group_array(u.code) AS codes
               FROM units u
               JOIN current_reports r ON r.unit_id = u.id AND r.form = ?3 AND r.year = ?4
               JOIN json_each(r.rules) j
              WHERE u.path >= ?1 AND u.path < ?2
              GROUP BY j.value`,
          )
          .bind(lo, hi, form, year),
  ]);
  const ownRow = firstOf<RawNode>(own) ?? {
    code: unit.code,
    name: unit.name,
    units: 1,
    vals: null,
    submitted: 0,
    accepted_vals: null,
    accepted: 0,
    confirmed: 0,
  };
  return {
    own: toNode({ ...ownRow, code: unit.code, name: unit.name }, form, include),
    children: rowsOf<RawNode>(children).map((c) => toNode(c, form, include)),
    rules: rowsOf<{ rule: string; units: number }>(rules),
    ruleCodes: new Map(
      rowsOf<{ rule: string; codes: string }>(codes).map((r) => [
        r.rule,
        JSON.parse(r.codes) as string[],
      ]),
    ),
  };
}

interface SubtreeRow {
  code: string;
  name: string;
  depth: number;
  path: string;
  revision: number | null;
  submitted_at: string | null;
  errors: number | null;
  warnings: number | null;
  report_status: "submitted" | "returned" | "accepted" | "withdrawn" | null;
  late: number | null;
  /** Active and reporting for itself (1): listed even without a report. */
  reporting: number;
  contact: string | null;
  due_date: string | null;
  reminders: number;
  reminded_at: string | null;
}

function toEntry(r: SubtreeRow, unit: UnitRow, today: string): CompletenessEntry {
  const done = r.revision !== null;
  const codes = pathCodes(r.path);
  return {
    code: r.code,
    name: r.name,
    parent: codes[codes.length - 2] ?? null,
    depth: r.depth - unit.depth,
    status: done ? (r.report_status ?? "submitted") : "missing",
    late: done ? r.late === 1 : null,
    timeliness: done ? (r.late === 1 ? "late" : "on_time") : "missing",
    revision: r.revision,
    submittedAt: r.submitted_at,
    errors: r.errors ?? 0,
    warnings: r.warnings ?? 0,
    contact: r.contact || null,
    dueDate: r.due_date,
    daysLeft: chaseDaysLeft(done ? (r.report_status ?? "submitted") : null, r.due_date, today),
    reminders: { count: r.reminders, last: r.reminded_at },
  };
}

/**
 * The completeness list of a subtree, depth-first (by path), in pages: one index range read per
 * page, one row per unit (never one per cell), so memory stays bounded however large the subtree.
 */
export async function* completenessPages(
  db: D1Database,
  unit: UnitRow,
  form: { id: string },
  year: number,
  mode: CompletenessMode,
  pageSize = 5000,
): AsyncGenerator<CompletenessEntry[]> {
  if (mode === "none") return;
  const [lo, hi] = subtreeRange(unit.path);
  const now = new Date().toISOString();
  const today = todayInChina(now);
  let after: string | null = null;
  for (;;) {
    const { results }: D1Result<SubtreeRow> = await db
      .prepare(
        `SELECT u.code, u.name, u.depth, u.path, r.revision, r.submitted_at, r.errors, r.warnings,
                CASE WHEN r.withdrawn = 1 THEN 'withdrawn' ELSE r.status END AS report_status,
                r.late, u.active * u.reports_itself AS reporting,
                (SELECT group_concat(trim(coalesce(c.holder_name, '') || ' ' || coalesce(c.holder_phone, '')), ';')
                   FROM credentials c
                  WHERE c.unit_id = u.id AND c.role = 'clerk'
                    AND (c.holder_name IS NOT NULL OR c.holder_phone IS NOT NULL)
                    AND c.id NOT IN (SELECT credential_id FROM credential_revocations)
                    AND (c.expires_at IS NULL OR c.expires_at > ?6)) AS contact,
                -- The nearest period on the unit's path, and the reminders it was sent (催报).
                (SELECT p.due_date FROM periods p JOIN units a ON a.id = p.unit_id
                  WHERE p.form = ?3 AND p.year = ?4 AND instr(u.path, a.path) = 1
                  ORDER BY length(a.path) DESC LIMIT 1) AS due_date,
                (SELECT count(*) FROM reminders m
                  WHERE m.unit_id = u.id AND m.form = ?3 AND m.year = ?4) AS reminders,
                (SELECT max(b.at) FROM reminders m JOIN reminder_batches b ON b.id = m.batch_id
                  WHERE m.unit_id = u.id AND m.form = ?3 AND m.year = ?4) AS reminded_at
           FROM units u
           LEFT JOIN current_reports r ON r.unit_id = u.id AND r.form = ?3 AND r.year = ?4
          WHERE u.path ${after === null ? ">=" : ">"} ?1 AND u.path < ?2
          ORDER BY u.path LIMIT ?5`,
      )
      .bind(after ?? lo, hi, form.id, year, pageSize, now)
      .all<SubtreeRow>();
    // A deactivated or consolidating unit is listed only with a report of its own.
    const page = results
      .filter((r) => r.reporting === 1 || r.revision !== null)
      .filter((r) => mode !== "missing" || r.revision === null)
      .map((r) => toEntry(r, unit, today));
    if (page.length) yield page;
    if (results.length < pageSize) return;
    after = results[results.length - 1]!.path;
  }
}
