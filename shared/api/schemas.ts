import { z } from "zod";
import { IssueSchema } from "../engine/issue";

/**
 * The Worker's API contract (base `/api/v1`): every request and response body as a zod schema.
 * The Worker parses requests with these; the add-in types its client from them (see client.ts).
 */

export const API_BASE = "/api/v1";

/** Largest request body the API reads (bytes); a larger one is answered 413. */
export const MAX_BODY_BYTES = 256 * 1024;

/** A warning can be submitted only with an explanation at least this long (characters). */
export const MIN_EXPLANATION_CHARS = 10;
export const MAX_EXPLANATION_CHARS = 2000;
/** Longest remark, answer, reason or review comment (characters). */
export const MAX_REMARK_CHARS = 2000;

export const UnitCodeSchema = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/, "unit codes are 1–64 letters, digits, _ . -");

export const RoleSchema = z.enum(["clerk", "supervisor", "admin"]);
export type Role = z.infer<typeof RoleSchema>;

export const UnitRefSchema = z.object({ code: z.string(), name: z.string() });
export type UnitRef = z.infer<typeof UnitRefSchema>;

export const LabelSchema = z.object({ zh: z.string(), en: z.string() });

// ------------------------------------------------------------------------------------------------
// Problem details (RFC 9457), `application/problem+json`

export { PROBLEM_TYPE_BASE } from "./problems";

export const ProblemSchema = z
  .object({
    /** `https://xxgk-tables.dev/problems/<slug>` */
    type: z.string(),
    /** zh-CN; `title_en` carries the English (shared/api/problems.ts lists every type). */
    title: z.string(),
    title_en: z.string().optional(),
    status: z.number().int(),
    /** zh-CN first; `detail_en` carries the English text. */
    detail: z.string(),
    detail_en: z.string(),
    requestId: z.string(),
    /** Validation failures (422): every issue found (errors and warnings). */
    issues: z.array(IssueSchema).optional(),
    /** Validation failures (422): keys of warnings that lack an explanation of ≥ 10 characters. */
    missingExplanations: z.array(z.string()).optional(),
  })
  .loose();
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
  version: z.number().int(),
  title: LabelSchema,
  years: z.object({ from: z.number().int().nullable(), to: z.number().int().nullable() }),
});
export type FormSummary = z.infer<typeof FormSummarySchema>;

export const FormsResponseSchema = z.object({ forms: z.array(FormSummarySchema) });
export type FormsResponse = z.infer<typeof FormsResponseSchema>;

export const FormResponseSchema = FormSummarySchema.extend({
  /** The raw definition JSON: compile it with `compileForm` from shared/forms/model. */
  definition: z.unknown(),
  /** Worksheet layouts from shared/layout, by language, when the server provides them. */
  layouts: z.record(z.string(), z.unknown()).optional(),
});
export type FormResponse = z.infer<typeof FormResponseSchema>;

// ------------------------------------------------------------------------------------------------
// PUT /units/:code/reports/:form/:year  (headers: Idempotency-Key required; If-Match once a
// revision exists)

export const ReportPutBodySchema = z
  .object({
    /** cell id → number. Cells left out are stored as 0. */
    values: z.record(z.string(), z.number()),
    /** issue key (`N6:requests.carried_in.natural`) → explanation of that warning. */
    explanations: z.record(z.string(), z.string().max(MAX_EXPLANATION_CHARS)).optional(),
    /** Answers to open remarks of the last return: remark id → text (resolves them). */
    answers: z.record(z.string(), z.string().max(MAX_REMARK_CHARS)).optional(),
  })
  .strict();
export type ReportPutBody = z.infer<typeof ReportPutBodySchema>;

/**
 * The Worker's reading of a PUT body: the same shape, but `values` is any object, so the engine
 * reports each bad cell (422 `validation-failed`, per cell) instead of the body being refused.
 * The object is passed through as parsed (a `__proto__` cell stays a cell the engine reports).
 */
