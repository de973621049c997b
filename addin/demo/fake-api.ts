/** An in-page stand-in for the Worker's API, for the demo page and screenshots only. */
import gov2012 from "../../shared/forms/definitions/gov-2012.json";
import gov2021 from "../../shared/forms/definitions/gov-2021.json";

const DEFS: Record<string, typeof gov2012 | typeof gov2021> = {
  "gov-2012": gov2012,
  "gov-2021": gov2021,
};

const json = (status: number, data: unknown, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(data), {
    status,
    headers: { "Content-Type": "application/json", ...headers },
  });

export function fakeApi(previous: Record<string, number>): typeof fetch {
  let revision = 0;
  return async (input: RequestInfo | URL, init?: RequestInit) => {
    const url = new URL(
      typeof input === "string" ? input : input instanceof URL ? input.href : input.url,
    );
    const path = url.pathname.replace(/^\/api\/v1/, "");
    const method = init?.method ?? "GET";
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
    const report = /^\/units\/(\w+)\/reports\/([\w-]+)\/(\d+)$/.exec(path);
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
            explanations: {},
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
