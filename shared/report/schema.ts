import * as z from "zod/mini";
import { IdSchema, LabelSchema } from "../forms/schema";

/**
 * The shape of a report structure file (shared/forms/reports/<form>.json): the parts of the
 * 政府信息公开工作年度报告 a form belongs to, in order, and what each part holds: sentences
 * generated from the figures, the form's tables, and the texts the clerk writes. Adding a form's
 * report is adding one of these files; the renderers, the editor and the checks read it.
 */

/**
 * A sentence template per language. `{cell id}` prints the figure as the tables print it;
 * `{cell id:change}` the year-on-year clause against last year's stored report (left out when
 * there is none); `{cell id|one|many}` (en) the figure and the word for one or for many.
 */
const TemplateSchema = z.strictObject({ zh: z.string(), en: z.string() });
export type Template = z.infer<typeof TemplateSchema>;

export const SentenceSchema = z.strictObject({
  kind: z.literal("sentence"),
  id: IdSchema,
  /** Tried in order; the first whose cells are all 0 (`allZero`) or that has no condition wins. */
  variants: z
    .array(
      z.strictObject({
        allZero: z.optional(z.array(z.string()).check(z.minLength(1))),
        text: TemplateSchema,
      }),
    )
    .check(z.minLength(1)),
});

export const TableBlockSchema = z.strictObject({
  kind: z.literal("table"),
  /** The form's section id (its table). */
  section: IdSchema,
  /** Drawn only when one of its cells is not 0 (a supplement a deployment may not collect). */
  onlyWithFigures: z.optional(z.boolean()),
});

export const TextBlockSchema = z.strictObject({
  kind: z.literal("text"),
  /** The text's id in the stored texts (`overview.proactive`). */
  id: z.string().check(z.regex(/^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)?$/)),
  /** A sub-heading printed above the text ((一)主动公开); none: the part's own text. */
  heading: z.optional(LabelSchema),
  /** What the clerk is asked to write, shown in the editor. */
  hint: LabelSchema,
  /** An empty required text is reported as missing. */
  required: z.boolean(),
  /** Sentences printed at the start of this sub-part, before what the clerk wrote. */
  lead: z.optional(z.array(SentenceSchema)),
});

export const BlockSchema = z.discriminatedUnion("kind", [
  SentenceSchema,
  TableBlockSchema,
  TextBlockSchema,
]);
export type ReportBlock = z.infer<typeof BlockSchema>;

export const PartSchema = z.strictObject({
  id: IdSchema,
  heading: LabelSchema,
  blocks: z.array(BlockSchema),
});

/**
 * Phrases that name a figure in the clerk's prose: a number written after one of them (before
 * 件/条/起…) must be that cell's value (shared/report/checks.ts).
 */
export const TermSchema = z.strictObject({
  cell: z.string(),
  zh: z.array(z.string().check(z.minLength(2))).check(z.minLength(1)),
});

export const ReportStructureSchema = z.strictObject({
  form: z.string(),
  /** `{unit}` and `{year}` are filled in. */
  title: TemplateSchema,
  /** The opening paragraph under the title (the legal basis of the report). */
  preamble: z.array(SentenceSchema),
  parts: z.array(PartSchema).check(z.minLength(1)),
  terms: z.array(TermSchema),
});
export type ReportStructure = z.infer<typeof ReportStructureSchema>;
export type ReportPart = z.infer<typeof PartSchema>;
export type SentenceBlock = z.infer<typeof SentenceSchema>;
export type TextBlock = z.infer<typeof TextBlockSchema>;
