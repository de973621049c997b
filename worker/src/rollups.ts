import type {
  CompletenessEntry,
  CompletenessMode,
  Rollup,
  RollupChild,
} from "../../shared/api/schemas";
import type { Form } from "../../shared/forms/catalogue";
import type { UnitRow } from "./env";
import { SCALE } from "./reports";
import { rollupWorkflow } from "./rollup-workflow";
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
  report_status: "submitted" | "returned" | "accepted" | null;
  late: number | null;
}

/** A rollup without its completeness list. */
export type RollupHead = Omit<Rollup, "completeness" | "completenessMode">;

/** The figures of every current report (the workflow's counts and `rules` are added by
 * rollup-workflow.ts). */
export type RollupFigures = Omit<
  RollupHead,
  "include" | "included" | "pending" | "rules" | "children"
> & { children: Omit<RollupChild, "included" | "pending" | "missing">[] };

/**
 * The consolidated figures of a unit's subtree: the node's and its children's rows (unit with its
 * stored subtree size, and aggregate). Reads O(children) rows, whatever the subtree's size.
 */
export async function rollupHead(
  db: D1Database,
  unit: UnitRow,
  form: Form,
  year: number,
): Promise<RollupFigures> {
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
  const childList: RollupFigures["children"] = (
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
  };
}

/**
 * The completeness list of a subtree, depth-first (by path), in pages: one index range read per
 * page, one row per unit (never one per cell), so memory stays bounded however large the subtree.
 */
export async function* completenessPages(
  db: D1Database,
  unit: UnitRow,
  form: Form,
  year: number,
  mode: CompletenessMode,
  pageSize = 5000,
): AsyncGenerator<CompletenessEntry[]> {
  if (mode === "none") return;
  const [lo, hi] = subtreeRange(unit.path);
  let after: string | null = null;
  for (;;) {
    const { results }: D1Result<SubtreeRow> = await db
      .prepare(
        `SELECT u.code, u.name, u.depth, u.path, r.revision, r.submitted_at, r.errors, r.warnings,
                r.status AS report_status, r.late
           FROM units u
           LEFT JOIN current_reports r ON r.unit_id = u.id AND r.form = ?3 AND r.year = ?4
          WHERE u.path ${after === null ? ">=" : ">"} ?1 AND u.path < ?2
          ORDER BY u.path LIMIT ?5`,
      )
      .bind(after ?? lo, hi, form.id, year, pageSize)
      .all<SubtreeRow>();
    const page: CompletenessEntry[] = [];
    for (const r of results) {
      const done = r.revision !== null;
      if (mode === "missing" && done) continue;
      const codes = pathCodes(r.path);
      page.push({
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
      });
    }
    if (page.length) yield page;
    if (results.length < pageSize) return;
    after = results[results.length - 1]!.path;
  }
}

/** The whole rollup in memory (for the xlsx export and small subtrees). */
export async function buildRollup(
  db: D1Database,
  unit: UnitRow,
  form: Form,
  year: number,
  mode: CompletenessMode = "all",
): Promise<Rollup> {
  const head = await rollupWorkflow(
    db,
    unit,
    form,
    year,
    "submitted",
    await rollupHead(db, unit, form, year),
    mode,
  );
  const completeness: CompletenessEntry[] = [];
  for await (const page of completenessPages(db, unit, form, year, mode))
    completeness.push(...page);
  return { ...head, completeness, completenessMode: mode };
}

const encoder = new TextEncoder();

function streamOf(
  parts: (emit: (text: string) => void) => Promise<void>,
): ReadableStream<Uint8Array> {
  const { readable, writable } = new TransformStream<Uint8Array, Uint8Array>();
  const writer = writable.getWriter();
  let chain = Promise.resolve();
  const emit = (text: string) => {
    chain = chain.then(() => writer.write(encoder.encode(text)));
  };
  void (async () => {
    try {
      await parts(emit);
      await chain;
      await writer.close();
    } catch (e) {
      await writer.abort(e).catch(() => undefined);
    }
  })();
  return readable;
}

/** The rollup as streamed JSON: the figures first, then the completeness list page by page. */
export function rollupJsonStream(
  head: RollupHead,
  mode: CompletenessMode,
  pages: AsyncGenerator<CompletenessEntry[]>,
): ReadableStream<Uint8Array> {
  return streamOf(async (emit) => {
    const start = JSON.stringify({ ...head, completenessMode: mode });
    emit(`${start.slice(0, -1)},"completeness":[`);
    let first = true;
    for await (const page of pages) {
      const text = page.map((e) => JSON.stringify(e)).join(",");
      emit(first ? text : `,${text}`);
      first = false;
    }
    emit("]}");
  });
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
export function rollupCsvStream(
  form: Form,
  r: RollupHead,
  pages: AsyncGenerator<CompletenessEntry[]>,
): ReadableStream<Uint8Array> {
  return streamOf(async (emit) => {
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
    emit(out);
    for await (const page of pages) {
      emit(
        page
          .map((u) =>
            csvLine([
              u.code,
              u.name,
              u.parent,
              u.depth,
              u.status,
              u.revision,
              u.submittedAt,
              u.errors,
              u.warnings,
            ]),
          )
          .join(""),
      );
    }
  });
}
