import type { Form, RuleInstance } from "../forms/model";
import type { EvaluateOptions } from "./evaluate";
import type { CellValues } from "./values";
import { SCALE } from "./scale";

/**
 * The derive rules of a form by target cell (the first one wins; all agree on sums): the totals
 * the form defines as the sum of their parts. The workbook writes each as a formula.
 */
export function derivations(form: Form, opts: EvaluateOptions = {}): Map<string, RuleInstance> {
  const out = new Map<string, RuleInstance>();
  for (const inst of form.rules) {
    if (inst.check.kind !== "sum" || !inst.check.derive) continue;
    if (opts.supplements && inst.supplements.some((s) => opts.supplements?.[s] === false)) continue;
    if (!out.has(inst.target)) out.set(inst.target, inst);
  }
  return out;
}

/** The cells fillTotals overwrites: every total a derive rule defines. */
export function derivedCells(form: Form): Set<string> {
  return new Set(derivations(form, {}).keys());
}

/**
 * Fill every derivable total and subtotal from its parts, bottom-up, leaving other cells as
 * they are. The result satisfies every derive rule (and so every sum rule that only adds parts).
 */
export function fillTotals(
  form: Form,
  values: CellValues,
  opts: EvaluateOptions & {
    /** Fill only these totals (others are read as given, like parts). */
    only?: ReadonlySet<string>;
  } = {},
): CellValues {
  const all = derivations(form, opts);
  const rules = opts.only ? new Map([...all].filter(([cell]) => opts.only!.has(cell))) : all;
  const out: CellValues = { ...values };
  const done = new Map<string, number>();
  const visiting = new Set<string>();

  const scaledValue = (cell: string): number => {
    const known = done.get(cell);
    if (known !== undefined) return known;
    const inst = rules.get(cell);
    let v: number;
    if (!inst || inst.check.kind !== "sum" || visiting.has(cell)) {
      v = Math.round((values[cell] ?? 0) * SCALE);
    } else {
      visiting.add(cell);
      v = 0;
      for (const t of inst.check.right) v += t.coef * scaledValue(t.cell);
      visiting.delete(cell);
      out[cell] = v / SCALE;
    }
    done.set(cell, v);
    return v;
  };
  for (const cell of rules.keys()) scaledValue(cell);
  return out;
}
