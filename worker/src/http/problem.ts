import type { UnitFormLookup } from "../../../shared/forms/catalogue";
import type { Problem } from "../../../shared/api/schemas";
import { PROBLEM_TYPES, problemType, type ProblemSlug } from "../../../shared/api/problems";
import { forbiddenUnit, isRefusal, type Refusal } from "../domain/refusal";

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

/** A domain refusal as the problem it answers. */
export function problemOf(r: Refusal): HttpProblem {
  return new HttpProblem(r.slug, r.zh, r.en, r.extensions);
}

/** A domain decision's value, or its refusal thrown as the problem (to the error handler). */
export function decided<T>(d: T | Refusal): T {
  if (isRefusal(d)) throw problemOf(d);
  return d;
}

export function problemResponse(p: HttpProblem, requestId: string): Response {
  return new Response(JSON.stringify(p.body(requestId)), {
    status: p.status,
    headers: { "Content-Type": "application/problem+json; charset=utf-8", ...p.headers },
  });
}

/**
 * The database's own refusals (the triggers of migration 0008: 停用 and reporting units,
 * whatever path the write took) as the problem they mean; null for any other error.
 */
export function databaseRefusal(err: unknown): HttpProblem | null {
  const msg = err instanceof Error ? `${err.message} ${String(err.cause ?? "")}` : String(err);
  if (msg.includes("xxgk:unit-inactive")) {
    return new HttpProblem(
      "unit-inactive",
      "该单位已停用:不能再提交报表、发放邀请码或凭据。如需恢复,请管理员在单位表中重新启用。",
      "The unit is deactivated: no reports, invites or credentials for it. An admin can reactivate it in the unit sheet.",
    );
  }
  if (msg.includes("xxgk:not-a-reporting-unit")) {
    return new HttpProblem(
      "not-a-reporting-unit",
      "该单位是汇总单位,不单独报送本单位的报表(其数据为下级单位的汇总)。如该单位也需报送本级数据,请管理员在单位表中将「本级报送」设为「是」。",
      "The unit only consolidates its children and has no report of its own. An admin can set it to report for itself in the unit sheet.",
    );
  }
  return null;
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
      // The details name forms by title (people read them); a program gets the ids to use.
      "instead" in found && found.instead?.length ? { forms: found.instead } : {},
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
  forbiddenUnit: () => problemOf(forbiddenUnit()),
  forbiddenRole: (zh: string, en: string) => new HttpProblem("forbidden", zh, en),
  notFound: (zh: string, en: string) => new HttpProblem("not-found", zh, en),
  badRequest: (slug: ProblemSlug, zh: string, en: string, ext: Record<string, unknown> = {}) =>
    new HttpProblem(slug, zh, en, ext),
};
