import {
  FormDefinitionSchema,
  type Block,
  type CellKind,
  type Comparison,
  type FormDefinition,
  type FormScope,
  type Label,
  type Rule,
  type Section,
} from "./schema";

/** One input cell of a form, with everything the layout, messages and validators need. */
export interface CellDef {
  id: string;
  /** Position in `Form.cells`; rule instances refer to cells by this index. */
  index: number;
  section: string;
  block: string;
  rowId: string;
  columnId: string;
  kind: CellKind;
  unit: Label;
  rowLabel: Label;
  columnLabel: Label | null;
  /** What a message calls this cell: row label, plus the column label where there are several. */
  label: Label;
  supplement: string | null;
}

export interface TermRef {
  cell: string;
  index: number;
  coef: 1 | -1;
  prev: boolean;
}

export interface CompiledComparison {
  left: TermRef[];
  op: Comparison["op"];
  right: TermRef[];
}

export type CompiledCheck =
  | ({ kind: "sum"; derive: boolean } & CompiledComparison)
  | { kind: "implies"; if: CompiledComparison; then: CompiledComparison }
  | { kind: "outlier"; cell: TermRef; factor: number; minIncrease: number }
  /** Every `same` cell equals last year's (and some `changed` cell does not). */
  | { kind: "unchanged"; same: TermRef[]; changed: TermRef[] };

/** One concrete rule after its template variables are bound. */
export interface RuleInstance {
  rule: string;
  /** Stable key of this instance (`N1:requests.handled_total.natural`); explanations use it. */
  key: string;
  severity: Rule["severity"];
  target: string;
  /** Every this-year cell the rule reads, target first. */
  cells: string[];
  /** Labels bound to the template variables, for the messages. */
  vars: Record<string, Label>;
  check: CompiledCheck;
  message: Label;
  /** Supplements whose cells the instance reads: it is skipped when one is not collected. */
  supplements: string[];
  /** True when the instance reads last year's values. */
  crossYear: boolean;
}

export interface Form {
  id: string;
  version: number;
  title: Label;
  /** The form as a clerk calls it (年报统计表): its sheet tab (shared/layout `formSheetName`). */
  shortTitle: Label;
  years: FormDefinition["years"];
  /** The subtrees a local form is limited to; null for a national form. */
  scope: FormScope | null;
  definition: FormDefinition;
  cells: CellDef[];
  cellById: ReadonlyMap<string, CellDef>;
  rules: RuleInstance[];
  units: FormDefinition["units"];
  keyFigures: string[];
}

export class FormDefinitionError extends Error {
  constructor(form: string, message: string) {
    super(`form ${form}: ${message}`);
    this.name = "FormDefinitionError";
  }
}

const KIND_DEFAULT_UNIT: Record<CellKind, Label> = {
  count: { zh: "件", en: "cases" },
  amount: { zh: "万元", en: "10k yuan" },
  change: { zh: "项", en: "items" },
};

function joinLabels(row: Label, column: Label | null): Label {
  if (!column) return row;
  return { zh: `${row.zh}(${column.zh})`, en: `${row.en} (${column.en})` };
}

/** The display columns of a row that hold a value, in block order. */
export function rowColumns(block: Block, row: Block["rows"][number]): Block["columns"] {
  if (row.heading) return [];
  if (!row.columns) return block.columns;
  const wanted = new Set(row.columns);
  return block.columns.filter((c) => wanted.has(c.id));
}

/** The cell id stored at a row × display column. */
export function cellIdOf(row: Block["rows"][number], column: Block["columns"][number]): string {
  return `${row.id}.${row.cell ?? column.id}`;
}

function buildCells(def: FormDefinition): CellDef[] {
  const cells: CellDef[] = [];
  const seen = new Set<string>();
  const unitOf = (key: string | undefined, kind: CellKind): Label => {
    if (key === undefined) return KIND_DEFAULT_UNIT[kind];
    const unit = def.units[key];
    if (!unit) throw new FormDefinitionError(def.id, `unknown unit "${key}"`);
    return unit;
  };
  for (const section of def.sections) {
    for (const block of section.blocks) {
      const several = block.columns.length > 1;
      for (const row of block.rows) {
        for (const column of rowColumns(block, row)) {
          const id = cellIdOf(row, column);
          if (seen.has(id)) throw new FormDefinitionError(def.id, `duplicate cell id ${id}`);
          seen.add(id);
          const kind = column.kind ?? row.kind ?? "count";
          const columnLabel = several ? column.label : null;
          cells.push({
            id,
            index: cells.length,
            section: section.id,
            block: block.id,
            rowId: row.id,
            columnId: column.id,
            kind,
            unit: unitOf(column.unit ?? row.unit, kind),
            rowLabel: row.label,
            columnLabel,
            label: joinLabels(row.label, columnLabel),
            supplement: section.supplement ?? null,
          });
        }
      }
    }
  }
  return cells;
}

