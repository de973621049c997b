/**
 * A rollup's figures from the aggregate rows it read (db/rollups.ts), decided without storage:
 * `include=submitted|accepted`, the `included / pending / missing` counts of the node and each
 * child, and `rules` (units failing each rule; the failing units' codes only with a completeness
 * list).
 */
import type { Include, Rollup, RollupChild, RuleFailures } from "../../../shared/api/schemas";
import type { Form } from "../../../shared/forms/catalogue";
import type { ScaledValues } from "./scaled";

/**
 * A rollup without its completeness list, its sums exact: `values` are scaled BigInts (the
 * renderers in export/ write them as exact decimals).
 */
export type RollupHead = Omit<
  Rollup,
  "completeness" | "completenessMode" | "values" | "children"
> & {
  values: ScaledValues;
  children: (Omit<RollupChild, "values"> & { values: ScaledValues })[];
};

/** A whole rollup with exact sums (the xlsx export's input). */
export type ExactRollup = RollupHead & Pick<Rollup, "completeness" | "completenessMode">;

/** Failing units' codes listed per rule. */
const MAX_RULE_CODES = 100;

/** A node's aggregate row as read: stored scaled values and counts. */
export interface NodeFigures {
  code: string;
  name: string;
  units: number;
  submitted: number;
  /** Decoded by db/values.ts, zero cells left out. */
  vals: ScaledValues;
  accepted?: { vals: ScaledValues; count: number };
  /** Its consolidated report is signed off (汇总确认, migration 0009) and still in force. */
  confirmed?: boolean;
}

export interface RollupInput {
  own: NodeFigures;
  children: NodeFigures[];
  rules: { rule: string; units: number }[];
  ruleCodes: Map<string, string[]>;
}

/** Every cell of the form, exact, zero where nothing was reported. */
function exactValues(form: Form, vals: ScaledValues): ScaledValues {
  const out: ScaledValues = {};
  for (const c of form.cells) out[c.id] = vals[c.id] ?? 0n;
  return out;
}

/** What a node counts under `include`: its values, and included / pending / missing units. */
function figuresOf(form: Form, n: NodeFigures, include: Include) {
  if (include === "confirmed") {
    const counted = n.confirmed ? n.submitted : 0;
    return {
      values: exactValues(form, n.confirmed ? n.vals : {}),
      included: counted,
      pending: n.submitted - counted,
      missing: n.units - n.submitted,
    };
  }
  const accepted = include === "accepted" ? (n.accepted?.count ?? 0) : n.submitted;
  return {
    values: exactValues(form, include === "accepted" ? (n.accepted?.vals ?? {}) : n.vals),
    included: accepted,
    pending: n.submitted - accepted,
    missing: n.units - n.submitted,
  };
}

/**
 * A node's figures under `include=confirmed` (仅已确认): the sum of its children whose
 * consolidated report is signed off; its own report and unconfirmed children are pending.
 */
function confirmedFigures(form: Form, own: NodeFigures, children: NodeFigures[]) {
  const values: ScaledValues = exactValues(form, {});
  let included = 0;
  for (const c of children) {
    if (!c.confirmed) continue;
    included += c.submitted;
    for (const [k, v] of Object.entries(c.vals)) values[k] = (values[k] ?? 0n) + v;
  }
  return {
    values,
    included,
    pending: own.submitted - included,
    missing: own.units - own.submitted,
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
  const own =
    include === "confirmed"
      ? confirmedFigures(form, read.own, read.children)
      : figuresOf(form, read.own, include);
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
      confirmed: c.confirmed === true,
    })),
    rules,
  };
}
