import { beforeAll, describe, expect, it } from "vitest";
import { fillTotals, validate } from "../../shared/engine/index";
import { getForm } from "../../shared/forms/catalogue";
import type { Report, RevisionsResponse } from "../../shared/api/schemas";
import { ReportSchema } from "../../shared/api/schemas";
import {
  call,
  expectProblem,
  gov2021,
  putReport,
  seedToken,
  seedUnits,
  validValues,
} from "./helpers";

let clerk: string;
let supervisor: string;

beforeAll(async () => {
  await seedUnits([
    { code: "330327", name: "苍南县", parent: null },
    { code: "330327001", name: "县教育局", parent: "330327" },
  ]);
  clerk = await seedToken("330327001", "clerk");
  supervisor = await seedToken("330327", "supervisor");
});

describe("reports", () => {
  it("the generator makes valid reports", () => {
    for (let s = 1; s < 20; s++) expect(validate(gov2021(), validValues(s)).issues).toEqual([]);
  });

  it("a first PUT stores revision 1; GET returns it with its ETag", async () => {
    const values = validValues(1);
    const res = await putReport(clerk, "330327001", 2021, { values });
    expect(res.status, await res.clone().text()).toBe(201);
    expect(res.headers.get("ETag")).toBe('"gov-2021-2021-r1"');
    const report = ReportSchema.parse(await res.json());
    expect(report.revision).toBe(1);
    expect(report.unit).toEqual({ code: "330327001", name: "县教育局" });
    expect(report.values["requests.new.natural"]).toBe(values["requests.new.natural"]);
    expect(Object.keys(report.values)).toHaveLength(gov2021().cells.length);
    expect(report.status).toBe("submitted");
    expect(report.hash).toMatch(/^[0-9a-f]{64}$/);

    const got = await call("/units/330327001/reports/gov-2021/2021", { token: supervisor });
    expect(got.status).toBe(200);
    expect(got.headers.get("ETag")).toBe('"gov-2021-2021-r1"');
    expect(await got.json()).toEqual(report);
  });

  it("a second revision needs If-Match: missing → 428, stale → 412, current → 201", async () => {
    const values = validValues(2);
    await expectProblem(
      await putReport(clerk, "330327001", 2021, { values }),
      428,
      "precondition-required",
    );
    await expectProblem(
      await putReport(clerk, "330327001", 2021, { values }, { ifMatch: '"gov-2021-2021-r9"' }),
      412,
      "precondition-failed",
    );
    const ok = await putReport(
      clerk,
      "330327001",
      2021,
      { values },
      // A weakened tag (Cloudflare weakens the ETags of compressed responses) is the same revision.
      { ifMatch: 'W/"gov-2021-2021-r1"' },
    );
    expect(ok.status).toBe(201);
    expect(ok.headers.get("ETag")).toBe('"gov-2021-2021-r2"');
    const revs = (await (
      await call("/units/330327001/reports/gov-2021/2021/revisions", { token: clerk })
    ).json()) as RevisionsResponse;
    expect(revs.revisions.map((r) => r.revision)).toEqual([2, 1]);
    // The superseded revision stays readable, unchanged.
    expect(revs.revisions[1]!.values).toEqual(validValues(1));
    expect(revs.revisions[0]!.values).toEqual(values);
  });

  it("an If-Match on a report with no revision yet is 412", async () => {
    const res = await putReport(
      clerk,
      "330327001",
      2022,
      { values: validValues(3) },
      { ifMatch: '"gov-2021-2022-r1"' },
    );
    await expectProblem(res, 412, "precondition-failed");
  });

  it("GET of a report not submitted yet is 404", async () => {
    await expectProblem(
      await call("/units/330327001/reports/gov-2021/2023", { token: clerk }),
      404,
      "report-not-found",
    );
  });

  it("a warning needs an explanation of ≥ 10 characters; cross-year rules read last year", async () => {
    // 2021 is stored (revision 2); 2022's carried_in must equal 2021's carried_out (N6).
    const last = (await (
      await call("/units/330327001/reports/gov-2021/2021", { token: clerk })
    ).json()) as Report;
    const values = validValues(4);
    const shifted = { ...values };
    // Keep N2 balanced while breaking N6 for the natural column: carried_in + 1, new − 1.
    shifted["requests.carried_in.natural"] = last.values["requests.carried_out.natural"]! + 1;
    shifted["requests.new.natural"] =
      values["requests.new.natural"]! +
      values["requests.carried_in.natural"]! -
      shifted["requests.carried_in.natural"]!;
    if (shifted["requests.new.natural"]! < 0) {
      shifted["requests.carried_out.natural"] =
        values["requests.carried_out.natural"]! - shifted["requests.new.natural"]!;
      shifted["requests.new.natural"] = 0;
    }
    const body = fillTotals(gov2021(), shifted);
    const expected = validate(gov2021(), body, { previous: last.values });
    expect(expected.errors).toBe(0);
    const keys = expected.issues.map((i) => i.key);
    expect(keys).toContain("N6:requests.carried_in.natural");

    const missing = await expectProblem(
      await putReport(clerk, "330327001", 2022, { values: body }),
      422,
      "validation-failed",
    );
    expect(missing.missingExplanations).toEqual(keys);
    const short = Object.fromEntries(keys.map((k) => [k, "太短了"]));
    const tooShort = await expectProblem(
      await putReport(clerk, "330327001", 2022, { values: body, explanations: short }),
      422,
      "validation-failed",
    );
    expect(tooShort.missingExplanations).toEqual(keys);
    const good = Object.fromEntries(
      keys.map((k) => [k, "上年结转数据经核实后有调整,已与上级确认。"]),
    );
    const ok = await putReport(clerk, "330327001", 2022, {
      values: body,
      explanations: { ...good, "N1:nope": "ignored explanation" },
    });
    expect(ok.status, await ok.clone().text()).toBe(201);
    const report = ReportSchema.parse(await ok.json());
    expect(report.warnings).toBe(keys.length);
    expect(report.issues.map((i) => i.key)).toEqual(keys);
    expect(report.explanations).toEqual(good);
  });

  it("an error is 422 listing each issue with rule, cells and both values", async () => {
    const values = { ...validValues(5), "requests.handled_total.natural": 9999 };
    const p = await expectProblem(
      await putReport(clerk, "330327001", 2023, { values }),
      422,
      "validation-failed",
    );
    const n1 = p.issues!.find((i) => i.key === "N1:requests.handled_total.natural")!;
    expect(n1.rule).toBe("N1");
    expect(n1.left).toBe(9999);
    expect(n1.cells).toContain("requests.granted.natural");
    expect(n1.message_zh.length).toBeGreaterThan(0);
    expect(p.detail_en).toMatch(/error/);
  });

  it("cross-year rules read last year's report of the form that served that year", async () => {
    await seedUnits([{ code: "330327009", name: "县民政局", parent: "330327" }]);
    const own = await seedToken("330327009", "clerk");
    const last = validValues(8, 20, "gov-2019");
    expect(validate(getForm("gov-2019")!, last).issues).toEqual([]);
    const first = await putReport(own, "330327009", 2020, { values: last }, { form: "gov-2019" });
    expect(first.status, await first.clone().text()).toBe(201);
    // 2021 (gov-2021): carried_in ≠ 2020's carried_out in the natural column → N6 warning.
    const v = validValues(9);
    v["requests.carried_in.natural"] = last["requests.carried_out.natural"]! + 1;
    v["requests.new.natural"] = 0;
    v["requests.carried_out.natural"] =
      v["requests.carried_in.natural"]! - v["requests.handled_total.natural"]!;
    if (v["requests.carried_out.natural"]! < 0) {
      v["requests.new.natural"] = -v["requests.carried_out.natural"]!;
      v["requests.carried_out.natural"] = 0;
    }
    const body = fillTotals(gov2021(), v);
    expect(validate(gov2021(), body).issues).toEqual([]); // fine on its own
    const p = await expectProblem(
      await putReport(own, "330327009", 2021, { values: body }),
      422,
      "validation-failed",
    );
    expect(p.missingExplanations).toContain("N6:requests.carried_in.natural");
  });
});
