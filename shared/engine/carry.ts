/**
 * Carried-in values: cells a cross-year rule ties to last year's report alone (`上年结转` =
 * last year's `结转下年度`). Found from the rule kinds, not from cell ids: a sum rule whose one side
 * is a single this-year cell and whose other side reads only last year. A rule that mixes in this
 * year's cells (in force = last year's + issued − repealed) prefills nothing.
 */
import type { Form, RuleInstance, TermRef } from "../forms/model";
import { SCALE } from "./scale";
import { acceptedValue } from "./values";

export interface Carry {
  /** The this-year cell to prefill. */
  cell: string;
  /** Last year's terms that make its value. */
  from: TermRef[];
  rule: RuleInstance;
}

function carryOf(inst: RuleInstance): Carry | null {
  const c = inst.check;
  if (c.kind !== "sum" || !inst.crossYear || c.op !== "eq") return null;
  for (const [one, other] of [
    [c.left, c.right],
    [c.right, c.left],
  ] as const) {
    const single = one.length === 1 && !one[0]!.prev && one[0]!.coef === 1;
    if (single && other.length > 0 && other.every((t) => t.prev)) {
      return { cell: one[0]!.cell, from: other, rule: inst };
    }
  }
  return null;
}

/** Every carried-in cell of the form (the first rule per cell wins). */
export function carries(form: Form): Carry[] {
  const out = new Map<string, Carry>();
  for (const inst of form.rules) {
    const c = carryOf(inst);
    if (c && !out.has(c.cell)) out.set(c.cell, c);
  }
  return [...out.values()];
}

/**
 * The carried-in values from last year's report, where every last-year value the rule reads is
 * there (as the engine judges the rule only then).
 */
export function carriedValues(
  form: Form,
  previous: Record<string, unknown> | null | undefined,
): Record<string, number> {
  const out: Record<string, number> = {};
  if (!previous) return out;
  for (const c of carries(form)) {
    let sum = 0;
    let complete = true;
    for (const t of c.from) {
      const v = acceptedValue(form.cells[t.index]!.kind, previous[t.cell]);
      if (v === undefined) complete = false;
      else sum += t.coef * Math.round(v * SCALE);
    }
    if (complete) out[c.cell] = sum / SCALE;
  }
  return out;
}
