/**
 * The workflow's part of a rollup (docs/WORKFLOW.md): `include=submitted|accepted`, the
 * `included / pending / missing` counts of the node and each child, and `rules` (how many units of
 * the subtree fail each rule in their current revision, from the per-node `rule_aggregates`; the
 * failing units' codes only when a completeness list is asked for). Accepted-only figures come
 * from the per-node `accepted_aggregates` (kept in the batch of each accept and reopen), so like
 * the submitted figures they read O(children) rows.
 */
import type { CompletenessMode, Include, RuleFailures } from "../../shared/api/schemas";
import type { Form } from "../../shared/forms/catalogue";
import type { UnitRow } from "./env";
import { SCALE } from "./reports";
import type { RollupFigures, RollupHead } from "./rollups";
import { subtreeRange } from "./units";

/** Failing units' codes listed per rule. */
const MAX_RULE_CODES = 100;

function unscaleFull(form: Form, vals: string | null): Record<string, number> {
  const scaled = vals ? (JSON.parse(vals) as Record<string, number>) : {};
  const out: Record<string, number> = {};
  for (const c of form.cells) out[c.id] = (scaled[c.id] ?? 0) / SCALE;
  return out;
}

export async function rollupWorkflow(
  db: D1Database,
  unit: UnitRow,
  form: Form,
  year: number,
  include: Include,
  figures: RollupFigures,
  mode: CompletenessMode = "all",
): Promise<RollupHead> {
  const [lo, hi] = subtreeRange(unit.path);
  const statements = [
    // How many units fail each rule: the node's row per rule (O(rules)).
    db
      .prepare(
        `SELECT rule, units FROM rule_aggregates
          WHERE unit_id = ?1 AND form = ?2 AND year = ?3 AND units > 0
          ORDER BY units DESC, rule`,
      )
      .bind(unit.id, form.id, year),
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
          .bind(lo, hi, form.id, year),
  ];
  if (include === "accepted") {
    statements.push(
      db
        .prepare(
          `SELECT vals, accepted FROM accepted_aggregates WHERE unit_id = ?1 AND form = ?2 AND year = ?3`,
        )
        .bind(unit.id, form.id, year),
      db
        .prepare(
          `SELECT u.code, a.vals, a.accepted FROM units u
             JOIN accepted_aggregates a ON a.unit_id = u.id AND a.form = ?2 AND a.year = ?3
            WHERE u.parent_id = ?1`,
        )
        .bind(unit.id, form.id, year),
    );
  }
  const [rulesRes, codesRes, ownRes, childRes] = await db.batch(statements);
  const codes = new Map(
    (codesRes!.results as { rule: string; codes: string }[]).map((r) => [
      r.rule,
      (JSON.parse(r.codes) as string[]).sort().slice(0, MAX_RULE_CODES),
    ]),
  );
  const rules: RuleFailures[] = (rulesRes!.results as { rule: string; units: number }[]).map(
    (r) => ({ rule: r.rule, units: r.units, codes: codes.get(r.rule) ?? [] }),
  );
  const missing = figures.units - figures.submitted;
  if (include === "submitted") {
    return {
      ...figures,
      include,
      included: figures.submitted,
      pending: 0,
      children: figures.children.map((c) => ({
        ...c,
        included: c.submitted,
        pending: 0,
        missing: c.units - c.submitted,
      })),
      rules,
    };
  }
  const own = ownRes!.results[0] as { vals: string; accepted: number } | undefined;
  const byCode = new Map(
    (childRes!.results as { code: string; vals: string; accepted: number }[]).map((c) => [
      c.code,
      c,
    ]),
  );
  const accepted = own?.accepted ?? 0;
  return {
    ...figures,
    values: unscaleFull(form, own?.vals ?? null),
    include,
    included: accepted,
    pending: figures.submitted - accepted,
    missing,
    children: figures.children.map((c) => {
      const a = byCode.get(c.code);
      const n = a?.accepted ?? 0;
      return {
        ...c,
        values: unscaleFull(form, a?.vals ?? null),
        included: n,
        pending: c.submitted - n,
        missing: c.units - c.submitted,
      };
    }),
    rules,
  };
}
