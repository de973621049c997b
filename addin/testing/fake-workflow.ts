/**
 * A fake Worker speaking the reporting-workflow contract of docs/WORKFLOW.md, in memory: periods,
 * statuses, review (return / accept / reopen, stale revision), remarks resolved on PUT (changed or
 * answered), explanation reviews, 409 report-locked / no-open-period, rollups with include.
 * Request bodies are parsed with the shared zod schemas (strict) and every answer is checked
 * against them, so the add-in and this fake both keep to shared/api/schemas.ts.
 */
import gov2012 from "../../shared/forms/definitions/gov-2012.json";
import gov2019 from "../../shared/forms/definitions/gov-2019.json";
import gov2021 from "../../shared/forms/definitions/gov-2021.json";
import { validate } from "../../shared/engine";
import { getForm } from "../../shared/forms/catalogue";
import type { FetchLike } from "../src/common/api-client";
import {
  HistoryResponseSchema,
  PeriodsResponseSchema,
  ReportPutBodySchema,
  ReportSchema,
  ReviewBodySchema,
  RollupSchema,
  type Period,
  type Remark,
  type Report,
  type ReportEvent,
  type ReportPutBody,
  type ReviewBody,
  type Rollup,
} from "../../shared/api/schemas";

export interface Call {
  method: string;
  path: string;
  query: string;
  headers: Record<string, string>;
  body: unknown;
}

const DEFS = { "gov-2012": gov2012, "gov-2019": gov2019, "gov-2021": gov2021 } as const;

export const UNITS = {
  U0: { code: "U0", name: "苍南县政务公开办" },
  U1: { code: "U1", name: "苍南县教育局" },
  U2: { code: "U2", name: "苍南县民政局" },
};

/**
 * U0's supervisor returns U1's first gov-2012 2018 revision with a remark on two cells: the
 * return the clerk's day tests (workflow, undo) meet after their first 提交.
 */
export const RETURN: ReviewBody = {
  action: "return",
  revision: 1,
  reason: "表一数字与受理台账不符",
  remarks: [
    { cell: "proactive.total.n", text: "与台账不一致,请核对" },
    { cell: "requests.accepted.n", text: "受理数请说明来源" },
  ],
};

const TOKENS: Record<string, { unit: keyof typeof UNITS; role: "clerk" | "supervisor" }> = {
  clerk: { unit: "U1", role: "clerk" },
  sup: { unit: "U0", role: "supervisor" },
};

const json = (status: number, data: unknown, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(data), {
    status,
    headers: { "Content-Type": "application/json", ...headers },
  });

const problem = (status: number, slug: string, detail: string, detailEn = detail) =>
  json(status, {
    type: `https://xxgk-tables.dev/problems/${slug}`,
    title: slug,
    status,
    detail,
    detail_en: detailEn,
    requestId: "req",
  });

