import type {
  CompiledCheck,
  CompiledComparison,
  Form,
  RuleInstance,
  TermRef,
} from "../forms/model";
import { SCALE } from "../engine/scale";
import type { SheetLayout } from "./types";

/** Where a rule formula finds the cells it reads. */
export interface CellRefs {
  /** A reference to this year's value of a cell, e.g. `$D$7` or `'2024年 年报统计表'!$D$7`. */
  current(cell: string): string;
  /**
   * A reference to last year's value of a cell: a number, or blank when last year's report does
   * not have it. Without it, cross-year instances are left out (as the engine skips them).
   */
  previous?(cell: string): string;
  /**
   * Ranges over cells adjacent in the form's cell order (first, last): last year's values, and
   * flags that are 1 where this year's value differs from last year's. Without them, `unchanged`
   * instances (which read whole tables) are left out.
   */
  previousRange?(first: string, last: string): string;
  differsRange?(first: string, last: string): string;
}

/** One rule instance as spreadsheet formulas (no leading `=`). */
export interface RuleCheckFormula {
  key: string;
  rule: string;
  severity: "error" | "warning";
  /** The cell id the instance is pinned to. */
  target: string;
  instance: RuleInstance;
  /** TRUE exactly when the engine reports the instance. */
  violated: string;
  /** The two numbers the engine's message shows (`left`, `right`), as numeric expressions. */
  left: string;
  right: string;
  /** Both sides are whole numbers (no amount cell among their terms). */
  integral: boolean;
}

/**
 * `SUM(a,b)-SUM(c)`: SUM ignores text and blanks exactly as the engine counts them as 0 (this
 * year), and a blank last-year cell is excluded before the sum is used (see `judged`).
 */
function sumExpr(terms: TermRef[], refs: CellRefs): string {
  const ref = (t: TermRef) => (t.prev ? refs.previous!(t.cell) : refs.current(t.cell));
  const pos = terms.filter((t) => t.coef === 1).map(ref);
  const neg = terms.filter((t) => t.coef === -1).map(ref);
  const p = pos.length ? `SUM(${pos.join(",")})` : "0";
  return neg.length ? `${p}-SUM(${neg.join(",")})` : p;
}

/** A formula TRUE when the comparison holds; amounts compare at 4 decimals like the engine. */
function holdsExpr(c: CompiledComparison, refs: CellRefs): string {
  const diff = `ROUND(${sumExpr(c.left, refs)}-(${sumExpr(c.right, refs)}),4)`;
  const op = { eq: "=0", le: "<=0", ge: ">=0", lt: "<0", gt: ">0" }[c.op];
  return `${diff}${op}`;
}

function prevTerms(check: CompiledCheck): TermRef[] {
  switch (check.kind) {
    case "sum":
      return [...check.left, ...check.right].filter((t) => t.prev);
    case "implies":
      return [check.if, check.then].flatMap((c) => [...c.left, ...c.right]).filter((t) => t.prev);
    case "outlier":
      return [{ ...check.cell, prev: true }];
    case "unchanged":
      return [];
  }
}

/**
 * The engine judges a cross-year instance only when every last-year value it reads is there
 * (a missing or invalid one is NaN and the instance holds): ISNUMBER of each, deduplicated.
 */
function judged(check: CompiledCheck, refs: CellRefs): string[] {
  const cells = [...new Set(prevTerms(check).map((t) => t.cell))];
  return cells.map((c) => `ISNUMBER(${refs.previous!(c)})`);
}

/** Engine: `now > factor × before` and `now − before ≥ minIncrease`, on values scaled by 10⁴. */
function outlierExprs(
  check: Extract<CompiledCheck, { kind: "outlier" }>,
  refs: CellRefs,
): string[] {
  // Compared in the engine's scaled integers, as the engine compares them.
  const now = `ROUND(SUM(${refs.current(check.cell.cell)})*${SCALE},0)`;
  const before = `ROUND(SUM(${refs.previous!(check.cell.cell)})*${SCALE},0)`;
  return [`${now}>${check.factor}*${before}`, `${now}-${before}>=${check.minIncrease * SCALE}`];
}

/** Runs of cells adjacent in cell order, as [first, last] ids. */
function runs(terms: TermRef[]): [string, string][] {
  const out: [TermRef, TermRef][] = [];
  for (const t of [...terms].sort((a, b) => a.index - b.index)) {
    const last = out[out.length - 1];
    if (last && t.index === last[1].index + 1) last[1] = t;
    else out.push([t, t]);
  }
  return out.map(([a, b]) => [a.cell, b.cell]);
}

/**
 * Engine: judged only when last year has every cell read (COUNT of the ranges), then every
 * `same` cell equal (no differs flag) and, with `changed`, some flag there. Ranges, not cells: a
 * table 三 has some 160 cells, far beyond a formula's 8,192 characters cell by cell.
 */
