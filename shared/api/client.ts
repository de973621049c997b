/**
 * The one client of the Worker API (the add-in, the e2e tests, the scripts and the benchmarks).
 * Every answer is parsed with its shared schema; an error answer with the shared problem schema.
 * Two faces over one list of endpoints: `createApiResults` never throws (the add-in: `network`
 * when no answer came back, so it may retry with the same Idempotency-Key; `problem` for an RFC
 * 9457 answer) and `createApiClient` throws an `ApiError` (tests and scripts).
 */
import * as z from "zod/mini";
import {
  AdminUnitsResponseSchema,
  AuditLogSchema,
  CredentialListSchema,
  UnitChangesResultSchema,
  type UnitChangeRow,
} from "./admin-ui";
import { InviteCreatedSchema, InviteRedeemedSchema } from "./invites";
import {
  API_BASE,
  CredentialCreatedSchema,
  CredentialRevokedSchema,
  FormResponseSchema,
  FormsResponseSchema,
  HistoryResponseSchema,
  MeResponseSchema,
  PeriodSchema,
  PeriodsResponseSchema,
  ProblemSchema,
  ReportSchema,
  RevisionsResponseSchema,
  RollupSchema,
  UnitsImportResponseSchema,
  type CredentialCreateBody,
  type Include,
  type PeriodCreateBody,
  type Problem,
  type ReportPutBody,
  type ReviewBody,
  type Role,
  type UnitsImportBody,
} from "./schemas";
import type { Endpoint } from "./endpoint";
import { followUpEndpoints } from "./follow-up-client";
import { reportTextsEndpoints } from "./report-texts";
import { XLSX_MEDIA_TYPE } from "./workbook";
import { AssessmentResponseSchema, type PublishFormat } from "./supervision";
import { downloadName } from "./disposition";

/**
 * The part of the platform's `fetch` the client uses. Browsers, Workers and Node all provide it;
 * declared here because shared code is compiled without any platform's types.
 */
export type FetchLike = (
  url: string,
  init: { method: string; headers: Record<string, string>; body?: string },
) => Promise<{
  ok: boolean;
  status: number;
  statusText: string;
  headers: { get(name: string): string | null };
  text(): Promise<string>;
}>;

export interface ApiClientOptions {
  /** Origin of the Worker, e.g. `https://localhost:8787` ("" = same origin). */
  origin?: string;
  token?: string;
  fetch?: FetchLike;
}

/** One answer: its parsed body and ETag, no answer at all, or a problem. */
export type ApiResult<T> =
  | { ok: true; status: number; data: T; etag: string | null }
  | { ok: false; kind: "network"; message: string }
  | { ok: false; kind: "problem"; status: number; problem: Problem };

/** A request of an endpoint: what to send, and the schema its answer must match. */

const message = (e: unknown) => (e instanceof Error ? e.message : String(e));

/** A problem for an error answer that is not problem+json (a proxy's page, an empty body). */
export function plainProblem(status: number, text: string, requestId: string | null): Problem {
  return {
    type: "about:blank",
    title: text,
    status,
    detail: text,
    detail_en: text,
    requestId: requestId ?? "",
  };
}

function parseJson(text: string): unknown {
  try {
    return text ? JSON.parse(text) : null;
  } catch {
    return null;
  }
}

/** The API's base URL at an origin (`https://x/` and `https://x` alike; "" = same origin). */
export const apiBase = (origin = "") => `${origin.replace(/\/+$/, "")}${API_BASE}`;