export function workflowServer() {
  const calls: Call[] = [];
  const reports = new Map<string, Report>();
  const events = new Map<string, ReportEvent[]>();
  const log = (k: string, e: Omit<ReportEvent, "at" | "by">, by: "clerk" | "sup") =>
    events.set(k, [
      ...(events.get(k) ?? []),
      {
        ...e,
        at: "2019-01-25T08:00:00Z",
        by: {
          credential: `c-${by}`,
          unit: by === "sup" ? UNITS.U0 : UNITS.U1,
          role: by === "sup" ? "supervisor" : "clerk",
        },
      },
    ]);
  let periods: Period[] = [
    {
      id: "p1",
      unit: UNITS.U0,
      form: "gov-2012",
      year: 2018,
      dueDate: "2019-01-31",
      supplements: { capacity: true },
      openedAt: "2019-01-01T00:00:00Z",
      closedAt: null,
    },
  ];
  let nextRemark = 1;
  let late = false;
  let rollup: Rollup | null = null;

  const key = (u: string, f: string, y: number) => `${u}/${f}/${y}`;
  const etag = (r: Report) => `"${r.form}-${r.year}-r${r.revision}"`;

  function put(unit: string, form: string, year: number, body: ReportPutBody): Report {
    const prev = reports.get(key(unit, form, year));
    const f = getForm(form)!;
    const values: Record<string, number> = {};
    for (const c of f.cells) values[c.id] = body.values[c.id] ?? 0;
    const result = validate(f, values, { lenient: true });
    const remarks: Remark[] = (prev?.remarks ?? []).map((r) => {
      if (r.resolved) return r;
      const answer = body.answers?.[r.id];
      if (answer) return { ...r, resolved: true, resolution: "answered", answer };
      if ((prev!.values[r.cell] ?? 0) !== values[r.cell])
        return { ...r, resolved: true, resolution: "changed" };
      return r;
    });
    const revision = (prev?.revision ?? 0) + 1;
    const report: Report = {
      unit: UNITS[unit as keyof typeof UNITS],
      form,
      year,
      revision,
      values,
      explanations: body.explanations ?? {},
      issues: result.issues.filter((i) => i.severity === "warning"),
      errors: 0,
      warnings: result.warnings,
      status: "submitted",
      resubmitted: prev?.status === "returned",
      late,
      dueDate: periods.find((p) => p.form === form && p.year === year)?.dueDate ?? null,
      returnReason: prev?.status === "returned" ? prev.returnReason : null,
      remarks,
      explanationReviews: {},
      submittedAt: `2019-01-2${revision}T08:00:00Z`,
      credential: "c-clerk",
      hash: `h${revision}`,
    };
    reports.set(key(unit, form, year), report);
    log(
      key(unit, form, year),
      { action: "submit", from: prev?.status ?? null, to: "submitted", revision, reason: null },
      "clerk",
    );
    return report;
  }

  function review(unit: string, form: string, year: number, body: ReviewBody): Response {
    const res = reviewNow(unit, form, year, body);
    const after = reports.get(key(unit, form, year));
    if (res.ok && after)
      log(
        key(unit, form, year),
        {
          action: body.action,
          from: body.action === "reopen" ? "accepted" : "submitted",
          to: after.status,
          revision: after.revision,
          reason: "reason" in body ? body.reason : null,
        },
        "sup",
      );
    return res;
  }

  function reviewNow(unit: string, form: string, year: number, body: ReviewBody): Response {
    const cur = reports.get(key(unit, form, year));
    if (!cur) return problem(404, "not-found", "无此报表");
    if (body.revision !== undefined && body.revision !== cur.revision)
      return problem(409, "stale-revision", "版本已变", "stale revision");
    if (body.action === "return") {
      if (cur.status !== "submitted") return problem(409, "illegal-transition", "不能退回");
      if (!body.reason?.trim()) return problem(422, "invalid", "退回须填写原因");
      const at = "2019-01-25T08:00:00Z";
      const remarks: Remark[] = (body.remarks ?? []).map((r) => ({
        id: `r${nextRemark++}`,
        cell: r.cell,
        text: r.text,
        author: { name: UNITS.U0.name, role: "supervisor" },
        at,
        revision: cur.revision,
        resolved: false,
        resolution: null,
        answer: null,
      }));
      const reviews: Report["explanationReviews"] = {};
      for (const [k, d] of Object.entries(body.explanations ?? {}))
        reviews[k] = { decision: d.decision, ...(d.comment ? { comment: d.comment } : {}), at };
      const next: Report = {
        ...cur,
        status: "returned",
        returnReason: body.reason,
        remarks: [...cur.remarks, ...remarks],
        explanationReviews: reviews,
      };
      reports.set(key(unit, form, year), next);
      return json(200, next, { ETag: etag(next) });
    }
    if (body.action === "accept") {
      if (cur.status !== "submitted") return problem(409, "illegal-transition", "不能通过");
      if (Object.values(body.explanations ?? {}).some((d) => d.decision !== "accepted"))
        return problem(422, "invalid", "通过时不能不接受说明");
      const next: Report = { ...cur, status: "accepted" };
      reports.set(key(unit, form, year), next);
      return json(200, next, { ETag: etag(next) });
    }
    if (cur.status !== "accepted") return problem(409, "illegal-transition", "不能重新打开");
    const next: Report = { ...cur, status: "returned", returnReason: body.reason };
    reports.set(key(unit, form, year), next);
    return json(200, next, { ETag: etag(next) });
  }

  const fetcher: FetchLike = async (url, init) => {
    const u = new URL(url);
    const path = u.pathname.replace("/api/v1", "");
    const headers = (init.headers ?? {}) as Record<string, string>;
    const method = init.method ?? "GET";
    const body: unknown = init.body ? JSON.parse(String(init.body)) : null;
    calls.push({ method, path, query: u.search, headers, body });
    const who = TOKENS[(headers["Authorization"] ?? "").replace("Bearer ", "")];
    if (!who) return problem(401, "unauthorized", "令牌无效");
    if (path === "/me") {
      const unit = UNITS[who.unit];
      const path = who.unit === "U0" ? [UNITS.U0] : [UNITS.U0, unit];
      return json(200, { unit: { ...unit, path }, role: who.role, credential: `c-${who.role}` });
    }
    if (path === "/forms")
      return json(200, {
        forms: Object.values(DEFS).map((d) => ({
          id: d.id,
          version: d.version,
          title: d.title,
          years: d.years,
        })),
      });
    const formMatch = /^\/forms\/([\w-]+)$/.exec(path);
    if (formMatch) {
      const d = DEFS[formMatch[1] as keyof typeof DEFS];
      return d
        ? json(200, { id: d.id, version: d.version, title: d.title, years: d.years, definition: d })
        : problem(404, "not-found", "无此报表");
    }
    const periodsMatch = /^\/units\/(\w+)\/periods$/.exec(path);
    if (periodsMatch) return json(200, PeriodsResponseSchema.parse({ periods }));
    const rollupMatch = /^\/units\/(\w+)\/rollups\/([\w-]+)\/(\d+)$/.exec(path);
    if (rollupMatch) {
      if (!rollup) return problem(404, "not-found", "无");
      return json(
        200,
        RollupSchema.parse({ ...rollup, include: u.searchParams.get("include") ?? "submitted" }),
      );
    }
    const m = /^\/units\/(\w+)\/reports\/([\w-]+)\/(\d+)(\/review|\/history)?$/.exec(path);
    if (!m) return problem(404, "not-found", "无");
    const [, unit, form, yearText, sub] = m;
    const year = Number(yearText);
    if (sub === "/review") {
      if (who.role !== "supervisor" || unit === who.unit)
        return problem(403, "forbidden", "无权审核");
      return review(unit!, form!, year, ReviewBodySchema.parse(body));
    }
    const cur = reports.get(key(unit!, form!, year));
    if (sub === "/history")
      return json(
        200,
        HistoryResponseSchema.parse({ events: events.get(key(unit!, form!, year)) ?? [] }),
      );
    if (method === "GET") {
      return cur
        ? json(200, ReportSchema.parse(cur), { ETag: etag(cur) })
        : problem(404, "not-found", "无此报表");
    }
    if (method === "PUT") {
      const period = periods.find((p) => p.form === form && p.year === year && !p.closedAt);
      if (!period)
        return problem(
          409,
          "no-open-period",
          `本单位 ${year} 年度 ${form} 报表的填报期尚未开启或已关闭`,
          "no open period",
        );
      if (cur?.status === "accepted")
        return problem(409, "report-locked", "本报表已通过审核,已锁定", "locked");
      if (cur && headers["If-Match"] !== etag(cur)) return problem(412, "stale", "版本已变");
      const report = put(unit!, form!, year, ReportPutBodySchema.parse(body));
      return json(cur ? 200 : 201, report, { ETag: etag(report) });
    }
    return problem(405, "method", "不支持");
  };

  return {
    calls,
    fetcher,
    reports,
    /** The last call of a method to a path ending with `suffix`. */
    last(method: string, suffix = ""): Call | undefined {
      return [...calls].reverse().find((c) => c.method === method && c.path.endsWith(suffix));
    },
    /** Store a report as if a clerk had submitted it elsewhere. */
    seed(unit: string, form: string, year: number, body: ReportPutBody): Report {
      return put(unit, form, year, body);
    },
    review: (unit: string, form: string, year: number, body: ReviewBody) =>
      review(unit, form, year, body),
    setPeriods: (p: Period[]) => (periods = p),
    setLate: (v: boolean) => (late = v),
    setRollup: (r: Rollup) => (rollup = r),
  };
}
