import type { CompiledComparison, Form, TermRef } from "../forms/model";
import type { SheetLayout } from "./types";

export interface RuleFormula {
  key: string;
  rule: string;
  severity: "error" | "warning";
  /** The A1 address the rule is pinned to (where conditional formatting goes). */
  target: string;
  /** An Excel boolean formula, TRUE when the rule is violated; absolute references. */
  formula: string;
}

function absolute(address: string): string {
  const m = /^([A-Z]+)(\d+)$/.exec(address);
  return m ? `$${m[1]}$${m[2]}` : address;
}

/** `SUM(a,b)-SUM(c)`: SUM ignores text and blanks exactly as the engine counts them as 0. */
function sumExpr(terms: TermRef[], layout: SheetLayout): string {
  const ref = (t: TermRef) => absolute(layout.inputs[t.cell]!.address);
  const pos = terms.filter((t) => t.coef === 1).map(ref);
  const neg = terms.filter((t) => t.coef === -1).map(ref);
  const p = pos.length ? `SUM(${pos.join(",")})` : "0";
  return neg.length ? `${p}-SUM(${neg.join(",")})` : p;
}

/** A formula TRUE when the comparison holds; amounts compare at 4 decimals like the engine. */
function holdsExpr(c: CompiledComparison, layout: SheetLayout): string {
  const diff = `ROUND(${sumExpr(c.left, layout)}-(${sumExpr(c.right, layout)}),4)`;
  const op = { eq: "=0", le: "<=0", ge: ">=0", lt: "<0", gt: ">0" }[c.op];
  return `${diff}${op}`;
}

/**
 * Every rule instance that can be judged from the sheet alone, as an Excel formula. Cross-year
 * rules need last year's report, which the sheet does not hold: they are left to the engine.
 */
export function ruleFormulas(form: Form, layout: SheetLayout): RuleFormula[] {
  const out: RuleFormula[] = [];
  for (const inst of form.rules) {
    if (inst.crossYear || inst.check.kind === "outlier") continue;
    const target = layout.inputs[inst.target];
    if (!target) continue;
    let formula: string;
    if (inst.check.kind === "sum") {
      formula = `=NOT(${holdsExpr(inst.check, layout)})`;
    } else {
      formula = `=AND(${holdsExpr(inst.check.if, layout)},NOT(${holdsExpr(inst.check.then, layout)}))`;
    }
    out.push({
      key: inst.key,
      rule: inst.rule,
      severity: inst.severity,
      target: target.address,
      formula,
    });
  }
  return out;
}
