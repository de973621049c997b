/**
 * Pure: a rollup from the API → the tables a supervisor reads (汇总, 分单位, 报送情况, and the rules
 * failing most), as header labels and plain values, zh-CN or en-US. The xlsx export, the CSV export
 * and the add-in draw these, so the three show the same columns with the same words; how a table
 * is drawn (fills for a row's tone, number formats for a column's type, widths) stays with each.
 */
import type { CompletenessEntry, Rollup, RollupChild, RuleFailures } from "../api/schemas";
import { fillTemplate } from "../engine/format";
import type { Form } from "../forms/model";
import type { CellKind, Label } from "../forms/schema";
import { ROLLUP_LABELS, type RollupLabel } from "./labels";

export { ROLLUP_LABELS } from "./labels";

export type Lang = keyof Label;

/** The sheets of a pulled or exported rollup (the same names in either language). */
export const ROLLUP_SHEETS = { summary: "汇总", byUnit: "分单位", status: "报送情况" } as const;

/**
 * One value of a table: text, a number, or an empty cell. The Worker's exports render exact sums
 * (scaled BigInts, ×10⁴, beyond 2^53) and draw them as exact decimals; the pane renders numbers.
 */
export type RollupValue = string | number | bigint | null;

export interface RollupColumn {
  /** Stable across languages: `code`, `status`, `total`, `child:<code>`, `cell:<cell id>`, … */
  key: string;
  label: string;
  /** How its numbers read: `by-row` takes the row's cell kind (汇总, one cell per row). */
  type: "text" | "integer" | "amount" | "by-row";
  /** Suggested width in characters. */
  width: number;
}

/** Why a row stands out: drawers give each tone a fill (missing red, returned amber, …). */
export type RowTone = "missing" | "returned" | "accepted" | "late" | "total";

/** A row's tone as a cell fill: the same colours in the pane's sheets and the xlsx export. */
export const TONE_FILL: Partial<Record<RowTone, string>> = {
  missing: "#FFC7CE",
  returned: "#FFEB9C",
  late: "#FFEB9C",
  accepted: "#C6EFCE",
};

export interface RollupRow {
  values: RollupValue[];
  tone?: RowTone;
  /** 报送情况: the unit's depth below the rollup's unit (for indenting the name). */
  depth?: number;
  /** 汇总: the kind of the row's cell (number format of its `by-row` columns). */
  kind?: CellKind;
}

export interface RollupTable {
  title: string;
  columns: RollupColumn[];
  rows: RollupRow[];
}

export interface RollupTables {
  /** What the figures include: the unit line of the official form on the 汇总 sheet. */
  caption: string;
  /** One row per cell of the form: the consolidated value and each child's subtotal. */
  summary: RollupTable;
  /** One row per child with its counts and key figures, then the rollup unit's total. */
  byUnit: RollupTable;
  /** Every listed unit with its status and timeliness. */
  status: RollupTable;
  /** Rules failing in most units (drawn below 报送情况). */
  rules: RollupTable;
}

export interface RollupRenderOptions {
  lang: Lang;
  /** How a submission time reads (the pane: the user's clock); default the ISO string itself. */
  time?: (iso: string) => string;
}

/** A figure of a rollup: a number from the API, or the Worker's exact scaled BigInt. */
export type Figure = number | bigint;

/**
 * The head of a rollup: everything but the (possibly streamed) completeness list, its figures
 * numbers (the API's JSON) or exact scaled BigInts (the Worker's exports).
 */
export type RollupHead<V extends Figure = number> = Omit<
  Rollup,
  "completeness" | "completenessMode" | "values" | "children"
> & {
  values: Record<string, V>;
  children: (Omit<RollupChild, "values"> & { values: Record<string, V> })[];
};

/** What a consolidated figure includes. */
export interface Counts {
  /** Units whose report is in the figures. */
  included: number;
  /** Reports in the subtree not in the figures (submitted or returned with include=accepted). */
  pending: number;
  /** Units without a report. */
  missing: number;
}

const word = (key: RollupLabel, lang: Lang, vars: Record<string, string | number> = {}) =>
  fillTemplate(
    ROLLUP_LABELS[key][lang],
    Object.fromEntries(Object.entries(vars).map(([k, v]) => [k, String(v)])),
  );

const col = (
  key: string,
  label: string,
  type: RollupColumn["type"],
  width: number,
): RollupColumn => ({ key, label, type, width });

/** Columns named by their label key: `[key, type, width]`. */
type ColumnSpec = [RollupLabel, RollupColumn["type"], number];
const labelled = (lang: Lang, specs: ColumnSpec[]) =>
  specs.map(([key, type, width]) => col(key, word(key, lang), type, width));

