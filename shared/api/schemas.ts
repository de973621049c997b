/**
 * The Worker's API contract (base `/api/v1`): every request and response body as a zod schema.
 * The Worker parses requests with these; the add-in types its client from them (see client.ts).
 * Rollups and admin bodies are in rollup-schemas.ts and admin-schemas.ts, re-exported here.
 */
import * as z from "zod/mini";
import { IssueSchema } from "../engine/issue";
import { FormScopeSchema } from "../forms/schema";
import {
  MAX_EXPLANATION_CHARS,
  MAX_REMARK_CHARS,
  LabelSchema,
  RoleSchema,
  UnitCodeSchema,
  UnitRefSchema,
} from "./common";

export * from "./common";
export * from "./rollup-schemas";
export * from "./admin-schemas";
export * from "./follow-up";

// ------------------------------------------------------------------------------------------------
// Problem details (RFC 9457), `application/problem+json`

export { PROBLEM_TYPE_BASE } from "./problems";

export const ProblemSchema = z.looseObject({
  /** `https://xxgk-tables.dev/problems/<slug>` */
  type: z.string(),
  /** zh-CN; `title_en` carries the English (shared/api/problems.ts lists every type). */
  title: z.string(),
  title_en: z.optional(z.string()),
  status: z.number().check(z.int()),
  /** zh-CN first; `detail_en` carries the English text. */
  detail: z.string(),
  detail_en: z.string(),
  requestId: z.string(),
  /** Validation failures (422): every issue found (errors and warnings). */
  issues: z.optional(z.array(IssueSchema)),
  /** Validation failures (422): keys of warnings that lack an explanation of ≥ 10 characters. */
  missingExplanations: z.optional(z.array(z.string())),
});
export type Problem = z.infer<typeof ProblemSchema>;

// ------------------------------------------------------------------------------------------------
// GET /me

export const MeResponseSchema = z.object({
  unit: z.object({
    code: z.string(),
    name: z.string(),
    /** Root first, ending with the unit itself. */
    path: z.array(UnitRefSchema),
  }),
  role: RoleSchema,
  credential: z.string(),
});
export type MeResponse = z.infer<typeof MeResponseSchema>;

// ------------------------------------------------------------------------------------------------
// GET /forms, GET /forms/:form

export const FormSummarySchema = z.object({
  id: z.string(),
  version: z.number().check(z.int()),
  title: LabelSchema,
  years: z.object({
    from: z.nullable(z.number().check(z.int())),
    to: z.nullable(z.number().check(z.int())),
  }),
  /** A local form's subtrees (shared/forms/scope.ts); absent or null for a national form. */
  scope: z.optional(z.nullable(FormScopeSchema)),
});
export type FormSummary = z.infer<typeof FormSummarySchema>;

export const FormsResponseSchema = z.object({ forms: z.array(FormSummarySchema) });
export type FormsResponse = z.infer<typeof FormsResponseSchema>;

export const FormResponseSchema = z.extend(FormSummarySchema, {
  /** The raw definition JSON: compile it with `compileForm` from shared/forms/model. */
  definition: z.unknown(),
  /** Worksheet layouts from shared/layout, by language, when the server provides them. */
  layouts: z.optional(z.record(z.string(), z.unknown())),
});
export type FormResponse = z.infer<typeof FormResponseSchema>;

// ------------------------------------------------------------------------------------------------
// PUT /units/:code/reports/:form/:year  (headers: Idempotency-Key required; If-Match once a
// revision exists)

export const ReportPutBodySchema = z.strictObject({
  /** cell id → number. Cells left out are stored as 0. */
  values: z.record(z.string(), z.number()),
  /** issue key (`N6:requests.carried_in.natural`) → explanation of that warning. */
  explanations: z.optional(
    z.record(z.string(), z.string().check(z.maxLength(MAX_EXPLANATION_CHARS))),
  ),
  /** Answers to open remarks of the last return: remark id → text (resolves them). */
  answers: z.optional(z.record(z.string(), z.string().check(z.maxLength(MAX_REMARK_CHARS)))),
});
export type ReportPutBody = z.infer<typeof ReportPutBodySchema>;

