/**
 * The API as an OpenAPI 3.1 document, generated from the same zod schemas the Worker validates
 * with (`z.toJSONSchema`), and a route table kept beside them. The Worker serves it at
 * `GET /api/v1/openapi.json`; a test holds the table to the routes the Worker registers.
 */
import * as z from "zod/mini";
import type * as zc from "zod/v4/core";
import { HealthResponseSchema } from "./health";
import * as A from "./admin-ui";
import * as I from "./invites";
import { PROBLEM_TYPES, problemType, type ProblemSlug } from "./problems";
import * as S from "./schemas";
import * as T from "./report-texts";
import * as V from "./supervision";

type Method = "get" | "put" | "post" | "delete";

interface Param {
  name: string;
  description: string;
}

export interface RouteDoc {
  method: Method;
  /** OpenAPI path below `/api/v1`, parameters as `{name}`. */
  path: string;
  summary: string;
  /** No bearer token needed. */
  public?: boolean;
  query?: (Param & { values?: readonly string[] })[];
  headers?: (Param & { required?: boolean })[];
  /** Request body schema (JSON unless `bodyTypes` says otherwise). */
  body?: zc.$ZodType;
  bodyTypes?: string[];
  /** Success status and body (a schema, or a media type for files). */
  ok: { status: number; schema?: zc.$ZodType; types?: string[]; description: string };
  problems: ProblemSlug[];
}

const UNIT = { name: "code", description: "Unit code" };
const FORM = { name: "form", description: "Form id (`gov-2021`, …)" };
const YEAR = { name: "year", description: "Report year, four digits" };
const KEY = { name: "Idempotency-Key", description: "1–200 visible ASCII characters" };
const AUTH: ProblemSlug[] = ["unauthenticated", "rate-limited"];
const UNIT_READ: ProblemSlug[] = [...AUTH, "forbidden", "not-found"];
const FORM_YEAR: ProblemSlug[] = ["invalid-year", "unknown-form", "year-not-served"];
const BODY: ProblemSlug[] = [
  "malformed-json",
  "invalid-body",
  "invalid-encoding",
  "incomplete-body",
  "body-too-large",
  "unsupported-media-type",
];
/** Problems of every write to a report (PUT, review). */
const REPORT_WRITE: ProblemSlug[] = [
  ...UNIT_READ,
  ...FORM_YEAR,
  ...BODY,
  "idempotency-key-required",
  "idempotency-key-reused",
];
const REPORT = "/units/{code}/reports/{form}/{year}";
const PUBLISH_TYPES = [
  "text/html",
  "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
];
const PUBLISH_QUERY = (formats: string[]) => [
  { name: "format", description: "Output format", values: formats },
  { name: "lang", description: "Labels of a published report (html, docx)", values: ["zh", "en"] },
];

