/**
 * The stored encoding of a report's values and of aggregate sums (migration 0007): a JSON array
 * in the order of the form's cells (`form.cells`), every cell present, zeros as `0`. The cell ids
 * (≈ 7 KB for gov-2021) are no longer repeated in every row; a form id's cell order is therefore
 * frozen (a changed form is a new form id). This is the one place that encodes and decodes them.
 *
 * Legacy rows (a JSON object keyed by cell id, as before 0007) are still read: 0007 rewrites them
 * all, but the decoder costs nothing to keep and a restored backup stays readable.
 */
import { getForm } from "../../../shared/forms/catalogue";
import { parseScaled, type ScaledValues } from "../domain/scaled";

function cellIds(formId: string): readonly string[] {
  const form = getForm(formId);
  if (!form) throw new Error(`stored values of an unknown form ${formId}`);
  return form.cells.map((c) => c.id);
}

const ORDER = new Map<string, readonly string[]>();

function cellsOf(formId: string): readonly string[] {
  let ids = ORDER.get(formId);
  if (!ids) ORDER.set(formId, (ids = cellIds(formId)));
  return ids;
}

/** A report's values as stored: numbers in cell order, missing cells as 0. */
export function encodeValues(formId: string, values: Record<string, number>): string {
  return JSON.stringify(cellsOf(formId).map((id) => values[id] ?? 0));
}

/** A report's stored values, every cell of the form. */
export function decodeValues(formId: string, stored: string): Record<string, number> {
  const parsed = JSON.parse(stored) as number[] | Record<string, number>;
  if (!Array.isArray(parsed)) return parsed;
  const out: Record<string, number> = {};
  cellsOf(formId).forEach((id, i) => (out[id] = parsed[i] ?? 0));
  return out;
}

/** Scaled integers (×10⁴) in cell order, as the aggregate tables store sums and deltas. */
export function encodeScaled(formId: string, scaled: Record<string, number>): string {
  return JSON.stringify(cellsOf(formId).map((id) => scaled[id] ?? 0));
}

const INTEGER = /-?\d+/g;

/**
 * Stored sums read exactly (SQLite's 64-bit sums may exceed 2^53, so never through a double),
 * zero cells left out.
 */
export function decodeScaled(formId: string, stored: string | null): ScaledValues {
  const out: ScaledValues = {};
  if (!stored) return out;
  if (!stored.startsWith("[")) {
    for (const [k, v] of parseScaled(stored)) if (v !== 0n) out[k] = v;
    return out;
  }
  const ids = cellsOf(formId);
  let i = 0;
  for (const m of stored.matchAll(INTEGER)) {
    const v = BigInt(m[0]);
    if (v !== 0n && ids[i] !== undefined) out[ids[i]!] = v;
    i++;
  }
  return out;
}
