import { beforeAll, describe, expect, it } from "vitest";
import { PROBLEM_TYPES } from "../../shared/api/problems";
import { call, expectProblem, putReport, seedToken, seedUnits } from "./helpers";

let clerk: string;

beforeAll(async () => {
  await seedUnits([{ code: "K1", name: "契约县", parent: null }]);
  clerk = await seedToken("K1", "clerk");
});

describe("contracts", () => {
  it("GET /api/v1/openapi.json is the OpenAPI 3.1 document, public", async () => {
    const res = await call("/openapi.json");
    expect(res.status).toBe(200);
    expect(res.headers.get("Content-Type")).toContain("application/json");
    const doc = (await res.json()) as { openapi: string; paths: Record<string, unknown> };
    expect(doc.openapi).toBe("3.1.0");
    expect(Object.keys(doc.paths)).toContain("/units/{code}/reports/{form}/{year}");
  });

  it("problems carry the shared type's status and zh/en titles", async () => {
    const p = await expectProblem(
      await putReport(clerk, "K1", 2021, { values: {}, explanations: null }),
      400,
      "invalid-body",
    );
    expect(p.title).toBe(PROBLEM_TYPES["invalid-body"].title.zh);
    expect(p.title_en).toBe(PROBLEM_TYPES["invalid-body"].title.en);
  });
});
