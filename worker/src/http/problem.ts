import type { UnitFormLookup } from "../../../shared/forms/catalogue";
import type { Problem } from "../../../shared/api/schemas";
import { PROBLEM_TYPES, problemType, type ProblemSlug } from "../../../shared/api/problems";

/**
 * An answer other than success, carried as an exception to the error handler. Its status and
 * title come from the problem type (shared/api/problems.ts); the detail says what exactly.
 */
export class HttpProblem extends Error {
  readonly status: number;

  constructor(
    readonly slug: ProblemSlug,
    readonly detailZh: string,
    readonly detailEn: string,
    readonly extensions: Record<string, unknown> = {},
    readonly headers: Record<string, string> = {},
    /** Log it as a warning (a client-side failure worth noticing), not just answer it. */
    readonly logLevel: "warn" | null = null,
  ) {
    super(detailEn);
    this.name = "HttpProblem";
    this.status = PROBLEM_TYPES[slug].status;
  }

  body(requestId: string): Problem {
    const { title } = PROBLEM_TYPES[this.slug];
    return {
      type: problemType(this.slug),
      title: title.zh,
      title_en: title.en,
      status: this.status,
      detail: this.detailZh,
      detail_en: this.detailEn,
      requestId,
      ...this.extensions,
    };
  }
}

export function problemResponse(p: HttpProblem, requestId: string): Response {
  return new Response(JSON.stringify(p.body(requestId)), {
    status: p.status,
    headers: { "Content-Type": "application/problem+json; charset=utf-8", ...p.headers },
  });
}

export const problems = {
  /** A form id or report year the catalogue does not serve, with its zh/en explanation. */
  formLookup: (found: Extract<UnitFormLookup, { ok: false }>) =>
    new HttpProblem(
      found.code === "unknown_form"
        ? "unknown-form"
        : found.code === "not_in_scope"
          ? "form-not-in-scope"
          : "year-not-served",
      found.message.zh,
      found.message.en,
    ),
  unauthenticated: (en = "A valid bearer token is required.") =>
    new HttpProblem(
      "unauthenticated",
      "需要有效的访问令牌(Authorization: Bearer <令牌>)。",
      en,
      {},
      { "WWW-Authenticate": 'Bearer realm="xxgk-tables"' },
    ),
  /** The same answer whether or not the unit exists. */
  forbiddenUnit: () =>
    new HttpProblem(
      "forbidden",
      "当前凭据无权访问该单位的数据。",
      "This credential may not access that unit.",
    ),
  forbiddenRole: (zh: string, en: string) => new HttpProblem("forbidden", zh, en),
  notFound: (zh: string, en: string) => new HttpProblem("not-found", zh, en),
  badRequest: (slug: ProblemSlug, zh: string, en: string, ext: Record<string, unknown> = {}) =>
    new HttpProblem(slug, zh, en, ext),
};