interface Binding {
  id: string;
  label: Label;
}

function iteratorItems(def: FormDefinition, rule: Rule, name: string): Binding[] {
  const spec = rule.forEach?.[name];
  if (!spec) return [];
  if ("items" in spec) return spec.items;
  const blockId = "columnsOf" in spec ? spec.columnsOf : spec.rowsOf;
  const block = findBlock(def.sections, blockId);
  if (!block) throw new FormDefinitionError(def.id, `rule ${rule.id}: no block "${blockId}"`);
  if ("columnsOf" in spec) return block.columns.map((c) => ({ id: c.id, label: c.label }));
  const rows = block.rows.filter((r) => !r.heading);
  return rows.map((r) => ({ id: r.id, label: r.label }));
}

function findBlock(sections: Section[], id: string): Block | undefined {
  for (const s of sections) for (const b of s.blocks) if (b.id === id) return b;
  return undefined;
}

/** Every combination of the rule's template variables. */
function bindings(def: FormDefinition, rule: Rule): Record<string, Binding>[] {
  let out: Record<string, Binding>[] = [{}];
  for (const name of Object.keys(rule.forEach ?? {})) {
    const items = iteratorItems(def, rule, name);
    out = out.flatMap((b) => items.map((item) => ({ ...b, [name]: item })));
  }
  return out;
}

function substitute(template: string, binding: Record<string, Binding>): string {
  return template.replace(/\{([a-z])\}/g, (whole, name: string) => binding[name]?.id ?? whole);
}

function compileTerm(
  def: FormDefinition,
  byId: Map<string, CellDef>,
  rule: Rule,
  term: string,
  binding: Record<string, Binding>,
): TermRef {
  let rest = substitute(term, binding);
  let coef: 1 | -1 = 1;
  if (rest.startsWith("-")) {
    coef = -1;
    rest = rest.slice(1);
  }
  const prev = rest.startsWith("prev:");
  if (prev) rest = rest.slice(5);
  const cell = byId.get(rest);
  if (!cell) throw new FormDefinitionError(def.id, `rule ${rule.id}: unknown cell ${rest}`);
  return { cell: rest, index: cell.index, coef, prev };
}

function compileComparison(
  def: FormDefinition,
  byId: Map<string, CellDef>,
  rule: Rule,
  c: Comparison,
  binding: Record<string, Binding>,
): CompiledComparison {
  const term = (t: string) => compileTerm(def, byId, rule, t, binding);
  return { left: c.left.map(term), op: c.op, right: c.right.map(term) };
}

function instanceFor(
  rule: Rule,
  check: CompiledCheck,
  target: string,
  terms: TermRef[],
  binding: Record<string, Binding>,
  byId: Map<string, CellDef>,
): RuleInstance {
  const current = terms.filter((t) => !t.prev).map((t) => t.cell);
  const cells = [target, ...current.filter((c) => c !== target)];
  const unique = [...new Set(cells)];
  const supplements = [
    ...new Set(
      unique.map((c) => byId.get(c)?.supplement).filter((s): s is string => typeof s === "string"),
    ),
  ];
  const vars: Record<string, Label> = {};
  for (const [name, b] of Object.entries(binding)) vars[name] = b.label;
  return {
    rule: rule.id,
    key: `${rule.id}:${target}`,
    severity: rule.severity,
    target,
    cells: unique,
    vars,
    check,
    message: rule.message,
    supplements,
    crossYear: terms.some((t) => t.prev),
  };
}

/** The cells of some sections, in cell order (a section's cells are contiguous). */
function sectionTerms(def: FormDefinition, byId: Map<string, CellDef>, rule: Rule, ids: string[]) {
  for (const id of ids) {
    if (!def.sections.some((s) => s.id === id)) {
      throw new FormDefinitionError(def.id, `rule ${rule.id}: unknown section "${id}"`);
    }
  }
  return [...byId.values()]
    .filter((c) => ids.includes(c.section))
    .map((c): TermRef => ({ cell: c.id, index: c.index, coef: 1, prev: false }));
}

