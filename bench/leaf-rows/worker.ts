/**
 * Bench only: a rollup's figures read two ways on the same data (issue 15, "a leaf's aggregate
 * need not duplicate its report"). `/leaf-rows/aggregates/<code>/<form>/<year>` is today's read
 * (worker/src/db/rollups.ts: the node's and its children's aggregate rows);
 * `/leaf-rows/reports/<code>/<form>/<year>` reads, for children that are leaves, their current
 * report's values instead (current_reports → revisions.vals, decoded and scaled as the aggregates
 * would be), and aggregate rows only for the other children. Both then build the same rollup head
 * (`include=submitted`, no completeness list) and answer it as JSON. Everything else is the API.
 */
import { app } from "../../worker/src/app";
import type { Env, UnitRow } from "../../worker/src/env";
import { firstOf, rowsOf } from "../../worker/src/db/batch";
import { readRollup } from "../../worker/src/db/rollups";
import { unitByCode } from "../../worker/src/db/units";
import { decodeScaled, decodeValues } from "../../worker/src/db/values";
import { rollupHead, type NodeFigures, type RollupInput } from "../../worker/src/domain/rollup";
import { formatScaled, scaledValues, type ScaledValues } from "../../worker/src/domain/scaled";
import { getForm } from "../../shared/forms/catalogue";

interface ChildRow {
  code: string;
  name: string;
  units: number;
  /** A leaf's report values (decimals) or another child's aggregate (scaled), cell order. */
  vals: string | null;
  submitted: number | null;
  leaf: number;
}

/** A leaf's report values as its aggregate row holds them: ×10⁴ integers, zeros left out. */
function scaledReport(form: string, stored: string): ScaledValues {
  const out: ScaledValues = {};
  for (const [k, v] of Object.entries(scaledValues(decodeValues(form, stored), 1))) {
    out[k] = BigInt(v);
  }
  return out;
}

function childNode(r: ChildRow, form: string): NodeFigures {
  if (r.leaf !== 1) {
    const vals = decodeScaled(form, r.vals);
    return { code: r.code, name: r.name, units: r.units, submitted: r.submitted ?? 0, vals };
  }
  const vals = r.vals === null ? {} : scaledReport(form, r.vals);
  return { code: r.code, name: r.name, units: 1, submitted: r.vals === null ? 0 : 1, vals };
}

/**
 * The alternative read: as readRollup (include=submitted, completeness none), one batch, but a
 * leaf child (subtree_units = 1) joins its current revision instead of an aggregate row.
 */
async function readWithLeafReports(
  db: D1Database,
  unit: UnitRow,
  form: string,
  year: number,
): Promise<RollupInput> {
  const [own, children, rules] = await db.batch([
    db
      .prepare(
        `SELECT u.subtree_units AS units, a.vals, a.submitted FROM units u
           LEFT JOIN aggregates a ON a.unit_id = u.id AND a.form = ?2 AND a.year = ?3
          WHERE u.id = ?1`,
      )
      .bind(unit.id, form, year),
    db
      .prepare(
        `SELECT u.code, u.name, u.subtree_units AS units, u.subtree_units = 1 AS leaf,
                coalesce(r.vals, a.vals) AS vals, a.submitted
           FROM units u
           LEFT JOIN aggregates a ON u.subtree_units > 1
                AND a.unit_id = u.id AND a.form = ?2 AND a.year = ?3
           LEFT JOIN current_reports c ON u.subtree_units = 1
                AND c.unit_id = u.id AND c.form = ?2 AND c.year = ?3
           LEFT JOIN revisions r ON r.unit_id = c.unit_id AND r.form = c.form
                AND r.year = c.year AND r.revision = c.revision
          WHERE u.parent_id = ?1 ORDER BY u.path`,
      )
      .bind(unit.id, form, year),
    db
      .prepare(
        `SELECT rule, units FROM rule_aggregates
          WHERE unit_id = ?1 AND form = ?2 AND year = ?3 AND units > 0
          ORDER BY units DESC, rule`,
      )
      .bind(unit.id, form, year),
  ]);
  const o = firstOf<{ units: number; vals: string | null; submitted: number | null }>(own);
  return {
    own: {
      code: unit.code,
      name: unit.name,
      units: o?.units ?? 1,
      submitted: o?.submitted ?? 0,
      vals: decodeScaled(form, o?.vals ?? null),
    },
    children: rowsOf<ChildRow>(children).map((c) => childNode(c, form)),
    rules: rowsOf<{ rule: string; units: number }>(rules),
    ruleCodes: new Map(),
  };
}

const exact = (v: ScaledValues) =>
  Object.fromEntries(Object.entries(v).map(([k, x]) => [k, formatScaled(x)]));

async function leafRows(env: Env, how: string, code: string, formId: string, year: number) {
  const form = getForm(formId);
  const unit = await unitByCode(env.DB, code);
  if (!form || !unit || (how !== "aggregates" && how !== "reports")) {
    return new Response("not found", { status: 404 });
  }
  // workerd's clock stands still while JavaScript runs and moves across I/O: this is the time
  // spent waiting for D1's answer to the read's batch, not the decoding.
  const t = performance.now();
  const read =
    how === "aggregates"
      ? await readRollup(env.DB, unit, form.id, year, "submitted", "none")
      : await readWithLeafReports(env.DB, unit, form.id, year);
  const readMs = performance.now() - t;
  const head = rollupHead(form, year, "submitted", read);
  const headers = { "X-Read-Ms": String(readMs) };
  return Response.json(
    {
      ...head,
      values: exact(head.values),
      children: head.children.map((c) => ({ ...c, values: exact(c.values) })),
    },
    { headers },
  );
}

export default {
  fetch: (request: Request, env: Env, ctx: ExecutionContext) => {
    const url = new URL(request.url);
    const m = /^\/leaf-rows\/(\w+)\/([^/]+)\/([^/]+)\/(\d{4})$/.exec(url.pathname);
    if (m) return leafRows(env, m[1]!, m[2]!, m[3]!, Number(m[4]));
    return app.fetch(request, env, ctx);
  },
} satisfies ExportedHandler<Env>;
