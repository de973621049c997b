import type { z } from "zod";
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
import { AssessmentResponseSchema, type PublishFormat } from "./supervision";

/** A non-2xx answer of the API, with its problem+json body. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly problem: Problem,
  ) {
    super(`${status} ${problem.title}: ${problem.detail}`);
    this.name = "ApiError";
  }
}

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
  json(): Promise<unknown>;
}>;

export interface ApiClientOptions {
  /** Origin of the Worker, e.g. `https://localhost:8787` ("" = same origin). */
  origin?: string;
  token?: string;
  fetch?: FetchLike;
}

export interface Versioned<T> {
  body: T;
  etag: string | null;
}

type Call = <S extends z.ZodType>(
  schema: S,
  method: string,
  path: string,
  init?: { body?: unknown; headers?: Record<string, string> },
) => Promise<Versioned<z.infer<S>>>;

/** One request: the answer parsed with its schema, or an ApiError with the problem. */
function caller(opts: ApiClientOptions): Call {
  const doFetch = opts.fetch ?? (globalThis as unknown as { fetch: FetchLike }).fetch;
  const origin = opts.origin ?? "";
  return async (schema, method, path, init = {}) => {
    const headers: Record<string, string> = { Accept: "application/json", ...init.headers };
    if (opts.token) headers.Authorization = `Bearer ${opts.token}`;
    let body: string | undefined;
    if (init.body !== undefined) {
      headers["Content-Type"] = "application/json";
      body = JSON.stringify(init.body);
    }
    const res = await doFetch(`${origin}${API_BASE}${path}`, { method, headers, body });
    const json: unknown = await res.json().catch(() => null);
    if (!res.ok) {
      const parsed = ProblemSchema.safeParse(json);
      const problem: Problem = parsed.success
        ? parsed.data
        : {
            type: "about:blank",
            title: res.statusText,
            status: res.status,
            detail: res.statusText,
            detail_en: res.statusText,
            requestId: res.headers.get("X-Request-Id") ?? "",
          };
      throw new ApiError(res.status, problem);
    }
    return { body: schema.parse(json), etag: res.headers.get("ETag") };
  };
}

/** A small typed client of the Worker API: every response is parsed with its shared schema. */
export function createApiClient(opts: ApiClientOptions = {}) {
  const call = caller(opts);
  const origin = opts.origin ?? "";
  const enc = encodeURIComponent;
  return {
    me: async () => (await call(MeResponseSchema, "GET", "/me")).body,
    forms: async () => (await call(FormsResponseSchema, "GET", "/forms")).body,
    form: async (id: string) => (await call(FormResponseSchema, "GET", `/forms/${enc(id)}`)).body,
    getReport: (unit: string, form: string, year: number) =>
      call(ReportSchema, "GET", `/units/${enc(unit)}/reports/${enc(form)}/${year}`),
    revisions: async (unit: string, form: string, year: number) =>
      (
        await call(
          RevisionsResponseSchema,
          "GET",
          `/units/${enc(unit)}/reports/${enc(form)}/${year}/revisions`,
        )
      ).body,
    /** Submit a revision; pass the ETag of the current revision once one exists. */
    putReport: (
      unit: string,
      form: string,
      year: number,
      body: ReportPutBody,
      opts: { idempotencyKey: string; ifMatch?: string | null },
    ) =>
      call(ReportSchema, "PUT", `/units/${enc(unit)}/reports/${enc(form)}/${year}`, {
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
    ) =>
      call(ReportSchema, "POST", `/units/${enc(unit)}/reports/${enc(form)}/${year}/review`, {
        body,
        headers: opts.idempotencyKey ? { "Idempotency-Key": opts.idempotencyKey } : {},
      }),
    history: async (unit: string, form: string, year: number) =>
      (
        await call(
          HistoryResponseSchema,
          "GET",
          `/units/${enc(unit)}/reports/${enc(form)}/${year}/history`,
        )
      ).body,
    periods: async (unit: string) =>
      (await call(PeriodsResponseSchema, "GET", `/units/${enc(unit)}/periods`)).body,
    rollup: async (unit: string, form: string, year: number, include: Include = "submitted") =>
      (
        await call(
          RollupSchema,
          "GET",
          `/units/${enc(unit)}/rollups/${enc(form)}/${year}?include=${include}`,
        )
      ).body,
    /** URL of the rollup as a file (fetch it with the Authorization header). */
    rollupFileUrl: (unit: string, form: string, year: number, format: "csv" | "xlsx") =>
      `${origin}${API_BASE}/units/${enc(unit)}/rollups/${enc(form)}/${year}?format=${format}`,
    assessment: async (unit: string, form: string, year: number) =>
      (
        await call(
          AssessmentResponseSchema,
          "GET",
          `/units/${enc(unit)}/assessments/${enc(form)}/${year}`,
        )
      ).body,
    /** URL of the assessment as a file (fetch it with the Authorization header). */
    assessmentFileUrl: (unit: string, form: string, year: number, format: "csv" | "xlsx") =>
      `${origin}${API_BASE}/units/${enc(unit)}/assessments/${enc(form)}/${year}?format=${format}`,
    /** URL of a published report or a rollup's totals (fetch it with the Authorization header). */
    publishUrl: (
      kind: "reports" | "rollups",
      unit: string,
      form: string,
      year: number,
      format: PublishFormat,
    ) => `${origin}${API_BASE}/units/${enc(unit)}/${kind}/${enc(form)}/${year}?format=${format}`,
    importUnits: async (body: UnitsImportBody) =>
      (await call(UnitsImportResponseSchema, "POST", "/admin/units", { body })).body,
    createCredential: async (body: CredentialCreateBody & { role: Role }) =>
      (await call(CredentialCreatedSchema, "POST", "/admin/credentials", { body })).body,
    openPeriod: async (body: PeriodCreateBody) =>
      (await call(PeriodSchema, "POST", "/admin/periods", { body })).body,
    closePeriod: async (id: string) =>
      (await call(PeriodSchema, "POST", `/admin/periods/${enc(id)}/close`)).body,
    revokeCredential: async (id: string) =>
      (await call(CredentialRevokedSchema, "DELETE", `/admin/credentials/${enc(id)}`)).body,
  };
}

export type ApiClient = ReturnType<typeof createApiClient>;
