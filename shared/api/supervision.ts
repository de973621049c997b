import { z } from "zod";
import { AssessmentSchema } from "../assessment/score";
import { ManualScoreSchema } from "../assessment/facts";
import { RubricSchema } from "../assessment/rubric";
import { BulletinOptionsSchema } from "../assessment/bulletin";
import { UnitCodeSchema } from "../forms/schema";
import { PublishLangSchema } from "../publish/tables";

/**
 * API schemas of what supervisors do with the figures (issue 14): assessments, rubrics, manual
 * scores and the published report. The pure work is in shared/assessment and shared/publish;
 * these are the request and response bodies the routes parse and the OpenAPI document lists.
 */

// ------------------------------------------------------------------------------------------------
// GET /units/:code/assessments/:form/:year  (?format=json|csv|xlsx; supervisor of the unit or above)

export const AssessmentFormatSchema = z.enum(["json", "csv", "xlsx"]);

/** The units directly below `:code`, scored and ranked, with the rubric that scored them. */
export const AssessmentResponseSchema = AssessmentSchema;
export type AssessmentResponse = z.infer<typeof AssessmentResponseSchema>;

// ------------------------------------------------------------------------------------------------
// PUT /admin/rubrics  (admin of the unit: the rubric of a subtree for one form and year; each
// change is a new version, audited)

export const RubricPutBodySchema = z
  .object({
    unit: UnitCodeSchema,
    form: z.string().min(1).max(64),
    year: z.number().int().min(1900).max(9999),
    rubric: RubricSchema,
  })
  .strict();
export type RubricPutBody = z.infer<typeof RubricPutBodySchema>;

export const RubricVersionSchema = z.object({
  unit: z.object({ code: z.string(), name: z.string() }),
  form: z.string(),
  year: z.number().int(),
  /** 1 for the first rubric set at this unit for the form and year, then 2, 3 … */
  version: z.number().int().positive(),
  rubric: RubricSchema,
  setAt: z.string(),
  setBy: z.string(),
});
export type RubricVersion = z.infer<typeof RubricVersionSchema>;

/** GET /units/:code/rubrics/:form/:year: the rubric in force and the version it comes from (null: the default). */
export const RubricInForceSchema = z.object({
  rubric: RubricSchema,
  version: RubricVersionSchema.nullable(),
});
export type RubricInForce = z.infer<typeof RubricInForceSchema>;

// ------------------------------------------------------------------------------------------------
// PUT /units/:code/assessments/:form/:year/manual  (supervisor of a strict ancestor of `unit`)

export const ManualScoreBodySchema = z
  .object({
    /** The assessed unit (a unit directly below the supervisor's). */
    unit: UnitCodeSchema,
    /** A `manual` item of the rubric (checkManualScore says why another one is refused). */
    item: z.string().min(1).max(64),
  })
  .extend(ManualScoreSchema.shape)
  .strict();
export type ManualScoreBody = z.infer<typeof ManualScoreBodySchema>;

// ------------------------------------------------------------------------------------------------
// The bulletin (通报) is generated where it is shown (the pane's 通报 sheet) from the assessment.

export { BulletinOptionsSchema };

// ------------------------------------------------------------------------------------------------
// GET /units/:code/reports/:form/:year?format=html|docx and GET …/rollups/…?format=html|docx

export const PublishFormatSchema = z.enum(["html", "docx"]);
export type PublishFormat = z.infer<typeof PublishFormatSchema>;

/** `?lang=zh|en` (default zh) for the published report's labels. */
export const PublishQuerySchema = z
  .object({ format: PublishFormatSchema, lang: PublishLangSchema.default("zh") })
  .strict();
export type PublishQuery = z.infer<typeof PublishQuerySchema>;
