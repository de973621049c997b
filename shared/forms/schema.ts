import * as z from "zod/mini";
import en from "zod/v4/locales/en.js";

// zod/mini loads no locale: English, so zod's own messages read as they do with classic zod (the
// Worker loads it) wherever these schemas run, the pane included.
z.config(en());

/**
 * The shape of a form definition file (shared/forms/definitions/*.json). Everything else (cells,
 * value schemas, rules, worksheet layout, API payloads, rollups) is derived from one of these.
 */

/** Characters of a short title: a sheet name is at most 31, and 「2024年 」 takes 6 of them. */
export const SHORT_TITLE_MAX = 24;

export const LabelSchema = z.strictObject({
  zh: z.string().check(z.minLength(1)),
  en: z.string().check(z.minLength(1)),
});
export type Label = z.infer<typeof LabelSchema>;

/** A unit's code as the organisation tree stores it (units.code). */
export const UnitCodeSchema = z
  .string()
  .check(
    z.regex(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/, "unit codes are 1–64 letters, digits, _ . -"),
  );

export const CellKindSchema = z.enum(["count", "amount", "change"]);
export type CellKind = z.infer<typeof CellKindSchema>;

/** An id of a definition's part (section, block, column, rubric item): lower-case words and _. */
export const IdSchema = z
  .string()
  .check(z.regex(/^[a-z][a-z0-9_]*$/, "ids are lower-case words joined by _"));
const Id = IdSchema;
const RowId = z
  .string()
  .check(z.regex(/^[a-z][a-z0-9_]*\.[a-z][a-z0-9_]*$/, "row ids are <table>.<row>"));

export const ColumnSchema = z.strictObject({
  id: Id,
  label: LabelSchema,
  /** Header labels above this column, outermost first; equal neighbours are merged. */
  path: z.optional(z.array(LabelSchema)),
  kind: z.optional(CellKindSchema),
  unit: z.optional(z.string()),
});
export type Column = z.infer<typeof ColumnSchema>;

export const RowSchema = z.strictObject({
  /** The first two segments of the row's cell ids: `<table>.<row>`. */
  id: RowId,
  label: LabelSchema,
  /** Group labels to the left of this row's label, outermost first (table 三's three levels). */
  path: z.optional(z.array(LabelSchema)),
  /** A heading row: drawn, but holds no value. */
  heading: z.optional(z.boolean()),
  /** Visual indentation of the label (single label column forms). */
  indent: z.optional(z.number().check(z.int(), z.gte(0), z.lte(4))),
  /**
   * In a block with one display column, the third cell-id segment of this row when it is not the
   * column's id (the supplement's `capacity.budget.amount` beside `capacity.bodies.count`).
   */
  cell: z.optional(Id),
  /** Only these block columns hold a value in this row (default: all). */
  columns: z.optional(z.array(Id)),
  kind: z.optional(CellKindSchema),
  unit: z.optional(z.string()),
});
export type Row = z.infer<typeof RowSchema>;

export const BlockSchema = z.strictObject({
  id: Id,
  heading: z.optional(LabelSchema),
  /** Text of the top-left header cell (e.g. 信息内容, or table 三's 勾稽 note). */
  corner: z.optional(LabelSchema),
  unitColumn: z.optional(z.boolean()),
  /** `single-row`: every row becomes a group of columns in one line (table 四). */
  orientation: z.optional(z.enum(["rows", "single-row"])),
  columns: z.array(ColumnSchema).check(z.minLength(1)),
  rows: z.array(RowSchema).check(z.minLength(1)),
});
export type Block = z.infer<typeof BlockSchema>;

export const SectionSchema = z.strictObject({
  id: Id,
  title: LabelSchema,
  /** The id of a supplement a deployment may switch off; its cells and rules go with it. */
  supplement: z.optional(Id),
  blocks: z.array(BlockSchema).check(z.minLength(1)),
});
export type Section = z.infer<typeof SectionSchema>;

/**
 * A term of a linear rule: `[-][prev:]<cell id template>`. `prev:` reads the same unit's report of
 * the previous year; `-` subtracts. Templates use `{var}` placeholders bound by `forEach`.
 */
const Term = z.string().check(z.regex(/^-?(prev:)?[a-z0-9_{}.]+$/));

export const ComparisonSchema = z.strictObject({
  left: z.array(Term),
  op: z.enum(["eq", "le", "ge", "lt", "gt"]),
  right: z.array(Term),
});
export type Comparison = z.infer<typeof ComparisonSchema>;

