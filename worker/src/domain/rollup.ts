/**
 * A rollup's figures from the aggregate rows it read (db/rollups.ts), decided without storage:
 * `include=submitted|accepted`, the `included / pending / missing` counts of the node and each
 * child, and `rules` (units failing each rule; the failing units' codes only with a completeness
 * list).
 */
import type { Include, Rollup, RuleFailures } from "../../../shared/api/schemas";
import type { Form } from "../../../shared/forms/catalogue";
import { SCALE } from "./scaled";

/** A rollup without its completeness list. */
export type RollupHead = Omit<Rollup, "completeness" | "completenessMode">;

/** Failing units' codes listed per rule. */
const MAX_RULE_CODES = 100;

/** A node's aggregate row as read: stored scaled values and counts. */
export interface NodeFigures {
  code: string;
  name: string;
  units: number;
  submitted: number;
  vals: string | null;
  accepted?: { vals: string | null; count: number };
}

export interface RollupInput {
  own: NodeFigures;
  children: NodeFigures[];
  rules: { rule: string; units: number }[];
  ruleCodes: Map<string, string[]>;
}

/** Every cell of the form, unscaled, zero where nothing was reported. */
function unscale(form: Form, vals: string | null): Record<string, number> {
  const scaled = vals ? (JSON.parse(vals) as Record<string, number>) : {};
  const out: Record<string, number> = {};
  for (const c of form.cells) out[c.id] = (scaled[c.id] ?? 0) / SCALE;
  return out;
}

/** What a node counts under `include`: its values, and included / pending / missing units. */
function figuresOf(form: Form, n: NodeFigures, include: Include) {
  const accepted = include === "accepted" ? (n.accepted?.count ?? 0) : n.submitted;
  return {
    values: unscale(form, include === "accepted" ? (n.accepted?.vals ?? null) : n.vals),
    included: accepted,
    pending: n.submitted - accepted,
    missing: n.units - n.submitted,
  };
}

export function rollupHead(
  form: Form,
  year: number,
  include: Include,
  read: RollupInput,
): RollupHead {
  const rules: RuleFailures[] = read.rules.map((r) => ({
    rule: r.rule,
    units: r.units,
    codes: [...(read.ruleCodes.get(r.rule) ?? [])].sort().slice(0, MAX_RULE_CODES),
  }));
  const own = figuresOf(form, read.own, include);
  return {
    unit: { code: read.own.code, name: read.own.name },
    form: form.id,
    year,
    values: own.values,
    units: read.own.units,
    submitted: read.own.submitted,
    missing: own.missing,
    include,
    included: own.included,
    pending: own.pending,
    children: read.children.map((c) => ({
      code: c.code,
      name: c.name,
      units: c.units,
      submitted: c.submitted,
      ...figuresOf(form, c, include),
    })),
    rules,
  };
}
