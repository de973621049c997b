import type { FormLookup } from "../../../shared/forms/catalogue";
import { PROBLEM_TYPE_BASE, type Problem } from "../../../shared/api/schemas";

/** An answer other than success, carried as an exception to the error handler. */
export class HttpProblem extends Error {
  constructor(
    readonly status: number,
    readonly slug: string,
    readonly title: string,
    readonly detailZh: string,
    readonly detailEn: string,
    readonly extensions: Record<string, unknown> = {},
    readonly headers: Record<string, string> = {},
  ) {
    super(detailEn);
    this.name = "HttpProblem";
  }

  body(requestId: string): Problem {
    return {
      type: PROBLEM_TYPE_BASE + this.slug,
      title: this.title,
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
  formLookup: (found: Extract<FormLookup, { ok: false }>) =>
    new HttpProblem(
      404,
      found.code === "unknown_form" ? "unknown-form" : "year-not-served",
      found.code === "unknown_form" ? "没有该报表" : "报表不适用于该年度",
      found.message.zh,
      found.message.en,
    ),
  unauthenticated: (en = "A valid bearer token is required.") =>
    new HttpProblem(
      401,
      "unauthenticated",
      "未认证",
      "需要有效的访问令牌(Authorization: Bearer <令牌>)。",
      en,
      {},
      { "WWW-Authenticate": 'Bearer realm="xxgk-tables"' },
    ),
  /** The same answer whether or not the unit exists. */
  forbiddenUnit: () =>
    new HttpProblem(
      403,
      "forbidden",
      "无权访问",
      "当前凭据无权访问该单位的数据。",
      "This credential may not access that unit.",
    ),
  forbiddenRole: (zh: string, en: string) => new HttpProblem(403, "forbidden", "无权操作", zh, en),
  notFound: (zh: string, en: string) => new HttpProblem(404, "not-found", "未找到", zh, en),
  badRequest: (slug: string, zh: string, en: string, ext: Record<string, unknown> = {}) =>
    new HttpProblem(400, slug, "请求无效", zh, en, ext),
};
