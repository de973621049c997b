/**
 * The report as a checking workbook (`GET`/`PUT /units/:code/reports/:form/:year` with the .xlsx
 * media type): what a 422 `workbook-cell-invalid` problem lists, and the workbook's identity in
 * a 422 `workbook-mismatch`.
 */
import * as z from "zod/mini";

export { XLSX_MEDIA_TYPE } from "./media-types";

/** An input cell holding something other than a number (`E27 「(一)予以公开」: 「十二」不是数字`). */
export const WorkbookCellProblemSchema = z.object({
  cell: z.string(),
  /** A1 address on the form sheet. */
  address: z.string(),
  label: z.string(),
  value: z.string(),
  message: z.object({ zh: z.string(), en: z.string() }),
});
export type WorkbookCellProblem = z.infer<typeof WorkbookCellProblemSchema>;

/** What a workbook says it is (its `XXGK_META` rows). */
export const WorkbookIdentitySchema = z.object({
  form: z.nullable(z.string()),
  year: z.nullable(z.number()),
  unitCode: z.nullable(z.string()),
  revision: z.nullable(z.number()),
});
export type WorkbookIdentity = z.infer<typeof WorkbookIdentitySchema>;

/** The extensions of the upload's 422 problems. */
export const WorkbookProblemExtensionsSchema = z.object({
  cells: z.optional(z.array(WorkbookCellProblemSchema)),
  workbook: z.optional(WorkbookIdentitySchema),
});