function compileUnchanged(
  def: FormDefinition,
  byId: Map<string, CellDef>,
  rule: Rule,
  check: Extract<Rule["check"], { kind: "unchanged" }>,
): RuleInstance {
  const same = sectionTerms(def, byId, rule, check.same);
  const changed = sectionTerms(def, byId, rule, check.changed ?? []);
  const target = rule.target ?? same[0]?.cell;
  if (!target || !byId.has(target)) {
    throw new FormDefinitionError(def.id, `rule ${rule.id}: no target cell`);
  }
  const read = [...same, ...changed];
  const terms = [...read, ...read.map((t) => ({ ...t, prev: true }))];
  const inst = instanceFor(rule, { kind: "unchanged", same, changed }, target, terms, {}, byId);
  inst.vars = { target: byId.get(target)!.label };
  return inst;
}

function compileRule(def: FormDefinition, byId: Map<string, CellDef>, rule: Rule): RuleInstance[] {
  const check = rule.check;
  if (check.kind === "unchanged") return [compileUnchanged(def, byId, rule, check)];
  if (check.kind === "outlier") {
    return [...byId.values()]
      .filter((c) => c.kind === check.cellKind)
      .map((c) => {
        const ref: TermRef = { cell: c.id, index: c.index, coef: 1, prev: false };
        const compiled: CompiledCheck = {
          kind: "outlier",
          cell: ref,
          factor: check.factor,
          minIncrease: check.minIncrease,
        };
        const inst = instanceFor(rule, compiled, c.id, [ref, { ...ref, prev: true }], {}, byId);
        inst.vars = { target: c.label };
        return inst;
      });
  }
  return bindings(def, rule).map((binding) => {
    let compiled: CompiledCheck;
    let terms: TermRef[];
    if (check.kind === "sum") {
      const cmp = compileComparison(def, byId, rule, check, binding);
      if (check.derive && (cmp.left.length !== 1 || cmp.op !== "eq" || cmp.left[0]?.prev)) {
        throw new FormDefinitionError(def.id, `rule ${rule.id}: derive needs one left cell, eq`);
      }
      compiled = { kind: "sum", derive: check.derive === true, ...cmp };
      terms = [...cmp.left, ...cmp.right];
    } else {
      const cond = compileComparison(def, byId, rule, check.if, binding);
      const then = compileComparison(def, byId, rule, check.then, binding);
      compiled = { kind: "implies", if: cond, then };
      terms = [...then.left, ...then.right, ...cond.left, ...cond.right];
    }
    const first = terms.find((t) => !t.prev);
    const target = rule.target ? substitute(rule.target, binding) : first?.cell;
    if (!target || !byId.has(target)) {
      throw new FormDefinitionError(def.id, `rule ${rule.id}: no target cell`);
    }
    const inst = instanceFor(rule, compiled, target, terms, binding, byId);
    const targetDef = byId.get(target);
    if (targetDef) inst.vars = { target: targetDef.label, ...inst.vars };
    return inst;
  });
}

/** Parse and compile one definition; a definition error is a bug in the data and throws. */
export function compileForm(raw: unknown): Form {
  const def = FormDefinitionSchema.parse(raw);
  const cells = buildCells(def);
  const byId = new Map(cells.map((c) => [c.id, c]));
  const rules = def.rules.flatMap((r) => compileRule(def, byId, r));
  for (const id of def.keyFigures) {
    if (!byId.has(id)) throw new FormDefinitionError(def.id, `key figure ${id} is not a cell`);
  }
  const keys = new Set<string>();
  for (const r of rules) {
    if (keys.has(r.key)) throw new FormDefinitionError(def.id, `duplicate rule instance ${r.key}`);
    keys.add(r.key);
  }
  return {
    id: def.id,
    version: def.version,
    title: def.title,
    shortTitle: def.shortTitle,
    years: def.years,
    scope: def.scope ?? null,
    definition: def,
    cells,
    cellById: byId,
    rules,
    units: def.units,
    keyFigures: def.keyFigures,
  };
}

export function servesYear(form: Pick<Form, "years">, year: number): boolean {
  const { from, to } = form.years;
  return (from === null || year >= from) && (to === null || year <= to);
}

/** The report years a form serves, in words ("2019–2020", "2018 年及以前", "2021 onwards"). */
export function yearsText(form: Pick<Form, "years">, lang: "zh" | "en"): string {
  const { from, to } = form.years;
  if (from === null && to === null) return lang === "zh" ? "所有年度" : "every year";
  if (from === null) return lang === "zh" ? `${to} 年及以前` : `${to} and earlier`;
  if (to === null) return lang === "zh" ? `${from} 年及以后` : `${from} onwards`;
  return `${from}–${to}`;
}