/**
 * The Worker's reading of a PUT body: the same shape, but `values` is any object, so the engine
 * reports each bad cell (422 `validation-failed`, per cell) instead of the body being refused.
 * The object is passed through as parsed (a `__proto__` cell stays a cell the engine reports).
 */
export const ReportPutBodyServerSchema = z.extend(ReportPutBodySchema, {
  values: z.custom<Record<string, unknown>>(
    (v) => typeof v === "object" && v !== null && !Array.isArray(v),
    { message: "values must be an object keyed by cell id" },
  ),
});
export type ReportPutBodyServer = z.infer<typeof ReportPutBodyServerSchema>;

/** Workflow statuses of a report (docs/WORKFLOW.md); `withdrawn`: taken back by its clerk. */
export const ReportStatusSchema = z.enum(["submitted", "returned", "accepted", "withdrawn"]);
export type ReportStatus = z.infer<typeof ReportStatusSchema>;

/** One stored revision of a unit's report (each of /revisions). */
export const ReportRevisionSchema = z.object({
  unit: UnitRefSchema,
  form: z.string(),
  year: z.number().check(z.int()),
  revision: z.number().check(z.int(), z.positive()),
  values: z.record(z.string(), z.number()),
  explanations: z.record(z.string(), z.string()),
  /** The warnings of this revision (a stored revision has no errors). */
  issues: z.array(IssueSchema),
  errors: z.number().check(z.int()),
  warnings: z.number().check(z.int()),
  status: ReportStatusSchema,
  /** ISO 8601 time. */
  submittedAt: z.string(),
  /** Id of the credential that submitted it. */
  credential: z.string(),
  /** sha-256 (hex) of the canonical JSON of values and explanations. */
  hash: z.string(),
  /** Stored after the due date of the unit's period. */
  late: z.boolean(),
});
export type ReportRevision = z.infer<typeof ReportRevisionSchema>;

/** A remark a supervisor pinned to a cell when returning the report. */
export const RemarkSchema = z.object({
  /** `r<number>`: the key of `answers` in the next PUT. */
  id: z.string(),
  cell: z.string(),
  text: z.string(),
  author: z.object({ name: z.string(), role: z.string() }),
  at: z.string(),
  /** The revision the remark was made on. */
  revision: z.number().check(z.int()),
  resolved: z.boolean(),
  resolution: z.nullable(z.enum(["changed", "answered"])),
  answer: z.nullable(z.string()),
});
export type Remark = z.infer<typeof RemarkSchema>;

export const ExplanationDecisionSchema = z.enum(["accepted", "rejected"]);
export type ExplanationDecision = z.infer<typeof ExplanationDecisionSchema>;

export const ExplanationReviewSchema = z.object({
  decision: ExplanationDecisionSchema,
  comment: z.optional(z.string()),
  at: z.string(),
});
export type ExplanationReview = z.infer<typeof ExplanationReviewSchema>;

/** The current report (GET, PUT result, review result) with its workflow state. */
export const ReportSchema = z.extend(ReportRevisionSchema, {
  /** The current revision of a report that was returned before (and not accepted since). */
  resubmitted: z.boolean(),
  /** `YYYY-MM-DD` (China time) of the unit's period, null when none applies. */
  dueDate: z.nullable(z.string()),
  /** Reason of the latest return, while returned or resubmitted after it. */
  returnReason: z.nullable(z.string()),
  /** Every remark ever made on the report, oldest first. */
  remarks: z.array(RemarkSchema),
  /** The decisions on the current revision's explanations, by issue key. */
  explanationReviews: z.record(z.string(), ExplanationReviewSchema),
});
export type Report = z.infer<typeof ReportSchema>;

/** `ETag: "<form>-<year>-r<revision>"` (strong, quoted). */
export function reportETag(form: string, year: number, revision: number): string {
  return `"${form}-${year}-r${revision}"`;
}