export const ROUTES: RouteDoc[] = [
  {
    method: "get",
    path: "/openapi.json",
    summary: "This document",
    public: true,
    ok: { status: 200, types: ["application/json"], description: "OpenAPI 3.1" },
    problems: [],
  },
  {
    method: "get",
    path: "/health",
    summary: "The server's version, applied migrations and clock",
    public: true,
    ok: { status: 200, schema: HealthResponseSchema, description: "Healthy" },
    problems: ["unavailable"],
  },
  {
    method: "get",
    path: "/me",
    summary: "The caller's unit (with its path from the root) and role",
    ok: { status: 200, schema: S.MeResponseSchema, description: "The caller" },
    problems: AUTH,
  },
  {
    method: "get",
    path: "/forms",
    summary: "The form catalogue",
    ok: { status: 200, schema: S.FormsResponseSchema, description: "Forms" },
    problems: AUTH,
  },
  {
    method: "get",
    path: "/forms/{form}",
    summary: "A form's definition and worksheet layouts",
    ok: { status: 200, schema: S.FormResponseSchema, description: "The form" },
    problems: [...AUTH, "unknown-form"],
  },
  {
    method: "get",
    path: REPORT,
    summary:
      "The current report with its workflow state (ETag: its revision), or published (html, docx); with Accept of .xlsx or ?format=xlsx, the unit's checking workbook",
    query: PUBLISH_QUERY(["json", "html", "docx"]),
    ok: {
      status: 200,
      schema: S.ReportSchema,
      types: PUBLISH_TYPES,
      description: "The current report (html: a page to publish; docx: a Word document)",
    },
    problems: [
      ...UNIT_READ,
      ...FORM_YEAR,
      "report-not-found",
      "form-not-in-scope",
      "invalid-format",
    ],
  },
  {
    method: "put",
    path: REPORT,
    summary: "Submit a revision (clerk of the unit); validated by the shared engine",
    headers: [
      { ...KEY, required: true },
      { name: "If-Match", description: "ETag of the current revision, once one exists" },
    ],
    body: S.ReportPutBodySchema,
    ok: { status: 201, schema: S.ReportSchema, description: "The stored revision" },
    problems: [
      ...REPORT_WRITE,
      "validation-failed",
      "supplement-not-collected",
      "report-locked",
      "no-open-period",
      "precondition-failed",
      "precondition-required",
      // The checking workbook uploaded as .xlsx (Content-Type of a spreadsheet).
      "unsupported-file",
      "workbook-mismatch",
      "workbook-cell-invalid",
      "workbook-out-of-bounds",
      "workbook-name-invalid",
    ],
  },
  {
    method: "get",
    path: `${REPORT}/history`,
    summary: "Every workflow transition of the report, oldest first",
    ok: { status: 200, schema: S.HistoryResponseSchema, description: "Events" },
    problems: [...UNIT_READ, ...FORM_YEAR],
  },
  {
    method: "get",
    path: `${REPORT}/revisions`,
    summary: "Every stored revision, newest first",
    ok: { status: 200, schema: S.RevisionsResponseSchema, description: "Revisions" },
    problems: [...UNIT_READ, ...FORM_YEAR, "report-not-found"],
  },
  {
    method: "post",
    path: `${REPORT}/review`,
    summary: "Return, accept or reopen the report (supervisor of a strict ancestor)",
    headers: [KEY],
    body: S.ReviewBodySchema,
    ok: { status: 200, schema: S.ReportSchema, description: "The reviewed report" },
    problems: [
      ...REPORT_WRITE,
      "report-not-found",
      "illegal-transition",
      "stale-revision",
      "reason-required",
      "unknown-cell",
      "remark-empty",
      "unknown-issue",
      "explanation-rejected",
    ],
  },
  {
    method: "get",
    path: `${REPORT}/revisions/compare`,
    summary:
      "The cells, 说明 and remark answers that changed between two revisions (default: since the revision last returned)",
    query: [
      { name: "from", description: "Revision compared from (default: the one last returned)" },
      { name: "to", description: "Revision compared to (default: the current one)" },
    ],
    ok: { status: 200, schema: S.RevisionCompareSchema, description: "The changes" },
    problems: [...UNIT_READ, ...FORM_YEAR, "report-not-found", "invalid-revision"],
  },
  {
    method: "post",
    path: `${REPORT}/withdraw`,
    summary: "Withdraw (撤回) a submitted report no one has reviewed yet (clerk of the unit)",
    headers: [KEY],
    body: S.WithdrawBodySchema,
    ok: { status: 200, schema: S.ReportSchema, description: "The withdrawn report" },
    problems: [
      ...REPORT_WRITE,
      "report-not-found",
      "illegal-transition",
      "stale-revision",
      "reason-required",
    ],
  },
  {
    method: "get",
    path: "/units/{code}/rollups/{form}/{year}/sign-off",
    summary:
      "Whether the unit's consolidated report is signed off (汇总确认), and why not any more",
    ok: { status: 200, schema: S.SignOffSchema, description: "The sign-off" },
    problems: [...UNIT_READ, ...FORM_YEAR, "form-not-in-scope"],
  },
  {
    method: "post",
    path: "/units/{code}/rollups/{form}/{year}/sign-off",
    summary:
      "Sign off the unit's consolidated report (a supervisor of the unit itself); 200 when it already is",
    ok: { status: 201, schema: S.SignOffSchema, description: "The sign-off in force" },
    problems: [...UNIT_READ, ...FORM_YEAR, "form-not-in-scope", "sign-off-stale"],
  },
  {
    method: "post",
    path: "/units/{code}/rollups/{form}/{year}/sign-off/withdraw",
    summary:
      "Take back the unit's sign-off (撤销确认, a supervisor of the unit itself, optional reason); the state as it is when none is in force",
    body: S.SignOffRevokeBodySchema,
    ok: { status: 200, schema: S.SignOffSchema, description: "The sign-off, no longer in force" },
    problems: [...UNIT_READ, ...FORM_YEAR, ...BODY, "form-not-in-scope"],
  },
  {
    method: "get",
    path: "/units/{code}/reminders/{form}/{year}",
    summary:
      "The units below still to report (催报): contacts, days to or past the due date, reminders sent",
    ok: { status: 200, schema: S.LateUnitsResponseSchema, description: "Units to remind" },
    problems: [...UNIT_READ, ...FORM_YEAR, "form-not-in-scope"],
  },
  {
    method: "post",
    path: "/units/{code}/reminders/{form}/{year}",
    summary:
      "Remind units below (a supervisor): recorded, and sent through the installation's robot webhook if one is configured",
    headers: [{ ...KEY, required: true }],
    body: S.ReminderBodySchema,
    ok: { status: 201, schema: S.ReminderSchema, description: "The reminder as recorded and sent" },
    problems: [
      ...UNIT_READ,
      ...FORM_YEAR,
      ...BODY,
      "form-not-in-scope",
      "idempotency-key-required",
      "idempotency-key-reused",
      "not-chased",
    ],
  },
  {
    method: "get",
    path: "/units/{code}/periods",
    summary: "The reporting periods that apply to a unit",
    ok: { status: 200, schema: S.PeriodsResponseSchema, description: "Periods" },
    problems: UNIT_READ,
  },
  {
    method: "get",
    path: "/units/{code}/rollups/{form}/{year}",
    summary: "The consolidated figures of a unit's subtree (JSON, CSV or xlsx)",
    query: [
      ...PUBLISH_QUERY(["json", "csv", "xlsx", "html", "docx"]),
      {
        name: "completeness",
        description: "Units listed",
        values: S.CompletenessModeSchema.options,
      },
      { name: "include", description: "Reports summed", values: S.IncludeSchema.options },
    ],
    ok: {
      status: 200,
      schema: S.RollupSchema,
      types: [
        "text/csv",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        ...PUBLISH_TYPES,
      ],
      description:
        "The rollup (values are exact decimals, see worker/README.md); html/docx: its totals published",
    },
    problems: [
      ...UNIT_READ,
      ...FORM_YEAR,
      "invalid-format",
      "invalid-completeness",
      "invalid-include",
      "subtree-too-large",
      "form-not-in-scope",
    ],
  },
  {
    method: "get",
    path: "/units/{code}/assessments/{form}/{year}",
    summary: "The assessment (考核) of the units directly below a unit (JSON, CSV or xlsx)",
    query: [
      { name: "format", description: "Output format", values: V.AssessmentFormatSchema.options },
    ],
    ok: {
      status: 200,
      schema: V.AssessmentResponseSchema,
      types: ["text/csv", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"],
      description: "The units scored and ranked, with the rubric that scored them",
    },
    problems: [...UNIT_READ, ...FORM_YEAR, "invalid-format", "form-not-in-scope"],
  },
  {
    method: "put",
    path: "/units/{code}/assessments/{form}/{year}/manual",
    summary: "A supervisor scores a manual item of a unit directly below, with a reason",
    body: V.ManualScoreBodySchema,
    ok: {
      status: 200,
      schema: V.AssessmentResponseSchema,
      description: "The assessment, rescored",
    },
    problems: [...UNIT_READ, ...FORM_YEAR, ...BODY, "manual-score-invalid"],
  },
  {
    method: "get",
    path: "/units/{code}/rubrics/{form}/{year}",
    summary: "The rubric in force at a unit (its own or the nearest ancestor's, else the default)",
    ok: { status: 200, schema: V.RubricInForceSchema, description: "The rubric and its version" },
    problems: [...UNIT_READ, ...FORM_YEAR],
  },
  {
    method: "put",
    path: "/admin/rubrics",
    summary: "An admin sets the rubric of its subtree for a form and year (a new version, audited)",
    body: V.RubricPutBodySchema,
    ok: { status: 201, schema: V.RubricVersionSchema, description: "The stored version" },
    problems: [...AUTH, "forbidden", "not-found", ...BODY, "unknown-form", "year-not-served"],
  },
  {
    method: "post",
    path: "/admin/units",
    summary: "Import units (JSON or CSV `code,name,parent_code`); idempotent on code",
    body: S.UnitsImportBodySchema,
    bodyTypes: ["application/json", "text/csv"],
    ok: {
      status: 201,
      schema: S.UnitsImportResponseSchema,
      description: "Created (200: none new)",
    },
    problems: [
      ...AUTH,
      "forbidden",
      ...BODY,
      "csv-header",
      "csv-row",
      "csv-quote",
      "unit-import-invalid",
      "unit-conflict",
    ],
  },
  {
    method: "post",
    path: "/admin/periods",
    summary: "Open (or update) a reporting period at a unit",
    body: S.PeriodCreateBodySchema,
    ok: { status: 201, schema: S.PeriodSchema, description: "Opened (200: unchanged or updated)" },
    problems: [...AUTH, "forbidden", "not-found", ...BODY, "unknown-form", "year-not-served"],
  },
  {
    method: "post",
    path: "/admin/periods/{id}/close",
    summary: "Close a reporting period",
    ok: { status: 200, schema: S.PeriodSchema, description: "The closed period" },
    problems: [...AUTH, "forbidden", "not-found"],
  },
  {
    method: "post",
    path: "/admin/credentials",
    summary: "Create a credential for a unit (the token is shown once)",
    body: S.CredentialCreateBodySchema,
    ok: { status: 201, schema: S.CredentialCreatedSchema, description: "The new credential" },
    problems: [...AUTH, "forbidden", "unit-inactive", ...BODY],
  },
  {
    method: "delete",
    path: "/admin/credentials/{id}",
    summary: "Revoke a credential",
    ok: { status: 200, schema: S.CredentialRevokedSchema, description: "Revoked" },
    problems: [...AUTH, "forbidden", "not-found"],
  },
  {
    method: "get",
    path: "/admin/units",
    summary: "The units of the caller's subtree (a root's admin: every unit), parents first",
    ok: { status: 200, schema: A.AdminUnitsResponseSchema, description: "The units" },
    problems: [...AUTH, "forbidden"],
  },
  {
    method: "post",
    path: "/admin/units/changes",
    summary:
      "Preview (`dryRun`) or apply a unit sheet's rows in one transaction: added, renamed, moved, deactivated; errors per row",
    body: A.UnitChangesBodySchema,
    ok: {
      status: 200,
      schema: A.UnitChangesResultSchema,
      description: "The changes and row errors",
    },
    problems: [...AUTH, "forbidden", ...BODY, "unit-import-invalid"],
  },
  {
    method: "get",
    path: "/admin/credentials",
    summary: "The credentials of the caller's subtree (no secrets), newest first",
    ok: { status: 200, schema: A.CredentialListSchema, description: "The credentials" },
    problems: [...AUTH, "forbidden"],
  },
  {
    method: "get",
    path: "/admin/audit",
    summary:
      "The audit log of the caller's subtree, newest first (?format=xlsx: the 审计日志 sheet; ?before=<at>: older lines)",
    ok: { status: 200, schema: A.AuditLogSchema, description: "The audit lines" },
    problems: [...AUTH, "forbidden", "invalid-format"],
  },
  {
    method: "post",
    path: "/admin/invites",
    summary: "Issue a single-use invite code for a unit and role (valid 14 days; shown once)",
    body: I.InviteCreateBodySchema,
    ok: { status: 201, schema: I.InviteCreatedSchema, description: "The invite code" },
    problems: [...AUTH, "forbidden", "not-found", ...BODY],
  },
  {
    method: "post",
    path: "/invites/redeem",
    summary: "Redeem an invite code for a credential (once; rate-limited per client address)",
    public: true,
    body: I.InviteRedeemBodySchema,
    ok: { status: 201, schema: I.InviteRedeemedSchema, description: "The new credential's token" },
    problems: ["rate-limited", "not-found", ...BODY],
  },
  ...reportDocumentRoutes(),
];

function jsonSchema(schema: zc.$ZodType, io: "input" | "output"): Record<string, unknown> {
  const out = z.toJSONSchema(schema, { io, unrepresentable: "any" }) as Record<string, unknown>;
  delete out.$schema;
  return out;
}

function parameters(r: RouteDoc): unknown[] {
  const path = [...r.path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!);
  const known: Record<string, Param> = { code: UNIT, form: FORM, year: YEAR };
  return [
    ...path.map((name) => ({
      name,
      in: "path",
      required: true,
      description: known[name]?.description ?? name,
      schema: { type: "string" },
    })),
    ...(r.query ?? []).map((q) => ({
      name: q.name,
      in: "query",
      description: q.description,
      schema: { type: "string", ...(q.values ? { enum: q.values } : {}) },
    })),
    ...(r.headers ?? []).map((h) => ({
      name: h.name,
      in: "header",
      required: h.required ?? false,
      description: h.description,
      schema: { type: "string" },
    })),
  ];
}

function responses(r: RouteDoc): Record<string, unknown> {
  const content: Record<string, unknown> = {};
  if (r.ok.schema) content["application/json"] = { schema: jsonSchema(r.ok.schema, "output") };
  for (const type of r.ok.types ?? []) content[type] ??= { schema: {} };
  const out: Record<string, unknown> = {
    [r.ok.status]: { description: r.ok.description, content },
  };
  for (const slug of r.problems) {
    const status = String(PROBLEM_TYPES[slug].status);
    const entry = (out[status] ??= {
      description: "",
      content: { "application/problem+json": { schema: { $ref: "#/components/schemas/Problem" } } },
    }) as { description: string };
    const line = `\`${problemType(slug)}\`: ${PROBLEM_TYPES[slug].title.en}`;
    entry.description = entry.description ? `${entry.description}; ${line}` : line;
  }
  return out;
}

function operation(r: RouteDoc): Record<string, unknown> {
  const op: Record<string, unknown> = {
    summary: r.summary,
    operationId: `${r.method}_${r.path
      .replace(/[{}]/g, "")
      .replace(/[^A-Za-z0-9]+/g, "_")
      .replace(/^_|_$/g, "")}`,
    parameters: parameters(r),
    responses: responses(r),
  };
  if (r.public) op.security = [];
  if (r.body) {
    const schema = jsonSchema(r.body, "input");
    const types = r.bodyTypes ?? ["application/json"];
    op.requestBody = {
      required: true,
      content: Object.fromEntries(
        types.map((t) => [t, t === "text/csv" ? { schema: { type: "string" } } : { schema }]),
      ),
    };
  }
  return op;
}

/** The OpenAPI 3.1 document of the API under `server` (e.g. `/api/v1`). */
export function openApiDocument(server = S.API_BASE): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const r of ROUTES) (paths[r.path] ??= {})[r.method] = operation(r);
  return {
    openapi: "3.1.0",
    info: {
      title: "xxgk-tables API",
      version: "1",
      description:
        "Fill in, check and consolidate the statistics tables of the annual government-information-disclosure report. Errors are RFC 9457 problem+json, zh-CN `detail` first with `detail_en`.",
    },
    servers: [{ url: server }],
    security: [{ bearer: [] }],
    paths,
    components: {
      securitySchemes: {
        bearer: { type: "http", scheme: "bearer", bearerFormat: "<id>.<secret>" },
      },
      schemas: { Problem: jsonSchema(S.ProblemSchema, "output") },
    },
  };
}

