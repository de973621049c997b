/**
 * The stored encoding of a report's values and of aggregate sums (migration 0007): a JSON array
 * in the order of the form's cells (`form.cells`), every cell present, zeros as `0`. The cell ids
 * (≈ 7 KB for gov-2021) are no longer repeated in every row; a form id's cell order is therefore
 * frozen (a changed form is a new form id). Sums of whole-number cells are kept as plain
 * integers, amounts ×10⁴ (exact either way). This is the one place that encodes and decodes them.
 *
 * Legacy rows (a JSON object keyed by cell id, as before 0007) are still read: 0007 rewrites them
 * all, but the decoder costs nothing to keep and a restored backup stays readable.
 */
import { getForm } from "../../../shared/forms/catalogue";
import type { CellKind } from "../../../shared/forms/schema";
import { parseScaled, SCALE, type ScaledValues } from "../domain/scaled";

/**
 * Kinds whose values are whole numbers (shared/engine/values.ts): their sums are stored without
 * the ×10⁴ (a count's scaled sum is always a multiple of it), which saves 4 digits per cell.
 */
const WHOLE: ReadonlySet<CellKind> = new Set<CellKind>(["count", "change"]);

interface Cells {
  ids: readonly string[];
  /** Per cell: what a stored sum is multiplied by to give the ×10⁴ sum (1 or 10⁴). */
  unit: readonly number[];
  unitBig: readonly bigint[];
}

const CELLS = new Map<string, Cells>();

function cellsOf(formId: string): Cells {
  let cells = CELLS.get(formId);
  if (!cells) {
    const form = getForm(formId);
    if (!form) throw new Error(`stored values of an unknown form ${formId}`);
    const unit = form.cells.map((c) => (WHOLE.has(c.kind) ? SCALE : 1));
    cells = { ids: form.cells.map((c) => c.id), unit, unitBig: unit.map(BigInt) };
    CELLS.set(formId, cells);
  }
  return cells;
}

/** The per-cell units of a form's stored sums (migration 0007 uses the same). */
export function storedUnits(formId: string): readonly number[] {
  return cellsOf(formId).unit;
}

/** A report's values as stored: numbers in cell order, missing cells as 0. */
export function encodeValues(formId: string, values: Record<string, number>): string {
  return JSON.stringify(cellsOf(formId).ids.map((id) => values[id] ?? 0));
}

/** A report's stored values, every cell of the form. */
export function decodeValues(formId: string, stored: string): Record<string, number> {
  const parsed = JSON.parse(stored) as number[] | Record<string, number>;
  if (!Array.isArray(parsed)) return parsed;
  const out: Record<string, number> = {};
  cellsOf(formId).ids.forEach((id, i) => (out[id] = parsed[i] ?? 0));
  return out;
}

/**
 * Scaled integers (×10⁴) in cell order as the aggregate tables store sums and deltas: whole-number
 * cells divided by 10⁴ (exact: their values are validated integers).
 */
export function encodeScaled(formId: string, scaled: Record<string, number>): string {
  const { ids, unit } = cellsOf(formId);
  return JSON.stringify(
    ids.map((id, i) => {
      const v = scaled[id] ?? 0;
      if (v % unit[i]! !== 0) throw new Error(`${formId} ${id}: ${v} is not a whole number ×10⁴`);
      return v / unit[i]!;
    }),
  );
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
  const { ids, unitBig } = cellsOf(formId);
  let i = 0;
  for (const m of stored.matchAll(INTEGER)) {
    const v = BigInt(m[0]);
    if (v !== 0n && ids[i] !== undefined) out[ids[i]!] = v * unitBig[i]!;
    i++;
  }
  return out;
}
