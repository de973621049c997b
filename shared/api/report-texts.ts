import * as z from "zod/mini";
import { TEXT_STATUSES } from "../report/checks";
import { ReportStructureSchema } from "../report/schema";
import { UnitRefSchema } from "./common";
import type { Endpoint } from "./endpoint";

/**
 * API schemas of the annual report's texts (issue 26): what the clerk writes beside the tables,
 * stored as its own revisioned document, reviewed like a table; and the report document itself.
 */

/** A text is at most this long (characters); a report's texts together at most 8 times that. */
export const MAX_TEXT_CHARS = 20_000;

export const TextStatusSchema = z.enum(TEXT_STATUSES);

export const TextsSchema = z.record(
  z.string().check(z.regex(/^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)?$/), z.maxLength(64)),
  z.string().check(z.maxLength(MAX_TEXT_CHARS)),
);

// ------------------------------------------------------------------------------------------------
// GET /units/:code/reports/:form/:year/texts  (anyone who may read the unit's report)

export const ReportTextsSchema = z.object({
  unit: UnitRefSchema,
  form: z.string(),
  year: z.number().check(z.int()),
  /** 0 before anything was saved. */
  revision: z.number().check(z.int(), z.nonnegative()),
  /** null before anything was saved. */
  status: z.nullable(TextStatusSchema),
  texts: TextsSchema,
  /** The supervisor's remark when the texts were returned. */
  remark: z.nullable(z.string()),
  at: z.nullable(z.string()),
  /** The report's structure: its parts, the texts' headings and hints, the terms checked. */
  structure: ReportStructureSchema,
});
export type ReportTexts = z.infer<typeof ReportTextsSchema>;

/** `"texts-<revision>"`: the If-Match of the next save. */
export function textsETag(revision: number): string {
  return `"texts-${revision}"`;
}

// ------------------------------------------------------------------------------------------------
// PUT /units/:code/reports/:form/:year/texts  (a clerk of the unit; for a consolidated report, a
// supervisor of the unit itself). `submit`: hand the texts in for review; otherwise a draft.

export const TextsPutBodySchema = z.strictObject({
  texts: TextsSchema,
  submit: z.optional(z.boolean()),
});
export type TextsPutBody = z.infer<typeof TextsPutBodySchema>;

// ------------------------------------------------------------------------------------------------
// POST /units/:code/reports/:form/:year/texts/review  (a supervisor of a strict ancestor)

export const TextsReviewBodySchema = z.strictObject({
  action: z.enum(["return", "accept"]),
  /** Required to return: what to change. */
  remark: z.optional(z.string().check(z.maxLength(2000))),
});
export type TextsReviewBody = z.infer<typeof TextsReviewBodySchema>;

// ------------------------------------------------------------------------------------------------
// GET …/reports/:form/:year/document and …/rollups/:form/:year/document  (?format=docx|html,
// ?lang=zh|en); GET /units/:code/rollups/:form/:year/documents: a zip of every unit's .docx and
// an index.html with each one's status.

export const DocumentFormatSchema = z.enum(["docx", "html"]);

const enc = encodeURIComponent;
const textsPath = (unit: string, form: string, year: number) =>
  `/units/${enc(unit)}/reports/${enc(form)}/${year}/texts`;

/** The report document's path (`kind` rollups: a node's consolidated report). */
export const documentPath = (
  kind: "reports" | "rollups",
  unit: string,
  form: string,
  year: number,
  format: "docx" | "html",
  lang: "zh" | "en" = "zh",
) => `/units/${enc(unit)}/${kind}/${enc(form)}/${year}/document?format=${format}&lang=${lang}`;

/** The texts' endpoints of the API client (spread into `endpoints` of client.ts). */
export const reportTextsEndpoints = {
  texts: (unit: string, form: string, year: number): Endpoint<typeof ReportTextsSchema> => ({
    schema: ReportTextsSchema,
    method: "GET",
    path: textsPath(unit, form, year),
  }),
  /** Save (or with `submit`, hand in) the texts; `ifMatch`: the ETag they were loaded at. */
  putTexts: (
    unit: string,
    form: string,
    year: number,
    body: TextsPutBody,
    ifMatch: string | null = null,
  ): Endpoint<typeof ReportTextsSchema> => ({
    schema: ReportTextsSchema,
    method: "PUT",
    path: textsPath(unit, form, year),
    body,
    headers: ifMatch ? { "If-Match": ifMatch } : {},
  }),
  reviewTexts: (
    unit: string,
    form: string,
    year: number,
    body: TextsReviewBody,
  ): Endpoint<typeof ReportTextsSchema> => ({
    schema: ReportTextsSchema,
    method: "POST",
    path: `${textsPath(unit, form, year)}/review`,
    body,
  }),
};