const BY_UNIT_COLUMNS: ColumnSpec[] = [
  ["code", "text", 14],
  ["name", "text", 30],
  ["units", "integer", 8],
  ["submitted", "integer", 8],
  ["included", "integer", 8],
  ["pending", "integer", 8],
  ["missing", "integer", 8],
];

const STATUS_COLUMNS: ColumnSpec[] = [
  ["code", "text", 14],
  ["name", "text", 30],
  ["parent", "text", 14],
  ["depth", "integer", 6],
  ["status", "text", 8],
  ["timeliness", "text", 8],
  ["revision", "integer", 6],
  ["submittedAt", "text", 22],
  ["errors", "integer", 6],
  ["warnings", "integer", 6],
  ["contact", "text", 24],
  ["deadline", "text", 12],
  ["reminded", "text", 24],
];

const RULES_COLUMNS: ColumnSpec[] = [
  ["rule", "text", 8],
  ["failing", "integer", 8],
  ["codes", "text", 30],
  ["ruleText", "text", 60],
];

/** What the figures of a rollup include; an older server's counts are mapped onto the three. */
export function countsOf(r: {
  included?: number;
  pending?: number;
  missing?: number;
  submitted: number;
  units: number;
}): Counts {
  return {
    included: r.included ?? r.submitted,
    pending: r.pending ?? 0,
    missing: r.missing ?? r.units - r.submitted,
  };
}

/** A completeness entry's status and timeliness (older servers: submitted / missing only). */
export function entryStatus(u: CompletenessEntry): {
  status: CompletenessEntry["status"];
  timeliness: "on_time" | "late" | "missing";
} {
  const status = u.status;
  const timeliness =
    u.timeliness ?? (status === "missing" ? "missing" : u.late ? "late" : "on_time");
  return { status, timeliness };
}

/** What a rule checks, from its first instance's message (figures left out). */
export function ruleText(form: Form, rule: string, lang: Lang): string {
  const inst = form.rules.find((r) => r.rule === rule);
  if (!inst) return "";
  return inst.message[lang].replace(/\{(\w+)\}/g, (_, v: string) =>
    inst.vars[v] ? inst.vars[v]![lang] : "…",
  );
}

/** The unit line of the 汇总 sheet: which reports the figures include, and who is missing. */
export function rollupCaption<V extends Figure>(r: RollupHead<V>, lang: Lang): string {
  const n = countsOf(r);
  const include = word(
    r.include === "accepted"
      ? "includeAccepted"
      : r.include === "confirmed"
        ? "includeConfirmed"
        : "includeSubmitted",
    lang,
  );
  return word("caption", lang, { name: r.unit.name, include, units: r.units, ...n });
}

const unitOf = (u: { name: string; code: string }) => ({ name: u.name, code: u.code });

/** 汇总 as a table: every cell of the form, the consolidated value, each child's subtotal. */
export function summaryTable<V extends Figure>(
  form: Form,
  r: RollupHead<V>,
  lang: Lang,
): RollupTable {
  const columns = [
    ...labelled(lang, [
      ["cell", "text", 34],
      ["item", "text", 40],
      ["measure", "text", 8],
    ]),
    col("total", word("total", lang, unitOf(r.unit)), "by-row", 16),
    ...r.children.map((c) => col(`child:${c.code}`, word("child", lang, unitOf(c)), "by-row", 16)),
  ];
  const rows = form.cells.map((cell): RollupRow => ({
    kind: cell.kind,
    values: [
      cell.id,
      cell.label[lang],
      cell.unit[lang],
      r.values[cell.id] ?? 0,
      ...r.children.map((c) => c.values[cell.id] ?? 0),
    ],
  }));
  return { title: word("summaryTitle", lang), columns, rows };
}