export const RevisionsResponseSchema = z.object({
  /** Newest first. */
  revisions: z.array(ReportRevisionSchema),
});
export type RevisionsResponse = z.infer<typeof RevisionsResponseSchema>;

// ------------------------------------------------------------------------------------------------
// POST /units/:code/reports/:form/:year/review  (supervisor of a strict ancestor; Idempotency-Key
// optional: with one, a retry replays the stored answer)

const ReviewTextSchema = z.string().check(z.maxLength(MAX_REMARK_CHARS));

/** A decision on each warning's 说明, keyed by the issue key (return and accept). */
const ExplanationDecisionsSchema = z.optional(
  z.record(
    z.string(),
    z.strictObject({ decision: ExplanationDecisionSchema, comment: z.optional(ReviewTextSchema) }),
  ),
);

export const ReviewBodySchema = z.discriminatedUnion("action", [
  z.strictObject({
    action: z.literal("return"),
    /** The revision being reviewed (another one → 409 stale-revision). */
    revision: z.number().check(z.int(), z.positive()),
    /** Required (blank → 422 reason-required). */
    reason: ReviewTextSchema,
    remarks: z.optional(
      z
        .array(z.strictObject({ cell: z.string(), text: ReviewTextSchema.check(z.minLength(1)) }))
        .check(z.maxLength(500)),
    ),
    explanations: ExplanationDecisionsSchema,
  }),
  z.strictObject({
    action: z.literal("accept"),
    revision: z.number().check(z.int(), z.positive()),
    /** A rejection here is 422 explanation-rejected: return the report instead. */
    explanations: ExplanationDecisionsSchema,
  }),
  z.strictObject({
    action: z.literal("reopen"),
    reason: ReviewTextSchema,
    /** Optional for reopen: when sent, another revision → 409 stale-revision. */
    revision: z.optional(z.number().check(z.int(), z.positive())),
  }),
]);
export type ReviewBody = z.infer<typeof ReviewBodySchema>;

export const ReportEventSchema = z.object({
  action: z.enum(["submit", "return", "accept", "reopen", "withdraw"]),
  from: z.nullable(ReportStatusSchema),
  to: ReportStatusSchema,
  revision: z.number().check(z.int()),
  by: z.object({ credential: z.string(), unit: UnitRefSchema, role: RoleSchema }),
  at: z.string(),
  reason: z.nullable(z.string()),
});
export type ReportEvent = z.infer<typeof ReportEventSchema>;

/** GET /units/:code/reports/:form/:year/history: every transition, oldest first. */
export const HistoryResponseSchema = z.object({ events: z.array(ReportEventSchema) });
export type HistoryResponse = z.infer<typeof HistoryResponseSchema>;

// ------------------------------------------------------------------------------------------------
// Periods: POST /admin/periods, POST /admin/periods/:id/close, GET /units/:code/periods

export const SupplementsSchema = z.object({ capacity: z.boolean() });

export const PeriodCreateBodySchema = z.strictObject({
  unit: UnitCodeSchema,
  form: z.string().check(z.minLength(1), z.maxLength(64)),
  year: z.number().check(z.int(), z.gte(1900), z.lte(9999)),
  /** `YYYY-MM-DD`, China time: revisions stored after 23:59:59 UTC+8 of that day are late. */
  dueDate: z.string().check(z.regex(/^\d{4}-\d{2}-\d{2}$/)),
  supplements: z.optional(z.strictObject(SupplementsSchema.shape)),
});
export type PeriodCreateBody = z.infer<typeof PeriodCreateBodySchema>;

export const PeriodSchema = z.object({
  id: z.string(),
  unit: UnitRefSchema,
  form: z.string(),
  year: z.number().check(z.int()),
  dueDate: z.string(),
  supplements: SupplementsSchema,
  openedAt: z.string(),
  closedAt: z.nullable(z.string()),
});
export type Period = z.infer<typeof PeriodSchema>;

export const PeriodsResponseSchema = z.object({ periods: z.array(PeriodSchema) });
export type PeriodsResponse = z.infer<typeof PeriodsResponseSchema>;