/** Send one request and read its answer; never throws. */
function sender(opts: ApiClientOptions) {
  const doFetch = opts.fetch ?? (globalThis as unknown as { fetch: FetchLike }).fetch;
  const base = apiBase(opts.origin);
  return async <S extends z.core.$ZodType>(e: Endpoint<S>): Promise<ApiResult<z.output<S>>> => {
    const headers: Record<string, string> = { Accept: "application/json", ...e.headers };
    if (opts.token) headers.Authorization = `Bearer ${opts.token}`;
    let body: string | undefined;
    if (e.body !== undefined) {
      headers["Content-Type"] = "application/json";
      body = JSON.stringify(e.body);
    }
    let res: Awaited<ReturnType<FetchLike>>;
    let text: string;
    try {
      res = await doFetch(`${base}${e.path}`, { method: e.method, headers, body });
      // The answer may be lost on the way: the caller may retry (with the same Idempotency-Key).
      text = await res.text();
    } catch (err) {
      return { ok: false, kind: "network", message: message(err) };
    }
    const json = parseJson(text);
    const problem = z.safeParse(ProblemSchema, json);
    // A gateway failure answered by something other than the Worker: as good as no answer.
    if ([502, 503, 504].includes(res.status) && !problem.success) {
      return { ok: false, kind: "network", message: `HTTP ${res.status}` };
    }
    if (!res.ok) {
      const p = problem.success
        ? problem.data
        : plainProblem(res.status, `HTTP ${res.status}`, res.headers.get("X-Request-Id"));
      return { ok: false, kind: "problem", status: res.status, problem: p };
    }
    const parsed = z.safeParse(e.schema, json);
    if (!parsed.success) {
      const detail = `unexpected answer to ${e.method} ${e.path}: ${parsed.error.issues
        .slice(0, 3)
        .map((i) => `${i.path.join(".")}: ${i.message}`)
        .join("; ")}`;
      return {
        ok: false,
        kind: "problem",
        status: res.status,
        problem: plainProblem(res.status, detail, res.headers.get("X-Request-Id")),
      };
    }
    return { ok: true, status: res.status, data: parsed.data, etag: res.headers.get("ETag") };
  };
}

const enc = encodeURIComponent;
const reportPath = (unit: string, form: string, year: number) =>
  `/units/${enc(unit)}/reports/${enc(form)}/${year}`;
/** Path of a published report or a rollup's totals as a file (HTML, Word). */
export const publishPath = (
  kind: "reports" | "rollups",
  unit: string,
  form: string,
  year: number,
  format: PublishFormat,
) => `/units/${enc(unit)}/${kind}/${enc(form)}/${year}?format=${format}`;
const get = <S extends z.core.$ZodType>(schema: S, path: string): Endpoint<S> => ({
  schema,
  method: "GET",
  path,
});

/** Every endpoint the clients call, as data. */
export const endpoints = {
  ...followUpEndpoints,
  ...reportTextsEndpoints,
  me: () => get(MeResponseSchema, "/me"),
  forms: () => get(FormsResponseSchema, "/forms"),
  form: (id: string) => get(FormResponseSchema, `/forms/${enc(id)}`),
  report: (unit: string, form: string, year: number) =>
    get(ReportSchema, reportPath(unit, form, year)),
  revisions: (unit: string, form: string, year: number) =>
    get(RevisionsResponseSchema, `${reportPath(unit, form, year)}/revisions`),
  /** Submit a revision; pass the ETag of the current revision once one exists. */
  putReport: (
    unit: string,
    form: string,
    year: number,
    body: ReportPutBody,
    opts: { idempotencyKey: string; ifMatch?: string | null },
  ): Endpoint<typeof ReportSchema> => ({
    schema: ReportSchema,
    method: "PUT",
    path: reportPath(unit, form, year),
    body,
    headers: {
      "Idempotency-Key": opts.idempotencyKey,
      ...(opts.ifMatch ? { "If-Match": opts.ifMatch } : {}),
    },
  }),
  /** Return, accept or reopen a report of a unit below the caller (supervisor). */
  review: (
    unit: string,
    form: string,
    year: number,
    body: ReviewBody,
    opts: { idempotencyKey?: string } = {},
  ): Endpoint<typeof ReportSchema> => ({
    schema: ReportSchema,
    method: "POST",
    path: `${reportPath(unit, form, year)}/review`,
    body,
    headers: opts.idempotencyKey ? { "Idempotency-Key": opts.idempotencyKey } : {},
  }),
  history: (unit: string, form: string, year: number) =>
    get(HistoryResponseSchema, `${reportPath(unit, form, year)}/history`),
  /** The reporting periods that apply to a unit (opened at it or an ancestor). */
  periods: (unit: string) => get(PeriodsResponseSchema, `/units/${enc(unit)}/periods`),
  rollup: (unit: string, form: string, year: number, include: Include = "submitted") =>
    get(RollupSchema, `/units/${enc(unit)}/rollups/${enc(form)}/${year}?include=${include}`),
  importUnits: (body: UnitsImportBody) => post(UnitsImportResponseSchema, "/admin/units", body),
  createCredential: (body: CredentialCreateBody & { role: Role }) =>
    post(CredentialCreatedSchema, "/admin/credentials", body),
  openPeriod: (body: PeriodCreateBody) => post(PeriodSchema, "/admin/periods", body),
  closePeriod: (id: string) => post(PeriodSchema, `/admin/periods/${enc(id)}/close`),
  revokeCredential: (id: string): Endpoint<typeof CredentialRevokedSchema> => ({
    schema: CredentialRevokedSchema,
    method: "DELETE",
    path: `/admin/credentials/${enc(id)}`,
  }),
  createInvite: (unit: string, role: Role) =>
    post(InviteCreatedSchema, "/admin/invites", { unit, role }),
  /** Needs no token: the answer holds the new credential's token. */
  redeemInvite: (code: string) => post(InviteRedeemedSchema, "/invites/redeem", { code }),
  adminUnits: () => get(AdminUnitsResponseSchema, "/admin/units"),
  unitChanges: (rows: UnitChangeRow[], dryRun = false) =>
    post(UnitChangesResultSchema, "/admin/units/changes", { rows, dryRun }),
  credentials: () => get(CredentialListSchema, "/admin/credentials"),
  auditLog: () => get(AuditLogSchema, "/admin/audit"),
  assessment: (unit: string, form: string, year: number, lang: "zh" | "en" = "zh") =>
    get(
      AssessmentResponseSchema,
      `/units/${enc(unit)}/assessments/${enc(form)}/${year}?lang=${lang}`,
    ),
};