export const CheckSchema = z.discriminatedUnion("kind", [
  z.strictObject(
    z.extend(ComparisonSchema, {
      kind: z.literal("sum"),
      /** The single left cell is a total the parts on the right derive (fill totals, rollups). */
      derive: z.optional(z.boolean()),
    }).shape,
  ),
  z.strictObject({
    kind: z.literal("implies"),
    if: ComparisonSchema,
    then: ComparisonSchema,
  }),
  z.strictObject({
    /**
     * A copy of last year is not a report: violated when every cell of the `same` sections equals
     * last year's and, with `changed`, some cell of those sections does not (judged only when
     * last year has every cell read).
     */
    kind: z.literal("unchanged"),
    same: z.array(Id).check(z.minLength(1)),
    changed: z.optional(z.array(Id)),
  }),
  z.strictObject({
    kind: z.literal("outlier"),
    cellKind: CellKindSchema,
    factor: z.number().check(z.positive()),
    minIncrease: z.number().check(z.nonnegative()),
  }),
]);
export type Check = z.infer<typeof CheckSchema>;

export const IteratorSchema = z.union([
  z.strictObject({ columnsOf: Id }),
  z.strictObject({ rowsOf: Id }),
  z.strictObject({
    items: z.array(z.strictObject({ id: Id, label: LabelSchema })).check(z.minLength(1)),
  }),
]);
export type Iterator = z.infer<typeof IteratorSchema>;

export const RuleSchema = z.strictObject({
  id: z.string().check(z.regex(/^[A-Za-z][A-Za-z0-9_-]*$/)),
  severity: z.enum(["error", "warning"]),
  /** Rule template: one instance per combination of the iterated items. */
  forEach: z.optional(z.record(z.string().check(z.regex(/^[a-z]$/)), IteratorSchema)),
  check: CheckSchema,
  /** The cell the issue is pinned to (default: the first left term). */
  target: z.optional(z.string()),
  /** `{left}`, `{right}`, `{target}` and each `{var}` (the item's label) are substituted. */
  message: LabelSchema,
});
export type Rule = z.infer<typeof RuleSchema>;

/**
 * Where a local form applies: the subtrees rooted at these units (each root and every unit below
 * it). A unit is inside when one of these codes is on its stored path (`/460000/460100/…/`), so
 * the Worker checks it from the unit row it already reads. A form without a scope is national.
 */
export const FormScopeSchema = z.strictObject({
  units: z.array(UnitCodeSchema).check(z.minLength(1)),
  /** The locality's name, for messages (海口市). */
  label: LabelSchema,
});
export type FormScope = z.infer<typeof FormScopeSchema>;

/**
 * A form's short name, as a clerk calls it (年报统计表): the sheet tab reads 「2024年 年报统计表」
 * (shared/layout `formSheetName`), so it holds no character Excel refuses in a sheet name, neither
 * begins nor ends with an apostrophe and leaves room for the year within Excel's 31 characters.
 */
const SheetTitle = z.string().check(
  z.maxLength(SHORT_TITLE_MAX),
  // Not blank; none of []:*?/\; no space or apostrophe at either end.
  z.regex(/^[^\s[\]:*?/\\'](?:[^[\]:*?/\\]*[^\s[\]:*?/\\'])?$/),
);

export const FormDefinitionSchema = z.strictObject({
  id: z.string().check(z.regex(/^[a-z0-9-]+$/)),
  /** Bumped whenever the worksheet layout changes, so old workbooks can be recognised. */
  version: z.number().check(z.int(), z.positive()),
  title: LabelSchema,
  shortTitle: z.strictObject({ zh: SheetTitle, en: SheetTitle }),
  /** The report years this form serves (inclusive; null = open). */
  years: z.object({
    from: z.nullable(z.number().check(z.int())),
    to: z.nullable(z.number().check(z.int())),
  }),
  /** Absent: a national form. Present: a local form, additional to the national one. */
  scope: z.optional(FormScopeSchema),
  units: z.record(z.string(), LabelSchema),
  supplements: z.optional(z.array(z.strictObject({ id: Id, label: LabelSchema }))),
  sections: z.array(SectionSchema).check(z.minLength(1)),
  /** The few figures a per-unit breakdown shows (分单位 sheet), in order. */
  keyFigures: z.array(z.string()).check(z.minLength(1)),
  rules: z.array(RuleSchema),
});
export type FormDefinition = z.infer<typeof FormDefinitionSchema>;
