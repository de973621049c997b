/** An in-page stand-in for the Worker's API, for the demo page and screenshots only. */
import gov2012 from "../../shared/forms/definitions/gov-2012.json";
import gov2021 from "../../shared/forms/definitions/gov-2021.json";
import { validate } from "../../shared/engine";
import { getForm } from "../../shared/forms/catalogue";

const DEFS: Record<string, typeof gov2012 | typeof gov2021> = {
  "gov-2012": gov2012,
  "gov-2021": gov2021,
};

const json = (status: number, data: unknown, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(data), {
    status,
    headers: { "Content-Type": "application/json", ...headers },
  });

/** `returned`: this year's report was returned with remarks (the `?scenario=remark` demo). */
export function fakeApi(
  previous: Record<string, number>,
  returned: Record<string, number> | null = null,
  /** `?scenario=review`: a supervisor of 某市 reviewing 某市人民政府办公室's report. */
  review: Record<string, number> | null = null,
): typeof fetch {
  let revision = 0;
  return async (input: RequestInfo | URL, init?: RequestInit) => {
    const url = new URL(
      typeof input === "string" ? input : input instanceof URL ? input.href : input.url,
    );
    const path = url.pathname.replace(/^\/api\/v1/, "");
    const method = init?.method ?? "GET";
    if (path === "/me" && review) {
      return json(200, {
        unit: { code: "A", name: "某市政务公开办", path: [{ code: "A", name: "某市政务公开办" }] },
        role: "supervisor",
        credential: "demo",
      });
    }
    if (review && /^\/units\/A\/rollups\//.test(path)) {
      const entry = (code: string, name: string, status: string, revision: number | null) => ({
        code,
        name,
        parent: code === "A" ? null : "A",
        depth: code === "A" ? 0 : 1,
        status,
        revision,
        submittedAt: revision ? "2025-01-20T02:00:00Z" : null,
        errors: 0,
        warnings: status === "missing" ? 0 : 2,
        late: status === "missing" ? null : code === "A03",
        timeliness: status === "missing" ? "missing" : code === "A03" ? "late" : "on_time",
      });
      return json(200, {
        unit: { code: "A", name: "某市政务公开办" },
        form: "gov-2021",
        year: 2024,
        include: url.searchParams.get("include") ?? "submitted",
        values: review,
        units: 4,
        submitted: 2,
        missing: 2,
        included: 2,
        pending: 0,
        children: [],
        completeness: [
          entry("A", "某市政务公开办", "missing", null),
          entry("A01", "某市人民政府办公室", "submitted", 1),
          entry("A02", "某市教育局", "missing", null),
          entry("A03", "某市民政局", "accepted", 2),
        ],
        rules: [{ rule: "N6", units: 2, codes: ["A01", "A03"] }],
      });
    }
    const reviewed = /^\/units\/A01\/reports\/gov-2021\/2024$/.exec(path);
    if (review && reviewed && method === "GET") {
      const f = getForm("gov-2021")!;
      const { issues } = validate(f, review, { lenient: true, previous });
      const warnings = issues.filter((i) => i.severity === "warning");
      return json(
        200,
        {
          unit: { code: "A01", name: "某市人民政府办公室" },
          form: "gov-2021",
          year: 2024,
          revision: 1,
          values: review,
          explanations: Object.fromEntries(
            warnings.map((w) => [w.key, "上年结转的申请中有 1 件在年底补正后重新计入。"]),
          ),
          issues: warnings,
          errors: 0,
          warnings: warnings.length,
          status: "submitted",
          resubmitted: false,
          late: false,
          dueDate: "2025-01-31",
          returnReason: null,
          remarks: [],
          explanationReviews: {},
          submittedAt: "2025-01-20T02:00:00Z",
          credential: "c",
          hash: "h",
        },
        { ETag: '"gov-2021-2024-r1"' },
      );
    }
    if (path === "/me") {
      return json(200, {
        unit: {
          code: "A01",
          name: "某市人民政府办公室",
          path: [
            { code: "A", name: "某市" },
            { code: "A01", name: "某市人民政府办公室" },
          ],
        },
        role: "clerk",
        credential: "demo",
      });
    }
    if (path === "/forms") {
      return json(200, {
        forms: Object.values(DEFS).map((d) => ({
          id: d.id,
          version: d.version,
          title: d.title,
          years: d.years,
        })),
      });
    }
    const form = /^\/forms\/([\w-]+)$/.exec(path);
    if (form && DEFS[form[1]!]) {
      const d = DEFS[form[1]!]!;
      return json(200, {
        id: d.id,
        version: d.version,
        title: d.title,
        years: d.years,
        definition: d,
      });
    }
    if (/^\/units\/\w+\/periods$/.exec(path)) {
      return json(200, {
        periods: [
          {
            id: "p1",
            unit: { code: "A", name: "某市" },
            form: "gov-2021",
            year: 2024,
            dueDate: "2025-01-31",
            supplements: { capacity: true },
            openedAt: "2025-01-02T00:00:00Z",
            closedAt: null,
          },
        ],
      });
    }
    const report = /^\/units\/(\w+)\/reports\/([\w-]+)\/(\d+)$/.exec(path);
    if (report && method === "GET" && returned && Number(report[3]) === 2024) {
      return json(
        200,
        {
          unit: { code: "A01", name: "某市人民政府办公室" },
          form: report[2],
          year: 2024,
          revision: 1,
          values: returned,
          explanations: {},
          issues: [],
          errors: 0,
          warnings: 0,
          status: "returned",
          resubmitted: false,
          late: false,
          dueDate: "2025-01-31",
          returnReason: "表三第(七)项与明细不符,请核对后重新报送。",
          remarks: [
            {
              id: "r1",
              cell: "requests.granted.natural",
              text: "与受理台账不一致,请核对",
              author: { name: "某市政务公开办", role: "supervisor" },
              at: "2025-01-25T02:00:00Z",
              revision: 1,
              resolved: false,
              resolution: null,
              answer: null,
            },
            {
              id: "r2",
              cell: "requests.new.natural",
              text: "新收申请数比上年增加较多,请说明原因",
              author: { name: "某市政务公开办", role: "supervisor" },
              at: "2025-01-25T02:00:00Z",
              revision: 1,
              resolved: false,
              resolution: null,
              answer: null,
            },
          ],
          explanationReviews: {},
          submittedAt: "2025-01-20T02:00:00Z",
          credential: "c",
          hash: "h",
        },
        { ETag: '"r1"' },
      );
    }
    if (report && method === "GET") {
      if (Number(report[3]) === 2023) {
        return json(
          200,
          {
            unit: { code: "A01", name: "" },
            form: report[2],
            year: 2023,
            revision: 1,
            values: previous,
            explanations: {
              "N6:requests.carried_in.natural":
                "上年结转的申请中有 1 件在年底补正后重新计入,统计口径已与上级核对。",
            },
            issues: [],
            errors: 0,
            warnings: 0,
            status: "submitted",
            submittedAt: "2024-01-20T02:00:00Z",
            credential: "c",
            hash: "h",
          },
          { ETag: '"r1"' },
        );
      }
      return json(404, {
        type: "about:blank",
        title: "未找到",
        status: 404,
        detail: "尚未报送",
        detail_en: "Not submitted yet",
        requestId: "demo",
      });
    }
    if (report && method === "PUT") {
      revision++;
      const body = JSON.parse(String(init?.body ?? "{}"));
      return json(
        201,
        {
          unit: { code: "A01", name: "某市人民政府办公室" },
          form: report[2],
          year: Number(report[3]),
          revision,
          values: body.values,
          explanations: body.explanations,
          issues: [],
          errors: 0,
          warnings: 0,
          status: "submitted",
          submittedAt: new Date().toISOString(),
          credential: "demo",
          hash: "h",
        },
        { ETag: `"r${revision}"` },
      );
    }
    return json(404, {
      type: "about:blank",
      title: "未找到",
      status: 404,
      detail: "未找到",
      detail_en: "Not found",
      requestId: "demo",
    });
  };
}
