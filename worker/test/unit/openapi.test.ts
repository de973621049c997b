import { describe, expect, it } from "vitest";
import { openApiDocument, ROUTES } from "../../../shared/api/openapi";
import { PROBLEM_TYPES } from "../../../shared/api/problems";
import { API_BASE } from "../../../shared/api/schemas";
import { app } from "../../src/app";

/** Every (method, path) the Worker's app registers under the API, as OpenAPI paths. */
function registeredRoutes(): Set<string> {
  const out = new Set<string>();
  for (const r of app.routes) {
    if (r.method === "ALL" || !r.path.startsWith(`${API_BASE}/`)) continue;
    const path = r.path.slice(API_BASE.length).replace(/:(\w+)/g, "{$1}");
    out.add(`${r.method.toLowerCase()} ${path}`);
  }
  return out;
}

describe("the OpenAPI document", () => {
  const doc = openApiDocument() as {
    openapi: string;
    paths: Record<string, Record<string, { responses: Record<string, unknown> }>>;
  };
  const documented = new Set(
    Object.entries(doc.paths).flatMap(([path, ops]) => Object.keys(ops).map((m) => `${m} ${path}`)),
  );

  it("is OpenAPI 3.1 and lists every route the Worker registers, and no other", () => {
    expect(doc.openapi).toBe("3.1.0");
    const registered = registeredRoutes();
    expect(registered.size).toBeGreaterThanOrEqual(15);
    expect([...registered].filter((r) => !documented.has(r))).toEqual([]);
    expect([...documented].filter((r) => !registered.has(r))).toEqual([]);
  });

  it("documents each route's problem types with their statuses", () => {
    const put = doc.paths["/units/{code}/reports/{form}/{year}"]!.put!;
    expect(Object.keys(put.responses)).toEqual(
      expect.arrayContaining([
        "201",
        "400",
        "401",
        "403",
        "409",
        "412",
        "413",
        "415",
        "422",
        "428",
      ]),
    );
    expect(JSON.stringify(put.responses["409"])).toContain("problems/report-locked");
    for (const r of ROUTES)
      for (const slug of r.problems) expect(PROBLEM_TYPES[slug]).toBeDefined();
  });

  it("describes request bodies with the shared schemas", () => {
    const put = doc.paths["/units/{code}/reports/{form}/{year}"]!.put as unknown as {
      requestBody: { content: Record<string, { schema: { required: string[] } }> };
    };
    expect(put.requestBody.content["application/json"]!.schema.required).toEqual(["values"]);
  });
});
