import type {
  CompletenessEntry,
  CompletenessMode,
  Rollup,
  RollupChild,
} from "../../shared/api/schemas";
import type { Form } from "../../shared/forms/catalogue";
import type { UnitRow } from "./env";
import { SCALE } from "./reports";
import { pathCodes, subtreeRange } from "./units";

function unscale(vals: string | null): Record<string, number> {
  const scaled = vals ? (JSON.parse(vals) as Record<string, number>) : {};
  const out: Record<string, number> = {};
  for (const [k, v] of Object.entries(scaled)) out[k] = v / SCALE;
  return out;
}

/** Every cell of the form, zero where nothing was reported. */
function fullValues(form: Form, sparse: Record<string, number>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const c of form.cells) out[c.id] = sparse[c.id] ?? 0;
  return out;
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
}

/**
 * The rollup of a unit's subtree: values from the stored per-node aggregates (the unit's and its
 * children's rows only), completeness from one index range scan of the subtree (one row per unit,
 * never one per cell).
 */
export async function buildRollup(
  db: D1Database,
  unit: UnitRow,
  form: Form,
  year: number,
  mode: CompletenessMode = "all",
): Promise<Rollup> {
  const [lo, hi] = subtreeRange(unit.path);
  if (mode === "none") return rollupWithoutList(db, unit, form, year);
  const [own, children, subtree] = await db.batch([
    db
      .prepare(
        `SELECT vals, submitted FROM aggregates WHERE unit_id = ?1 AND form = ?2 AND year = ?3`,
      )
      .bind(unit.id, form.id, year),
    db
      .prepare(
        `SELECT u.code, u.name, a.vals, a.submitted FROM units u
           LEFT JOIN aggregates a ON a.unit_id = u.id AND a.form = ?2 AND a.year = ?3
          WHERE u.parent_id = ?1 ORDER BY u.path`,
      )
      .bind(unit.id, form.id, year),
    db
      .prepare(
        `SELECT u.code, u.name, u.depth, u.path, r.revision, r.submitted_at, r.errors, r.warnings
           FROM units u
           LEFT JOIN current_reports r ON r.unit_id = u.id AND r.form = ?3 AND r.year = ?4
          WHERE u.path >= ?1 AND u.path < ?2 ORDER BY u.path`,
      )
      .bind(lo, hi, form.id, year),
  ]);
  const ownRow = own!.results[0] as { vals: string; submitted: number } | undefined;
  const rows = subtree!.results as unknown as SubtreeRow[];

  const completeness: CompletenessEntry[] = [];
  const unitsBelow = new Map<string, number>();
  const submittedBelow = new Map<string, number>();
  let submitted = 0;
  for (const r of rows) {
    const codes = pathCodes(r.path);
    const done = r.revision !== null;
    if (done) submitted++;
    const child = codes[unit.depth + 1];
    if (child !== undefined) {
      unitsBelow.set(child, (unitsBelow.get(child) ?? 0) + 1);
      if (done) submittedBelow.set(child, (submittedBelow.get(child) ?? 0) + 1);
    }
    if (mode === "missing" && done) continue;
    completeness.push({
      code: r.code,
      name: r.name,
      parent: r.code === unit.code ? (codes[codes.length - 2] ?? null) : codes[codes.length - 2]!,
      depth: r.depth - unit.depth,
      status: done ? "submitted" : "missing",
      revision: r.revision,
      submittedAt: r.submitted_at,
      errors: r.errors ?? 0,
      warnings: r.warnings ?? 0,
    });
  }
  const childList: RollupChild[] = (
    children!.results as {
      code: string;
      name: string;
      vals: string | null;
      submitted: number | null;
    }[]
  ).map((c) => ({
    code: c.code,
    name: c.name,
    units: unitsBelow.get(c.code) ?? 1,
    submitted: submittedBelow.get(c.code) ?? 0,
    values: fullValues(form, unscale(c.vals)),
  }));
  return {
    unit: { code: unit.code, name: unit.name },
    form: form.id,
    year,
    values: fullValues(form, unscale(ownRow?.vals ?? null)),
    units: rows.length,
    submitted,
    missing: rows.length - submitted,
    children: childList,
    completeness,
    completenessMode: mode,
  };
}

/**
 * A rollup without the completeness list: the node's and its children's rows (unit with its
 * stored subtree size, and aggregate). Reads O(children) rows, whatever the subtree's size.
 */
async function rollupWithoutList(
  db: D1Database,
  unit: UnitRow,
  form: Form,
  year: number,
): Promise<Rollup> {
  const [own, children] = await db.batch([
    db
      .prepare(
        `SELECT u.subtree_units, a.vals, a.submitted FROM units u
           LEFT JOIN aggregates a ON a.unit_id = u.id AND a.form = ?2 AND a.year = ?3
          WHERE u.id = ?1`,
      )
      .bind(unit.id, form.id, year),
    db
      .prepare(
        `SELECT u.code, u.name, u.subtree_units, a.vals, a.submitted FROM units u
           LEFT JOIN aggregates a ON a.unit_id = u.id AND a.form = ?2 AND a.year = ?3
          WHERE u.parent_id = ?1 ORDER BY u.path`,
      )
      .bind(unit.id, form.id, year),
  ]);
  const ownRow = own!.results[0] as
    { subtree_units: number; vals: string | null; submitted: number | null } | undefined;
  const childList: RollupChild[] = (
    children!.results as {
      code: string;
      name: string;
      subtree_units: number;
      vals: string | null;
      submitted: number | null;
    }[]
  ).map((c) => ({
    code: c.code,
    name: c.name,
    units: c.subtree_units,
    submitted: c.submitted ?? 0,
    values: fullValues(form, unscale(c.vals)),
  }));
  const units = ownRow?.subtree_units ?? 1;
  const submitted = ownRow?.submitted ?? 0;
  return {
    unit: { code: unit.code, name: unit.name },
    form: form.id,
    year,
    values: fullValues(form, unscale(ownRow?.vals ?? null)),
    units,
    submitted,
    missing: units - submitted,
    children: childList,
    completeness: [],
    completenessMode: "none",
  };
}

/** One CSV field; text that a spreadsheet would run as a formula is defused with a quote mark. */
function csvField(v: string | number | null): string {
  if (v === null) return "";
  let s = String(v);
  if (typeof v === "string" && /^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

function csvLine(fields: (string | number | null)[]): string {
  return fields.map(csvField).join(",") + "\r\n";
}

/**
 * The rollup as CSV (UTF-8 with BOM so Excel reads the Chinese labels): one line per cell with the
 * consolidated value and each child's subtotal, then a blank line and the completeness table.
 */
export function rollupCsv(form: Form, r: Rollup): string {
  let out = "\uFEFF";
  out += csvLine([
    "cell",
    "label",
    `${r.unit.name} (${r.unit.code}) 合计`,
    ...r.children.map((c) => `${c.name} (${c.code})`),
  ]);
  for (const cell of form.cells) {
    out += csvLine([
      cell.id,
      cell.label.zh,
      r.values[cell.id] ?? 0,
      ...r.children.map((c) => c.values[cell.id] ?? 0),
    ]);
  }
  out += "\r\n";
  out += csvLine([
    "code",
    "name",
    "parent",
    "depth",
    "status",
    "revision",
    "submitted_at",
    "errors",
    "warnings",
  ]);
  for (const u of r.completeness) {
    out += csvLine([
      u.code,
      u.name,
      u.parent,
      u.depth,
      u.status,
      u.revision,
      u.submittedAt,
      u.errors,
      u.warnings,
    ]);
  }
  return out;
}