/** The annual report's texts and documents (issue 26). */
function reportDocumentRoutes(): RouteDoc[] {
  const ROLLUP = "/units/{code}/rollups/{form}/{year}";
  const DOC_QUERY = [
    { name: "format", description: "docx (default) or html", values: ["docx", "html"] },
    { name: "lang", description: "Language of the document", values: ["zh", "en"] },
  ];
  const DOC: ProblemSlug[] = [...UNIT_READ, ...FORM_YEAR, "no-report-structure", "invalid-format"];
  const WRITE: ProblemSlug[] = [...UNIT_READ, ...FORM_YEAR, ...BODY, "no-report-structure"];
  return [
    {
      method: "get",
      path: `${REPORT}/texts`,
      summary:
        "The annual report's texts (the clerk's sections), their status and the report's structure",
      ok: {
        status: 200,
        schema: T.ReportTextsSchema,
        description: "The current texts (revision 0: none yet)",
      },
      problems: [...UNIT_READ, ...FORM_YEAR, "no-report-structure", "form-not-in-scope"],
    },
    {
      method: "put",
      path: `${REPORT}/texts`,
      summary:
        "Save (draft) or submit the texts (a clerk of the unit; a supervisor for its own consolidated report); unchanged texts store nothing",
      headers: [{ name: "If-Match", description: "ETag of the texts the writer started from" }],
      body: T.TextsPutBodySchema,
      ok: {
        status: 201,
        schema: T.ReportTextsSchema,
        description: "The stored revision (200: nothing changed)",
      },
      problems: [...WRITE, "unknown-text", "precondition-failed", "stale-revision"],
    },
    {
      method: "post",
      path: `${REPORT}/texts/review`,
      summary: "Return (with a remark) or accept submitted texts (a supervisor of an ancestor)",
      body: T.TextsReviewBodySchema,
      ok: { status: 201, schema: T.ReportTextsSchema, description: "The texts after the decision" },
      problems: [...WRITE, "illegal-transition", "reason-required", "stale-revision"],
    },
    {
      method: "get",
      path: `${REPORT}/document`,
      summary:
        "The annual report document of a unit: its figures' sentences and tables, and its texts",
      query: DOC_QUERY,
      ok: {
        status: 200,
        types: PUBLISH_TYPES,
        description: "The document (.docx or an HTML page)",
      },
      problems: [...DOC, "report-not-found", "form-not-in-scope"],
    },
    {
      method: "get",
      path: `${ROLLUP}/document`,
      summary: "The consolidated annual report of a node (its rollup's figures and its own texts)",
      query: DOC_QUERY,
      ok: {
        status: 200,
        types: PUBLISH_TYPES,
        description: "The document (.docx or an HTML page)",
      },
      problems: DOC,
    },
    {
      method: "get",
      path: `${ROLLUP}/documents`,
      summary:
        "Every unit's annual report below a node: a zip of .docx files and an index.html with each status",
      query: [DOC_QUERY[1]!],
      ok: { status: 200, types: ["application/zip"], description: "The zip" },
      problems: [...DOC, "subtree-too-large"],
    },
  ];
}
