import { z } from "zod";

/**
 * The shape of a form definition file (shared/forms/definitions/*.json). Everything else (cells,
 * value schemas, rules, worksheet layout, API payloads, rollups) is derived from one of these.
 */

export const LabelSchema = z.object({ zh: z.string().min(1), en: z.string().min(1) }).strict();
export type Label = z.infer<typeof LabelSchema>;

/** A unit's code as the organisation tree stores it (units.code). */
export const UnitCodeSchema = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/, "unit codes are 1–64 letters, digits, _ . -");

export const CellKindSchema = z.enum(["count", "amount", "change"]);
export type CellKind = z.infer<typeof CellKindSchema>;

/** An id of a definition's part (section, block, column, rubric item): lower-case words and _. */
export const IdSchema = z
  .string()
  .regex(/^[a-z][a-z0-9_]*$/, "ids are lower-case words joined by _");
const Id = IdSchema;
const RowId = z.string().regex(/^[a-z][a-z0-9_]*\.[a-z][a-z0-9_]*$/, "row ids are <table>.<row>");

export const ColumnSchema = z
  .object({
    id: Id,
    label: LabelSchema,
    /** Header labels above this column, outermost first; equal neighbours are merged. */
    path: z.array(LabelSchema).optional(),
    kind: CellKindSchema.optional(),
    unit: z.string().optional(),
  })
  .strict();
export type Column = z.infer<typeof ColumnSchema>;

export const RowSchema = z
  .object({
    /** The first two segments of the row's cell ids: `<table>.<row>`. */
    id: RowId,
    label: LabelSchema,
    /** Group labels to the left of this row's label, outermost first (table 三's three levels). */
    path: z.array(LabelSchema).optional(),
    /** A heading row: drawn, but holds no value. */
    heading: z.boolean().optional(),
    /** Visual indentation of the label (single label column forms). */
    indent: z.number().int().min(0).max(4).optional(),
    /**
     * In a block with one display column, the third cell-id segment of this row when it is not the
     * column's id (the supplement's `capacity.budget.amount` beside `capacity.bodies.count`).
     */
    cell: Id.optional(),
    /** Only these block columns hold a value in this row (default: all). */
    columns: z.array(Id).optional(),
    kind: CellKindSchema.optional(),
    unit: z.string().optional(),
  })
  .strict();
export type Row = z.infer<typeof RowSchema>;

export const BlockSchema = z
  .object({
    id: Id,
    heading: LabelSchema.optional(),
    /** Text of the top-left header cell (e.g. 信息内容, or table 三's 勾稽 note). */
    corner: LabelSchema.optional(),
    unitColumn: z.boolean().optional(),
    /** `single-row`: every row becomes a group of columns in one line (table 四). */
    orientation: z.enum(["rows", "single-row"]).optional(),
    columns: z.array(ColumnSchema).min(1),
    rows: z.array(RowSchema).min(1),
  })
  .strict();
export type Block = z.infer<typeof BlockSchema>;

export const SectionSchema = z
  .object({
    id: Id,
    title: LabelSchema,
    /** The id of a supplement a deployment may switch off; its cells and rules go with it. */
    supplement: Id.optional(),
    blocks: z.array(BlockSchema).min(1),
  })
  .strict();
export type Section = z.infer<typeof SectionSchema>;

/**
 * A term of a linear rule: `[-][prev:]<cell id template>`. `prev:` reads the same unit's report of
 * the previous year; `-` subtracts. Templates use `{var}` placeholders bound by `forEach`.
 */
const Term = z.string().regex(/^-?(prev:)?[a-z0-9_{}.]+$/);

export const ComparisonSchema = z
  .object({
    left: z.array(Term),
    op: z.enum(["eq", "le", "ge", "lt", "gt"]),
    right: z.array(Term),
  })
  .strict();
export type Comparison = z.infer<typeof ComparisonSchema>;

export const CheckSchema = z.discriminatedUnion("kind", [
  ComparisonSchema.extend({
    kind: z.literal("sum"),
    /** The single left cell is a total the parts on the right derive (fill totals, rollups). */
    derive: z.boolean().optional(),
  }).strict(),
  z
    .object({
      kind: z.literal("implies"),
      if: ComparisonSchema,
      then: ComparisonSchema,
    })
    .strict(),
  z
    .object({
      kind: z.literal("outlier"),
      cellKind: CellKindSchema,
      factor: z.number().positive(),
      minIncrease: z.number().nonnegative(),
    })
    .strict(),
]);
export type Check = z.infer<typeof CheckSchema>;

export const IteratorSchema = z.union([
  z.object({ columnsOf: Id }).strict(),
  z.object({ rowsOf: Id }).strict(),
  z.object({ items: z.array(z.object({ id: Id, label: LabelSchema }).strict()).min(1) }).strict(),
]);
export type Iterator = z.infer<typeof IteratorSchema>;

export const RuleSchema = z
  .object({
    id: z.string().regex(/^[A-Za-z][A-Za-z0-9_-]*$/),
    severity: z.enum(["error", "warning"]),
    /** Rule template: one instance per combination of the iterated items. */
    forEach: z.record(z.string().regex(/^[a-z]$/), IteratorSchema).optional(),
    check: CheckSchema,
    /** The cell the issue is pinned to (default: the first left term). */
    target: z.string().optional(),
    /** `{left}`, `{right}`, `{target}` and each `{var}` (the item's label) are substituted. */
    message: LabelSchema,
  })
  .strict();
export type Rule = z.infer<typeof RuleSchema>;

/**
 * Where a local form applies: the subtrees rooted at these units (each root and every unit below
 * it). A unit is inside when one of these codes is on its stored path (`/460000/460100/…/`), so
 * the Worker checks it from the unit row it already reads. A form without a scope is national.
 */
export const FormScopeSchema = z
  .object({
    units: z.array(UnitCodeSchema).min(1),
    /** The locality's name, for messages (海口市). */
    label: LabelSchema,
  })
  .strict();
export type FormScope = z.infer<typeof FormScopeSchema>;

export const FormDefinitionSchema = z
  .object({
    id: z.string().regex(/^[a-z0-9-]+$/),
    /** Bumped whenever the worksheet layout changes, so old workbooks can be recognised. */
    version: z.number().int().positive(),
    title: LabelSchema,
    /** The report years this form serves (inclusive; null = open). */
    years: z.object({ from: z.number().int().nullable(), to: z.number().int().nullable() }),
    /** Absent: a national form. Present: a local form, additional to the national one. */
    scope: FormScopeSchema.optional(),
    units: z.record(z.string(), LabelSchema),
    supplements: z.array(z.object({ id: Id, label: LabelSchema }).strict()).optional(),
    sections: z.array(SectionSchema).min(1),
    /** The few figures a per-unit breakdown shows (分单位 sheet), in order. */
    keyFigures: z.array(z.string()).min(1),
    rules: z.array(RuleSchema),
  })
  .strict();
export type FormDefinition = z.infer<typeof FormDefinitionSchema>;