function post<S extends z.core.$ZodType>(schema: S, path: string, body?: unknown): Endpoint<S> {
  return { schema, method: "POST", path, ...(body !== undefined ? { body } : {}) };
}

type Endpoints = typeof endpoints;
type Output<K extends keyof Endpoints> =
  ReturnType<Endpoints[K]> extends Endpoint<infer S> ? z.output<S> : never;

/** The API as results (never throws): the add-in's face. */
export type ApiResults = {
  [K in keyof Endpoints]: (...args: Parameters<Endpoints[K]>) => Promise<ApiResult<Output<K>>>;
};

export function createApiResults(opts: ApiClientOptions = {}): ApiResults {
  const send = sender(opts);
  const out: Record<string, unknown> = {};
  for (const [name, make] of Object.entries(endpoints)) {
    out[name] = (...args: unknown[]) =>
      send((make as (...a: unknown[]) => Endpoint<z.core.$ZodType>)(...args));
  }
  return out as ApiResults;
}

/** A non-2xx answer of the API (or none), with its problem+json body. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly problem: Problem,
  ) {
    super(`${status} ${problem.title}: ${problem.detail}`);
    this.name = "ApiError";
  }
}

export interface Versioned<T> {
  body: T;
  etag: string | null;
}

function unwrap<T>(r: ApiResult<T>): Versioned<T> {
  if (r.ok) return { body: r.data, etag: r.etag };
  if (r.kind === "network") throw new Error(`no answer from the API: ${r.message}`);
  throw new ApiError(r.status, r.problem);
}

/** The platform's `fetch` for binary bodies (the workbook file). */
type BinaryFetch = (
  url: string,
  init: Omit<Parameters<FetchLike>[1], "body"> & { body?: Uint8Array },
) => Promise<Awaited<ReturnType<FetchLike>> & { arrayBuffer(): Promise<ArrayBuffer> }>;

