/**
 * Rollups: the figures from the per-node aggregates (O(children) rows read), the completeness list
 * in pages, and the whole rollup in memory for the xlsx export (bounded by `XLSX_MAX_UNITS`).
 */
import type { CompletenessEntry, CompletenessMode, Include } from "../../../shared/api/schemas";
import type { Form } from "../../../shared/forms/catalogue";
import type { UnitRow } from "../env";
import { HttpProblem } from "../http/problem";
import { rollupHead, type ExactRollup, type RollupHead } from "../domain/rollup";
import { completenessPages, readRollup } from "../db/rollups";
import { outermost, scopedRollupInput, type ScopeRoot } from "../domain/scope";

export interface RollupQuery {
  unit: UnitRow;
  form: Form;
  year: number;
  include: Include;
  mode: CompletenessMode;
  /** A local form above its scope: the scope roots below the unit (only they are counted). */
  roots?: readonly ScopeRoot[];
}

export async function rollupFigures(db: D1Database, q: RollupQuery): Promise<RollupHead> {
  const read = await readRollup(db, q.unit, q.form.id, q.year, q.include, q.mode);
  return rollupHead(
    q.form,
    q.year,
    q.include,
    scopedRollupInput(q.form, q.unit.path, read, q.roots ?? []),
  );
}

/** The completeness list: the subtree, or for a local form above its scope the scope's subtrees. */
export async function* rollupPages(
  db: D1Database,
  q: RollupQuery,
): AsyncGenerator<CompletenessEntry[]> {
  if (!q.roots) {
    yield* completenessPages(db, q.unit, q.form, q.year, q.mode);
    return;
  }
  // Each scope's subtree, listed with depths counted from the requested unit.
  for (const r of outermost(q.roots)) {
    const at = { ...q.unit, code: r.code, path: r.path };
    yield* completenessPages(db, at, q.form, q.year, q.mode);
  }
}

/** The whole rollup in memory, refused (422 with a hint) beyond `maxUnits` listed units. */
export async function wholeRollup(
  db: D1Database,
  q: RollupQuery,
  head: RollupHead,
  maxUnits: number,
): Promise<ExactRollup> {
  if (q.mode !== "none" && head.units > maxUnits) {
    throw new HttpProblem(
      "subtree-too-large",
      `该单位下有 ${head.units} 个单位,xlsx 最多列出 ${maxUnits} 个;请用 ?format=csv、?completeness=missing 或 none,或选择下级单位。`,
      `The subtree has ${head.units} units; an xlsx lists at most ${maxUnits}. Use ?format=csv, ?completeness=missing or none, or a lower unit.`,
    );
  }
  const completeness: CompletenessEntry[] = [];
  for await (const page of rollupPages(db, q)) completeness.push(...page);
  return { ...head, completeness, completenessMode: q.mode };
}
