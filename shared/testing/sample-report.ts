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
 * table just get their totals filled.
 */
export function consistentValues(form: Form, rand: () => number, max = 20): Record<string, number> {
  const v: Record<string, number> = {};
  for (const c of form.cells) {
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