function unchangedExprs(
  check: Extract<CompiledCheck, { kind: "unchanged" }>,
  refs: CellRefs,
): { body: string[]; sides: [string, string] } {
  const sum = (ts: TermRef[]) =>
    ts.length
      ? `SUM(${runs(ts)
          .map(([a, b]) => refs.differsRange!(a, b))
          .join(",")})`
      : "0";
  const all = [...check.same, ...check.changed];
  const count = `COUNT(${runs(all)
    .map(([a, b]) => refs.previousRange!(a, b))
    .join(",")})`;
  const body = [`${count}=${all.length}`, `${sum(check.same)}=0`];
  if (check.changed.length) body.push(`${sum(check.changed)}>0`);
  // Judged, last year's values equal this year's: its non-zero cells are this year's.
  const nonZero = `SUM(${runs(check.same)
    .map(([a, b]) => `COUNTIF(${refs.previousRange!(a, b)},"<>0")`)
    .join(",")})`;
  return {
    body,
    sides: [String(check.same.length), check.changed.length ? sum(check.changed) : nonZero],
  };
}

function checkFormula(form: Form, inst: RuleInstance, refs: CellRefs): RuleCheckFormula {
  const check = inst.check;
  const guards = inst.crossYear ? judged(check, refs) : [];
  let body: string[];
  let sides: [string, string];
  let terms: TermRef[];
  switch (check.kind) {
    case "sum":
      body = [`NOT(${holdsExpr(check, refs)})`];
      sides = [sumExpr(check.left, refs), sumExpr(check.right, refs)];
      terms = [...check.left, ...check.right];
      break;
    case "implies":
      body = [holdsExpr(check.if, refs), `NOT(${holdsExpr(check.then, refs)})`];
      sides = [sumExpr(check.then.left, refs), sumExpr(check.then.right, refs)];
      terms = [...check.then.left, ...check.then.right];
      break;
    case "unchanged":
      ({ body, sides } = unchangedExprs(check, refs));
      terms = [];
      break;
    case "outlier":
      body = outlierExprs(check, refs);
      sides = [`SUM(${refs.current(check.cell.cell)})`, `SUM(${refs.previous!(check.cell.cell)})`];
      terms = [check.cell];
      break;
  }
  const parts = [...guards, ...body];
  return {
    key: inst.key,
    rule: inst.rule,
    severity: inst.severity,
    target: inst.target,
    instance: inst,
    violated: parts.length === 1 ? parts[0]! : `AND(${parts.join(",")})`,
    left: sides[0],
    right: sides[1],
    integral: terms.every((t) => form.cells[t.index]!.kind !== "amount"),
  };
}

export interface CheckFormulaOptions {
  /** Supplements switched off (`{capacity: false}`): their instances are left out, as the engine does. */
  supplements?: Record<string, boolean>;
}

/**
 * Every rule instance the references can judge, as spreadsheet formulas, in rule order: all of
 * them when last year's values are reachable (`refs.previous`), else those of this year alone.
 */
export function ruleCheckFormulas(
  form: Form,
  refs: CellRefs,
  opts: CheckFormulaOptions = {},
): RuleCheckFormula[] {
  const out: RuleCheckFormula[] = [];
  for (const inst of form.rules) {
    if (inst.crossYear && !refs.previous) continue;
    if (inst.check.kind === "unchanged" && !(refs.previousRange && refs.differsRange)) continue;
    if (inst.supplements.some((s) => opts.supplements?.[s] === false)) continue;
    out.push(checkFormula(form, inst, refs));
  }
  return out;
}

/**
 * A total the form defines as the sum of its parts (a derive rule), as the formula of its own
 * cell: `SUM(parts)` (`-SUM(…)` for subtracted parts), rounded to the engine's 4 decimals when
 * an amount is among them so binary fractions never show.
 */
export function totalFormula(form: Form, inst: RuleInstance, refs: CellRefs): string {
  if (inst.check.kind !== "sum" || !inst.check.derive) throw new Error(`${inst.key}: not a total`);
  const parts = inst.check.right;
  const sum = sumExpr(parts, refs);
  const amount = parts.some((t) => form.cells[t.index]!.kind === "amount");
  return amount ? `ROUND(${sum},4)` : sum;
}

function absolute(address: string): string {
  const m = /^([A-Z]+)(\d+)$/.exec(address);
  return m ? `$${m[1]}$${m[2]}` : address;
}

export interface RuleFormula {
  key: string;
  rule: string;
  severity: "error" | "warning";
  /** The A1 address the rule is pinned to (where conditional formatting goes). */
  target: string;
  /** An Excel boolean formula, TRUE when the rule is violated; absolute references. */
  formula: string;
}

/**
 * Every rule instance that can be judged from the form sheet alone (no last year), as formulas
 * with absolute same-sheet references.
 */
export function ruleFormulas(form: Form, layout: SheetLayout): RuleFormula[] {
  const refs: CellRefs = { current: (cell) => absolute(layout.inputs[cell]!.address) };
  return ruleCheckFormulas(form, refs).map((f) => ({
    key: f.key,
    rule: f.rule,
    severity: f.severity,
    target: layout.inputs[f.target]!.address,
    formula: `=${f.violated}`,
  }));
}
