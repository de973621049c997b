import type { Form } from "../forms/model";
import { fillTotals } from "../engine";

/** A small deterministic PRNG (mulberry32): random test and benchmark data from a seed. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * A report that passes every rule of one year (no previous year): random parts below `max`,
 * totals derived, and in table 三 each applicant column balanced so that new + carried_in =
 * handled_total + carried_out (the one equation fillTotals cannot derive). Forms without that
 * table just get their totals filled. With `density` < 1 only that share of the parts is
 * non-zero (a sparse report, as most small units file).
 */
export function consistentValues(
  form: Form,
  rand: () => number,
  max = 20,
  density = 1,
): Record<string, number> {
  const v: Record<string, number> = {};
  for (const c of form.cells) {
    if (density < 1 && rand() >= density) v[c.id] = 0;
    else
      v[c.id] =
        c.kind === "amount" ? Math.round(rand() * max * 10000) / 10000 : Math.floor(rand() * max);
  }
  let out = fillTotals(form, v);
  const columns = form.cells
    .filter((c) => c.rowId === "requests.handled_total" && c.columnId !== "total")
    .map((c) => c.columnId);
  for (const col of columns) {
    const handled = out[`requests.handled_total.${col}`]!;
    const inflow = out[`requests.new.${col}`]! + out[`requests.carried_in.${col}`]!;
    if (inflow < handled)
      out[`requests.new.${col}`] = out[`requests.new.${col}`]! + handled - inflow;
    out[`requests.carried_out.${col}`] =
      out[`requests.new.${col}`]! + out[`requests.carried_in.${col}`]! - handled;
  }
  out = fillTotals(form, out);
  return out;
}

function nudge(form: Form, values: Record<string, number>, rand: () => number, times: number) {
  const out = { ...values };
  for (let i = 0; i < times; i++) {
    const cell = form.cells[Math.floor(rand() * form.cells.length)]!;
    const delta = 1 + Math.floor(rand() * 5);
    const step = cell.kind === "amount" ? delta + Math.round(rand() * 10000) / 10000 : delta;
    const next = (out[cell.id] ?? 0) + (rand() < 0.5 ? -step : step);
    out[cell.id] = cell.kind === "change" ? next : Math.max(0, Math.round(next * 10000) / 10000);
  }
  return out;
}

/**
 * A random report for cross-checks against the engine: consistent, then up to 3 cells nudged so
 * that rules break; last year's report absent, close to this year's, much smaller (jumps), or
 * partly unusable (missing cells, text, negative counts).
 */
export function randomReport(
  form: Form,
  rand: () => number,
): { values: Record<string, number>; previous: Record<string, unknown> | null } {
  const values = nudge(form, consistentValues(form, rand, 60), rand, Math.floor(rand() * 4));
  const mode = rand();
  if (mode < 0.2) return { values, previous: null };
  if (mode < 0.5)
    return { values, previous: nudge(form, values, rand, 1 + Math.floor(rand() * 3)) };
  const previous: Record<string, unknown> = {};
  for (const [id, v] of Object.entries(values)) previous[id] = Math.floor(v / (2 + rand() * 30));
  if (mode < 0.8) return { values, previous };
  for (const c of form.cells) {
    const r = rand();
    if (r < 0.1) delete previous[c.id];
    else if (r < 0.15) previous[c.id] = ["x", -3, "7", 2.5][Math.floor(rand() * 4)];
  }
  return { values, previous };
}