export const ReportPutBodyServerSchema = ReportPutBodySchema.extend({
  values: z.custom<Record<string, unknown>>(
    (v) => typeof v === "object" && v !== null && !Array.isArray(v),
    { message: "values must be an object keyed by cell id" },
  ),
});
export type ReportPutBodyServer = z.infer<typeof ReportPutBodyServerSchema>;

/** Workflow statuses of a report (docs/WORKFLOW.md). */
export const ReportStatusSchema = z.enum(["submitted", "returned", "accepted"]);
export type ReportStatus = z.infer<typeof ReportStatusSchema>;

/** One stored revision of a unit's report (each of /revisions). */
export const ReportRevisionSchema = z.object({
  unit: UnitRefSchema,
  form: z.string(),
  year: z.number().int(),
  revision: z.number().int().positive(),
  values: z.record(z.string(), z.number()),
  explanations: z.record(z.string(), z.string()),
  /** The warnings of this revision (a stored revision has no errors). */
  issues: z.array(IssueSchema),
  errors: z.number().int(),
  warnings: z.number().int(),
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
  revision: z.number().int(),
  resolved: z.boolean(),
  resolution: z.enum(["changed", "answered"]).nullable(),
  answer: z.string().nullable(),
});
export type Remark = z.infer<typeof RemarkSchema>;

export const ExplanationDecisionSchema = z.enum(["accepted", "rejected"]);
export type ExplanationDecision = z.infer<typeof ExplanationDecisionSchema>;

export const ExplanationReviewSchema = z.object({
  decision: ExplanationDecisionSchema,
  comment: z.string().optional(),
  at: z.string(),
});
export type ExplanationReview = z.infer<typeof ExplanationReviewSchema>;

