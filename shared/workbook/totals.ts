/**
 * The arithmetic the workbook does itself: every total the form defines as the sum of its parts
 * (a derive rule) is a locked formula, so the clerk types parts only; every cell a cross-year
 * rule ties to last year alone (上年结转) starts with last year's value, still editable, in a
 * workbook for a report not yet started.
 * Both come from the rule kinds (shared/engine), never from cell ids.
 */
import { carriedValues } from "../engine/carry";
import { SCALE } from "../engine/scale";
import { derivations } from "../engine/totals";
import type { CellValues } from "../engine/values";
import type { Form } from "../forms/model";
import { totalFormula } from "../layout/formulas";
import type { SheetLayout } from "../layout/types";
import { absoluteRef } from "./names";

export interface FormArithmetic {
  /** Total cell id → its formula (leading `=`, same-sheet references). */
  formulas: Map<string, string>;
  /** The values to draw: the given ones, with carried-in cells prefilled where blank. */
  values: CellValues;
}

/**
 * A total becomes a formula unless the given values contradict it (a stored report whose typed
 * total is not the sum of its parts): then the typed value stays, unlocked, so its red mark
 * shows what the file says instead of silently changing the figure.
 */
export function formArithmetic(
  form: Form,
  layout: SheetLayout,
  opts: {
    values?: CellValues;
    previous?: Record<string, unknown> | null;
    supplements?: Record<string, boolean>;
  },
): FormArithmetic {
  const given = opts.values ?? {};
  const rules = derivations(form, { supplements: opts.supplements });
  const scaled = (v: number | undefined) => Math.round((v ?? 0) * SCALE);
  const refs = { current: (id: string) => absoluteRef(layout.inputs[id]!.address) };
  const formulas = new Map<string, string>();
  for (const [cell, inst] of rules) {
    if (inst.check.kind !== "sum") continue;
    // A report's blank counts as 0, as the engine counts it: a blank total over parts that
    // add up to more stays blank, and its mark shows.
    const parts = inst.check.right.reduce((n, t) => n + t.coef * scaled(given[t.cell]), 0);
    if (!opts.values || scaled(given[cell]) === parts) {
      formulas.set(cell, `=${totalFormula(form, inst, refs)}`);
    }
  }
  const values: CellValues = { ...given };
  // Only a workbook for a report not yet started: a report's own blank stays blank.
  const carried = opts.values ? {} : carriedValues(form, opts.previous);
  for (const [cell, v] of Object.entries(carried)) {
    if (!formulas.has(cell)) values[cell] = v;
  }
  for (const cell of formulas.keys()) delete values[cell];
  return { formulas, values };
}
