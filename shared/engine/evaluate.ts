import type { CompiledComparison, Form, RuleInstance, TermRef } from "../forms/model";
import { fillTemplate, formatNumber } from "./format";
import type { Issue } from "./issue";
import { acceptedValue, parseValues, type CellValues } from "./values";
import { SCALE } from "./scale";

export interface EvaluateOptions {
  /** The same unit's values of the previous report year; cross-year rules run only with it. */
  previous?: Record<string, unknown> | null;
  /** Supplements switched off for this report (`{capacity: false}`); their rules are skipped. */
  supplements?: Record<string, boolean>;
}

/** This year's parsed values scaled to integers (4 decimals) by cell index; blank is 0. */
function scaledCurrent(form: Form, values: CellValues): Float64Array {
  const out = new Float64Array(form.cells.length);
  const cells = form.cells;
  for (let i = 0; i < cells.length; i++) {
    const v = values[cells[i]!.id];
    if (typeof v === "number") out[i] = Math.round(v * SCALE);
  }
  return out;
}

/**
 * Values scaled to integers (4 decimals) by cell index. A value that is absent or not valid for
 * its cell becomes `absent`: 0 for this year's (blank counts as 0), NaN for last year's (not
 * compared).
 */
function scaled(form: Form, values: Record<string, unknown>, absent: number): Float64Array {
  const out = new Float64Array(form.cells.length);
  const cells = form.cells;
  for (let i = 0; i < cells.length; i++) {
    const cell = cells[i]!;
    const v = acceptedValue(cell.kind, values[cell.id]);
    out[i] = v === undefined ? absent : Math.round(v * SCALE);
  }
  return out;
}

function sumTerms(terms: TermRef[], cur: Float64Array, prev: Float64Array | null): number {
  let s = 0;
  for (let i = 0; i < terms.length; i++) {
    const t = terms[i]!;
    const v = t.prev ? (prev ? prev[t.index]! : NaN) : cur[t.index]!;
    s += t.coef * v;
  }
  return s;
}

function holds(op: CompiledComparison["op"], l: number, r: number): boolean {
  switch (op) {
    case "eq":
      return l === r;
    case "le":
      return l <= r;
    case "ge":
      return l >= r;
    case "lt":
      return l < r;
    case "gt":
      return l > r;
  }
}

interface Verdict {
  left: number;
  right: number;
}

/** The verdict of one instance: null when it holds or cannot be judged (last year absent). */
function judge(inst: RuleInstance, cur: Float64Array, prev: Float64Array | null): Verdict | null {
  const check = inst.check;
  switch (check.kind) {
    case "sum": {
      const l = sumTerms(check.left, cur, prev);
      const r = sumTerms(check.right, cur, prev);
      if (Number.isNaN(l) || Number.isNaN(r) || holds(check.op, l, r)) return null;
      return { left: l, right: r };
    }
    case "implies": {
      const cl = sumTerms(check.if.left, cur, prev);
      const cr = sumTerms(check.if.right, cur, prev);
      if (Number.isNaN(cl) || Number.isNaN(cr) || !holds(check.if.op, cl, cr)) return null;
      const l = sumTerms(check.then.left, cur, prev);
      const r = sumTerms(check.then.right, cur, prev);
      if (Number.isNaN(l) || Number.isNaN(r) || holds(check.then.op, l, r)) return null;
      return { left: l, right: r };
    }
    case "unchanged": {
      if (!prev) return null;
      let differing = 0;
      for (const t of [...check.same, ...check.changed]) {
        if (Number.isNaN(prev[t.index]!)) return null;
      }
      for (const t of check.same) if (cur[t.index] !== prev[t.index]) return null;
      for (const t of check.changed) if (cur[t.index] !== prev[t.index]) differing++;
      if (check.changed.length && differing === 0) return null;
      // The message's numbers: the cells compared, and those changed elsewhere (without
      // `changed`: how many of the equal cells are not 0, what makes a copy telling).
      let nonZero = 0;
      for (const t of check.same) if (cur[t.index] !== 0) nonZero++;
      const right = check.changed.length ? differing : nonZero;
      return { left: check.same.length * SCALE, right: right * SCALE };
    }
    case "outlier": {
      if (!prev) return null;
      const now = cur[check.cell.index]!;
      const before = prev[check.cell.index]!;
      if (Number.isNaN(before)) return null;
      const suspicious = now > check.factor * before && now - before >= check.minIncrease * SCALE;
      return suspicious ? { left: now, right: before } : null;
    }
  }
}

function skipped(inst: RuleInstance, opts: EvaluateOptions, hasPrev: boolean): boolean {
  if (inst.crossYear && !hasPrev) return true;
  if (opts.supplements) {
    for (const s of inst.supplements) if (opts.supplements[s] === false) return true;
  }
  return false;
}

export function ruleIssue(inst: RuleInstance, left: number, right: number): Issue {
  const l = formatNumber(left);
  const r = formatNumber(right);
  const zh: Record<string, string> = { left: l, right: r };
  const en: Record<string, string> = { left: l, right: r };
  for (const [name, label] of Object.entries(inst.vars)) {
    zh[name] = label.zh;
    en[name] = label.en;
  }
  return {
    rule: inst.rule,
    key: inst.key,
    severity: inst.severity,
    cell: inst.target,
    cells: inst.cells,
    left,
    right,
    message_zh: fillTemplate(inst.message.zh, zh),
    message_en: fillTemplate(inst.message.en, en),
  };
}

/**
 * Run every rule of the form over already-parsed values (blank = 0). Returns one issue per
 * violated rule instance, in rule order.
 */
export function evaluate(form: Form, values: CellValues, opts: EvaluateOptions = {}): Issue[] {
  const cur = scaledCurrent(form, values);
  const hasPrev = typeof opts.previous === "object" && opts.previous !== null;
  const prev = hasPrev ? scaled(form, opts.previous as Record<string, unknown>, NaN) : null;
  const issues: Issue[] = [];
  for (const inst of form.rules) {
    if (skipped(inst, opts, hasPrev)) continue;
    const v = judge(inst, cur, prev);
    if (v) issues.push(ruleIssue(inst, v.left / SCALE, v.right / SCALE));
  }
  return issues;
}

export interface ValidationResult {
  values: CellValues;
  issues: Issue[];
  errors: number;
  warnings: number;
}

/** Parse raw input and evaluate every rule: the one entry point the CLI, add-in and API share. */
export function validate(
  form: Form,
  raw: unknown,
  opts: EvaluateOptions & { lenient?: boolean } = {},
): ValidationResult {
  const parsed = parseValues(form, raw, { lenient: opts.lenient });
  const issues = [...parsed.issues, ...evaluate(form, parsed.values, opts)];
  let errors = 0;
  for (const i of issues) if (i.severity === "error") errors++;
  return { values: parsed.values, issues, errors, warnings: issues.length - errors };
}