/** The current report (GET, PUT result, review result) with its workflow state. */
export const ReportSchema = ReportRevisionSchema.extend({
  /** The current revision of a report that was returned before (and not accepted since). */
  resubmitted: z.boolean(),
  /** `YYYY-MM-DD` (China time) of the unit's period, null when none applies. */
  dueDate: z.string().nullable(),
  /** Reason of the latest return, while returned or resubmitted after it. */
  returnReason: z.string().nullable(),
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

const ReviewTextSchema = z.string().max(MAX_REMARK_CHARS);

export const ReviewBodySchema = z.discriminatedUnion("action", [
  z
    .object({
      action: z.literal("return"),
      /** The revision being reviewed (another one → 409 stale-revision). */
      revision: z.number().int().positive(),
      /** Required (blank → 422 reason-required). */
      reason: ReviewTextSchema,
      remarks: z
        .array(z.object({ cell: z.string(), text: ReviewTextSchema.min(1) }).strict())
        .max(500)
        .optional(),
      explanations: z
        .record(
          z.string(),
          z
            .object({ decision: ExplanationDecisionSchema, comment: ReviewTextSchema.optional() })
            .strict(),
        )
        .optional(),
    })
    .strict(),
  z
    .object({
      action: z.literal("accept"),
      revision: z.number().int().positive(),
      /** A rejection here is 422 explanation-rejected: return the report instead. */
      explanations: z
        .record(
          z.string(),
          z
            .object({ decision: ExplanationDecisionSchema, comment: ReviewTextSchema.optional() })
            .strict(),
        )
        .optional(),
    })
    .strict(),
  z
    .object({
      action: z.literal("reopen"),
      reason: ReviewTextSchema,
      /** Optional for reopen: when sent, another revision → 409 stale-revision. */
      revision: z.number().int().positive().optional(),
    })
    .strict(),
]);
export type ReviewBody = z.infer<typeof ReviewBodySchema>;

export const ReportEventSchema = z.object({
  action: z.enum(["submit", "return", "accept", "reopen"]),
  from: ReportStatusSchema.nullable(),
  to: ReportStatusSchema,
  revision: z.number().int(),
  by: z.object({ credential: z.string(), unit: UnitRefSchema, role: RoleSchema }),
  at: z.string(),
  reason: z.string().nullable(),
});
export type ReportEvent = z.infer<typeof ReportEventSchema>;

/** GET /units/:code/reports/:form/:year/history: every transition, oldest first. */
export const HistoryResponseSchema = z.object({ events: z.array(ReportEventSchema) });
export type HistoryResponse = z.infer<typeof HistoryResponseSchema>;

// ------------------------------------------------------------------------------------------------
// Periods: POST /admin/periods, POST /admin/periods/:id/close, GET /units/:code/periods

export const SupplementsSchema = z.object({ capacity: z.boolean() });

export const PeriodCreateBodySchema = z
  .object({
    unit: UnitCodeSchema,
    form: z.string().min(1).max(64),
    year: z.number().int().min(1900).max(9999),
    /** `YYYY-MM-DD`, China time: revisions stored after 23:59:59 UTC+8 of that day are late. */
    dueDate: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
    supplements: SupplementsSchema.strict().optional(),
  })
  .strict();
export type PeriodCreateBody = z.infer<typeof PeriodCreateBodySchema>;

export const PeriodSchema = z.object({
  id: z.string(),
  unit: UnitRefSchema,
  form: z.string(),
  year: z.number().int(),
  dueDate: z.string(),
  supplements: SupplementsSchema,
  openedAt: z.string(),
  closedAt: z.string().nullable(),
});
export type Period = z.infer<typeof PeriodSchema>;

export const PeriodsResponseSchema = z.object({ periods: z.array(PeriodSchema) });
export type PeriodsResponse = z.infer<typeof PeriodsResponseSchema>;

// ------------------------------------------------------------------------------------------------
// GET /units/:code/rollups/:form/:year  (?format=json|csv|xlsx)

/**
 * The workflow's fields of the rollup (`include`, `included`, `pending`, `rules`, each child's
 * counts, each entry's `late` / `timeliness`) are always sent by this Worker; they are optional in
 * the schemas only so that a client still reads an older server's rollup.
 */
export const CompletenessEntrySchema = z.object({
  code: z.string(),
  name: z.string(),
  parent: z.string().nullable(),
  /** 0 for the rollup's unit, 1 for its children, … */
  depth: z.number().int(),
  status: z.enum(["missing", "submitted", "returned", "accepted"]),
  /** The current revision was stored after the due date (null: no report). */
  late: z.boolean().nullable().optional(),
  timeliness: z.enum(["on_time", "late", "missing"]).optional(),
  revision: z.number().int().nullable(),
  submittedAt: z.string().nullable(),
  errors: z.number().int(),
  warnings: z.number().int(),
});
export type CompletenessEntry = z.infer<typeof CompletenessEntrySchema>;

export const RollupChildSchema = z.object({
  code: z.string(),
  name: z.string(),
  /** Units in the child's subtree (including the child). */
  units: z.number().int(),
  /** Of those, units with a submitted report. */
  submitted: z.number().int(),
  /** Consolidated values of the child's subtree (accepted reports only with include=accepted). */
  values: z.record(z.string(), z.number()),
  /** Units of the child's subtree whose report is in `values`. */
  included: z.number().int().optional(),
  /** Reports of the child's subtree not in `values` (include=accepted: submitted or returned). */
  pending: z.number().int().optional(),
  /** Units of the child's subtree without a report. */
  missing: z.number().int().optional(),
});
export type RollupChild = z.infer<typeof RollupChildSchema>;

/**
 * `?completeness=`: `all` (default) lists every unit of the subtree; `missing` only the units that
 * have not submitted; `none` leaves the list out (counts stay), which keeps a rollup of a very
 * large subtree small and fast.
 */
export const CompletenessModeSchema = z.enum(["all", "missing", "none"]);
export type CompletenessMode = z.infer<typeof CompletenessModeSchema>;

/** `?include=`: `submitted` (default) every current report; `accepted` accepted reports only. */
export const IncludeSchema = z.enum(["submitted", "accepted"]);
export type Include = z.infer<typeof IncludeSchema>;

/** How many units of the subtree fail a rule in their current revision (warnings). */
export const RuleFailuresSchema = z.object({
  rule: z.string(),
  units: z.number().int(),
  /** The failing units' codes (at most 100). */
  codes: z.array(z.string()),
});
export type RuleFailures = z.infer<typeof RuleFailuresSchema>;

export const RollupSchema = z.object({
  unit: UnitRefSchema,
  form: z.string(),
  year: z.number().int(),
  /** Sum of every submitted report in the subtree (the unit's own included), by cell id. */
  values: z.record(z.string(), z.number()),
  units: z.number().int(),
  submitted: z.number().int(),
  missing: z.number().int(),
  include: IncludeSchema.optional(),
  /** Units whose report is in `values`. */
  included: z.number().int().optional(),
  /** Reports in the subtree not in `values` (include=accepted: submitted or returned). */
  pending: z.number().int().optional(),
  children: z.array(RollupChildSchema),
  /** Rules failed by the subtree's current revisions, most failing units first. */
  rules: z.array(RuleFailuresSchema).optional(),
  /** Every unit of the subtree, depth-first, the rollup's unit first (see `completenessMode`). */
  completeness: z.array(CompletenessEntrySchema),
  /** Which units `completeness` lists (`?completeness=`; default `all`). */
  completenessMode: CompletenessModeSchema.optional(),
});
export type Rollup = z.infer<typeof RollupSchema>;

// ------------------------------------------------------------------------------------------------
// Admin

export const UnitImportRowSchema = z
  .object({
    code: UnitCodeSchema,
    name: z.string().trim().min(1).max(200),
    /** Empty / null for a root. The parent may come earlier or later in the same import. */
    parent_code: UnitCodeSchema.nullable().optional(),
  })
  .strict();
export type UnitImportRow = z.infer<typeof UnitImportRowSchema>;

/**
 * POST /admin/units: JSON `{units: [...]}` or a bare array (`application/json`), or CSV
 * `code,name,parent_code` with that header line (`text/csv`). Idempotent on code: a unit that
 * already exists with the same name and parent is left as it is; one that differs is a 409.
 */
export const UnitsImportBodySchema = z.union([
  z.object({ units: z.array(UnitImportRowSchema).min(1) }).strict(),
  z.array(UnitImportRowSchema).min(1),
]);
export type UnitsImportBody = z.infer<typeof UnitsImportBodySchema>;

/** The Worker's reading of an import body: rows are checked one by one (422 listing bad rows). */
export const UnitsImportEnvelopeSchema = z
  .union([z.object({ units: z.array(z.unknown()).min(1) }).strict(), z.array(z.unknown()).min(1)])
  .transform((b) => (Array.isArray(b) ? b : b.units));

export const UnitsImportResponseSchema = z.object({
  created: z.number().int(),
  unchanged: z.number().int(),
});
export type UnitsImportResponse = z.infer<typeof UnitsImportResponseSchema>;

export const CredentialCreateBodySchema = z
  .object({ unit: UnitCodeSchema, role: RoleSchema })
  .strict();
export type CredentialCreateBody = z.infer<typeof CredentialCreateBodySchema>;

export const CredentialCreatedSchema = z.object({
  id: z.string(),
  unit: UnitRefSchema,
  role: RoleSchema,
  /** `<id>.<secret>`: shown once, only its hash is stored. */
  token: z.string(),
  createdAt: z.string(),
});
export type CredentialCreated = z.infer<typeof CredentialCreatedSchema>;

export const CredentialRevokedSchema = z.object({
  id: z.string(),
  revokedAt: z.string(),
});
export type CredentialRevoked = z.infer<typeof CredentialRevokedSchema>;

// ------------------------------------------------------------------------------------------------
// Demo credentials file written by `npm start` (.dev/credentials.json)

export const DevCredentialsSchema = z.object({
  admin: z.string(),
  units: z.array(
    z.object({ code: z.string(), name: z.string(), role: RoleSchema, token: z.string() }),
  ),
});
export type DevCredentials = z.infer<typeof DevCredentialsSchema>;