/** The checking workbook of a unit: download (bytes and file name) and upload. */
function workbookCalls(opts: ApiClientOptions) {
  const doFetch = (opts.fetch ??
    (globalThis as unknown as { fetch: unknown }).fetch) as BinaryFetch;
  const url = (unit: string, form: string, year: number) =>
    `${apiBase(opts.origin)}${reportPath(unit, form, year)}`;
  const auth: Record<string, string> = opts.token ? { Authorization: `Bearer ${opts.token}` } : {};
  const fail = async (res: Awaited<ReturnType<BinaryFetch>>) => {
    const parsed = z.safeParse(ProblemSchema, parseJson(await res.text().catch(() => "")));
    const text = res.statusText || String(res.status);
    return new ApiError(
      res.status,
      parsed.success
        ? parsed.data
        : plainProblem(res.status, text, res.headers.get("X-Request-Id")),
    );
  };
  return {
    downloadWorkbook: async (unit: string, form: string, year: number) => {
      const res = await doFetch(`${url(unit, form, year)}?format=xlsx`, {
        method: "GET",
        headers: { ...auth, Accept: XLSX_MEDIA_TYPE },
      });
      if (!res.ok) throw await fail(res);
      const filename = downloadName(res.headers.get("Content-Disposition"), `${unit}_${year}.xlsx`);
      return { bytes: new Uint8Array(await res.arrayBuffer()), filename };
    },
    /** Upload a filled workbook: stored as a new revision (201) or an ApiError (422 lists cells). */
    uploadWorkbook: async (
      unit: string,
      form: string,
      year: number,
      bytes: Uint8Array,
      o: { idempotencyKey: string; ifMatch?: string | null; overwrite?: number | null },
    ) => {
      // `overwrite`: the clerk chose 「仍用此文件覆盖」 over that current revision.
      const q = o.overwrite ? `?overwrite=${o.overwrite}` : "";
      const res = await doFetch(url(unit, form, year) + q, {
        method: "PUT",
        headers: {
          ...auth,
          Accept: "application/json",
          "Content-Type": XLSX_MEDIA_TYPE,
          "Idempotency-Key": o.idempotencyKey,
          ...(o.ifMatch ? { "If-Match": o.ifMatch } : {}),
        },
        body: bytes,
      });
      if (!res.ok) throw await fail(res);
      return {
        body: z.parse(ReportSchema, parseJson(await res.text())),
        etag: res.headers.get("ETag"),
      };
    },
  };
}

/** A small typed client of the Worker API that throws: tests and scripts. */
export function createApiClient(opts: ApiClientOptions = {}) {
  const api = createApiResults(opts);
  const body =
    <A extends unknown[], T>(f: (...a: A) => Promise<ApiResult<T>>) =>
    async (...a: A) =>
      unwrap(await f(...a)).body;
  const versioned =
    <A extends unknown[], T>(f: (...a: A) => Promise<ApiResult<T>>) =>
    async (...a: A) =>
      unwrap(await f(...a));
  const base = apiBase(opts.origin);
  return {
    me: body(api.me),
    forms: body(api.forms),
    form: body(api.form),
    getReport: versioned(api.report),
    revisions: body(api.revisions),
    putReport: versioned(api.putReport),
    review: versioned(api.review),
    history: body(api.history),
    compare: body(api.compare),
    withdraw: versioned(api.withdraw),
    signOff: body(api.signOff),
    confirmRollup: body(api.confirmRollup),
    revokeSignOff: body(api.revokeSignOff),
    lateUnits: body(api.lateUnits),
    remind: body(api.remind),
    periods: body(api.periods),
    rollup: body(api.rollup),
    /** URL of the rollup as a file (fetch it with the Authorization header). */
    rollupFileUrl: (unit: string, form: string, year: number, format: "csv" | "xlsx") =>
      `${base}/units/${enc(unit)}/rollups/${enc(form)}/${year}?format=${format}`,
    importUnits: body(api.importUnits),
    createCredential: body(api.createCredential),
    openPeriod: body(api.openPeriod),
    closePeriod: body(api.closePeriod),
    revokeCredential: body(api.revokeCredential),
    createInvite: body(api.createInvite),
    redeemInvite: body(api.redeemInvite),
    adminUnits: body(api.adminUnits),
    unitChanges: body(api.unitChanges),
    credentials: body(api.credentials),
    ...workbookCalls(opts),
    assessment: body(api.assessment),
    /** URL of the assessment as a file (fetch it with the Authorization header). */
    assessmentFileUrl: (unit: string, form: string, year: number, format: "csv" | "xlsx") =>
      `${base}/units/${enc(unit)}/assessments/${enc(form)}/${year}?format=${format}`,
    /** URL of a published report or a rollup's totals (fetch it with the Authorization header). */
    publishUrl: (...a: Parameters<typeof publishPath>) => `${base}${publishPath(...a)}`,
  };
}

export type ApiClient = ReturnType<typeof createApiClient>;
