/**
 * Pure: the shared engine over the inputs read from a form sheet, for the pane's list. The sheet's
 * own marks are the workbook's conditional formats; this only decides what the pane shows and,
 * on 自动计算合计, which totals to write.
 */
import type { Issue, ValidationResult } from "../../../shared/engine";
import { derivedCells, fillTotals, validate } from "../../../shared/engine";
import type { Form } from "../../../shared/forms/model";
import type { SheetLayout } from "../../../shared/layout";

export interface Checked {
  result: ValidationResult;
  /** The inputs after the totals were filled in (the raw inputs without `fill`). */
  after: Record<string, unknown>;
  /** Totals to write: address and value. */
  writes: { address: string; value: number }[];
}

/** The engine over the raw inputs; with `fill`, the derived totals filled in first. */
export function checkInputs(
  form: Form,
  layout: SheetLayout,
  raw: Record<string, unknown>,
  previous: Record<string, number> | null,
  fill: boolean,
): Checked {
  const opts = { lenient: true, previous };
  const result = validate(form, raw, opts);
  if (!fill) return { result, after: raw, writes: [] };
  const filled = fillTotals(form, result.values);
  const next: Record<string, unknown> = { ...raw };
  const writes: Checked["writes"] = [];
  for (const id of derivedCells(form)) {
    const v = filled[id];
    const pos = layout.inputs[id];
    if (v === undefined || !pos) continue;
    next[id] = v;
    if (raw[id] !== v) writes.push({ address: pos.address, value: v });
  }
  return { result: validate(form, next, opts), after: next, writes };
}

/**
 * What the pane lists: the engine is authoritative for every rule it can judge here; the server's
 * issues stay only for what it cannot (cross-year rules without last year's report, server rules).
 */
export function paneIssues(
  form: Form,
  result: ValidationResult,
  serverIssues: Issue[],
  previous: Record<string, number> | null,
): Issue[] {
  const judged = new Set(form.rules.filter((r) => !r.crossYear || previous).map((r) => r.key));
  const serverOnly = serverIssues.filter((i) => !judged.has(i.key) && !i.key.startsWith("value:"));
  const seen = new Set<string>();
  return [...result.issues, ...serverOnly].filter((i) =>
    seen.has(i.key) ? false : (seen.add(i.key), true),
  );
}

export function sameInputs(a: Record<string, unknown>, b: Record<string, unknown>): boolean {
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  for (const k of keys) if (!Object.is(a[k], b[k])) return false;
  return true;
}