/** 分单位: each child's counts and key figures, then the rollup unit's total. */
export function byUnitTable<V extends Figure>(
  form: Form,
  r: RollupHead<V>,
  lang: Lang,
): RollupTable {
  const keys = form.keyFigures.flatMap((id) => form.cellById.get(id) ?? []);
  const columns = [
    ...labelled(lang, BY_UNIT_COLUMNS),
    ...keys.map((c) =>
      col(`cell:${c.id}`, c.label[lang], c.kind === "amount" ? "amount" : "integer", 16),
    ),
    // 汇总确认 of each child (已确认 / 未确认), when the server says (migration 0009).
    ...(r.children.some((c) => c.confirmed !== undefined)
      ? [col("confirmed", word("confirmed", lang), "text", 10)]
      : []),
  ];
  const signed = columns.some((c) => c.key === "confirmed");
  const line = (
    code: string,
    name: string,
    u: { units: number; submitted: number; values: Record<string, V> },
    n: Counts,
  ): RollupValue[] => [
    code,
    name,
    u.units,
    u.submitted,
    n.included,
    n.pending,
    n.missing,
    ...keys.map((c) => u.values[c.id] ?? 0),
  ];
  const confirmed = (c: { confirmed?: boolean }): RollupValue[] =>
    signed ? [word(c.confirmed ? "confirmedYes" : "confirmedNo", lang)] : [];
  const rows: RollupRow[] = r.children.map((c) => ({
    values: [...line(c.code, c.name, c, countsOf(c)), ...confirmed(c)],
  }));
  const totalName = word("totalRow", lang, { name: r.unit.name });
  rows.push({
    values: [...line(r.unit.code, totalName, r, countsOf(r)), ...(signed ? [null] : [])],
    tone: "total",
  });
  return { title: word("byUnitTitle", lang), columns, rows };
}

/** The columns of 报送情况 (also the header line of a streamed CSV). */
export function statusColumns(lang: Lang): RollupColumn[] {
  return labelled(lang, STATUS_COLUMNS);
}

const TONE: Partial<Record<CompletenessEntry["status"], RowTone>> = {
  missing: "missing",
  returned: "returned",
  withdrawn: "returned",
  accepted: "accepted",
};

/** One unit of 报送情况 (a streamed CSV renders the list page by page with this). */
export function statusRow(u: CompletenessEntry, opts: RollupRenderOptions): RollupRow {
  const { status, timeliness } = entryStatus(u);
  const time = opts.time ?? ((iso: string) => iso);
  const tone = TONE[status] ?? (timeliness === "late" ? "late" : undefined);
  return {
    depth: u.depth,
    ...(tone ? { tone } : {}),
    values: [
      u.code,
      u.name,
      u.parent,
      u.depth,
      word(`status_${status}`, opts.lang),
      word(`timeliness_${timeliness}`, opts.lang),
      u.revision,
      u.submittedAt === null ? null : time(u.submittedAt),
      u.errors,
      u.warnings,
      u.contact ?? null,
      deadline(u.daysLeft, opts.lang),
      reminded(u.reminders, time, opts.lang),
    ],
  };
}

/** Days to or past the due date of a unit still to report: 还有 3 天 / 今天截止 / 已逾期 5 天. */
function deadline(days: number | null | undefined, lang: Lang): string | null {
  if (days === null || days === undefined) return null;
  if (days === 0) return word("deadline_today", lang);
  return days > 0
    ? word("deadline_left", lang, { n: days })
    : word("deadline_over", lang, { n: -days });
}

/** The reminders sent to a unit (催报): how many and the last one's time; none: blank. */
function reminded(
  r: CompletenessEntry["reminders"],
  time: (iso: string) => string,
  lang: Lang,
): string | null {
  if (!r || r.count === 0) return null;
  return word("reminded_count", lang, { n: r.count, last: r.last === null ? "" : time(r.last) });
}

/**
 * 报送情况: every listed unit with its status, timeliness, revision and issue counts, and for a
 * unit still to report its contact, days to or past the due date and the reminders it was sent.
 */
export function statusTable(
  entries: readonly CompletenessEntry[],
  opts: RollupRenderOptions,
): RollupTable {
  return {
    title: word("statusTitle", opts.lang),
    columns: statusColumns(opts.lang),
    rows: entries.map((u) => statusRow(u, opts)),
  };
}

/** The rules the subtree's current revisions fail, with what each checks. */
export function rulesTable(
  form: Form,
  rules: readonly RuleFailures[] | undefined,
  lang: Lang,
): RollupTable {
  return {
    title: word("rulesTitle", lang),
    columns: labelled(lang, RULES_COLUMNS),
    rows: (rules ?? []).map((f) => ({
      values: [f.rule, f.units, f.codes.join(", "), ruleText(form, f.rule, lang)],
    })),
  };
}

/** Every table of a rollup. */
export function renderRollup(form: Form, r: Rollup, opts: RollupRenderOptions): RollupTables {
  return {
    caption: rollupCaption(r, opts.lang),
    summary: summaryTable(form, r, opts.lang),
    byUnit: byUnitTable(form, r, opts.lang),
    status: statusTable(r.completeness, opts),
    rules: rulesTable(form, r.rules, opts.lang),
  };
}

/** The header line of a table: its column labels. */
export const headerOf = (t: RollupTable): string[] => t.columns.map((c) => c.label);
