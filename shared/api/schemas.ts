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

export const PROBLEM_TYPE_BASE = "https://xxgk-tables.dev/problems/";

export const ProblemSchema = z
  .object({
    /** `https://xxgk-tables.dev/problems/<slug>` */
    type: z.string(),
    title: z.string(),
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
  })
  .strict();
export type ReportPutBody = z.infer<typeof ReportPutBodySchema>;

export const ReportStatusSchema = z.enum(["submitted"]);

/** One stored revision of a unit's report (GET current, PUT result, and each of /revisions). */
export const ReportSchema = z.object({
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
});
export type Report = z.infer<typeof ReportSchema>;

/** `ETag: "<form>-<year>-r<revision>"` (strong, quoted). */
export function reportETag(form: string, year: number, revision: number): string {
  return `"${form}-${year}-r${revision}"`;
}

export const RevisionsResponseSchema = z.object({
  /** Newest first. */
  revisions: z.array(ReportSchema),
});
export type RevisionsResponse = z.infer<typeof RevisionsResponseSchema>;

// ------------------------------------------------------------------------------------------------
// GET /units/:code/rollups/:form/:year  (?format=json|csv|xlsx)

export const CompletenessEntrySchema = z.object({
  code: z.string(),
  name: z.string(),
  parent: z.string().nullable(),
  /** 0 for the rollup's unit, 1 for its children, … */
  depth: z.number().int(),
  status: z.enum(["submitted", "missing"]),
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
  /** Consolidated values of the child's subtree. */
  values: z.record(z.string(), z.number()),
});
export type RollupChild = z.infer<typeof RollupChildSchema>;

/**
 * `?completeness=`: `all` (default) lists every unit of the subtree; `missing` only the units that
 * have not submitted; `none` leaves the list out (counts stay), which keeps a rollup of a very
 * large subtree small and fast.
 */
export const CompletenessModeSchema = z.enum(["all", "missing", "none"]);
export type CompletenessMode = z.infer<typeof CompletenessModeSchema>;

export const RollupSchema = z.object({
  unit: UnitRefSchema,
  form: z.string(),
  year: z.number().int(),
  /** Sum of every submitted report in the subtree (the unit's own included), by cell id. */
  values: z.record(z.string(), z.number()),
  units: z.number().int(),
  submitted: z.number().int(),
  missing: z.number().int(),
  children: z.array(RollupChildSchema),
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
