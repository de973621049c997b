import { beforeAll, describe, expect, it } from "vitest";
import { FormsResponseSchema, RollupSchema, type Rollup } from "../../shared/api/schemas";
import { AssessmentResponseSchema } from "../../shared/api/supervision";
import {
  call,
  expectProblem,
  openPeriodApi,
  putReport,
  seedToken,
  seedUnits,
  snapshot,
  validValues,
} from "./helpers";

/**
 * The 2009 Haikou template is a local form: in force in the subtree of 海口市 (460100) only.
 * A province above it rolls it up from Haikou's part; Sanya (460200) never sees it.
 */
const FORM = "haikou-2009";
const YEAR = 2017;

let provinceSup: string;
let haikouClerk: string;
let sanyaClerk: string;
let sanyaSup: string;

beforeAll(async () => {
  await seedUnits([
    { code: "460000", name: "海南省", parent: null },
    { code: "460100", name: "海口市", parent: "460000" },
    { code: "460101", name: "海口市某局", parent: "460100" },
    { code: "460102", name: "海口市另一局", parent: "460100" },
    { code: "460200", name: "三亚市", parent: "460000" },
    { code: "460201", name: "三亚市某局", parent: "460200" },
  ]);
  const admin = await seedToken("460000", "admin");
  const res = await openPeriodApi(admin, {
    unit: "460000",
    form: FORM,
    year: YEAR,
    dueDate: "2099-12-31",
  });
  expect(res.status, await res.clone().text()).toBe(201);
  provinceSup = await seedToken("460000", "supervisor");
  haikouClerk = await seedToken("460101", "clerk");
  sanyaClerk = await seedToken("460201", "clerk");
  sanyaSup = await seedToken("460200", "supervisor");
});

async function formIds(token: string): Promise<string[]> {
  const res = await call("/forms", { token });
  expect(res.status).toBe(200);
  return FormsResponseSchema.parse(await res.json()).forms.map((f) => f.id);
}

describe("a local form is offered and accepted only where it is in force", () => {
  it("GET /forms: Haikou's clerk and the province's supervisor see it; Sanya does not", async () => {
    expect(await formIds(haikouClerk)).toContain(FORM);
    expect(await formIds(provinceSup)).toContain(FORM);
    expect(await formIds(sanyaClerk)).not.toContain(FORM);
    expect(await formIds(sanyaSup)).not.toContain(FORM);
    expect(await formIds(sanyaClerk)).toContain("gov-2021");
  });

  it("a PUT outside the scope: 422 form-not-in-scope naming the scope, nothing stored", async () => {
    const before = await snapshot();
    const p = await expectProblem(
      await putReport(
        sanyaClerk,
        "460201",
        YEAR,
        { values: validValues(3, 20, FORM) },
        { form: FORM },
      ),
      422,
      "form-not-in-scope",
    );
    expect(p.detail).toContain("海口市");
    expect(p.detail_en).toContain("Haikou");
    expect(await snapshot()).toEqual(before);
    // A rollup or an assessment of a subtree the form does not reach: the same problem.
    for (const what of ["rollups", "assessments"]) {
      await expectProblem(
        await call(`/units/460200/${what}/${FORM}/${YEAR}`, { token: sanyaSup }),
        422,
        "form-not-in-scope",
      );
    }
  });
});

describe("a rollup above the scope counts only the part the form applies to", () => {
  let values: Record<string, number>;
  let rollup: Rollup;

  beforeAll(async () => {
    values = {
      "proactive.total.n": 120,
      "requests.total.n": 5,
      "requests.in_person.n": 2,
      "requests.email.n": 3,
      "replies.total.n": 4,
      "replies.granted.n": 3,
      "replies.denied.n": 1,
      "consultation.phone.n": 40,
      "appeals.complaint.n": 2,
      "appeals.complaint_unsatisfied.n": 1,
    };
    const res = await putReport(haikouClerk, "460101", YEAR, { values }, { form: FORM });
    expect(res.status, await res.clone().text()).toBe(201);
    const r = await call(`/units/460000/rollups/${FORM}/${YEAR}`, { token: provinceSup });
    expect(r.status, await r.clone().text()).toBe(200);
    rollup = RollupSchema.parse(await r.json());
  });

  it("children: only Haikou; units: Haikou's three; one submitted, two missing", () => {
    expect(rollup.children.map((c) => c.code)).toEqual(["460100"]);
    expect(rollup.children[0]).toMatchObject({ units: 3, submitted: 1 });
    expect(rollup).toMatchObject({ units: 3, submitted: 1, missing: 2 });
    for (const [cell, v] of Object.entries(values)) expect(rollup.values[cell] ?? 0).toBe(v);
  });

  it("completeness lists only Haikou's units, depths from the province", () => {
    expect(rollup.completeness.map((u) => [u.code, u.depth, u.status])).toEqual([
      ["460100", 1, "missing"],
      ["460101", 2, "submitted"],
      ["460102", 2, "missing"],
    ]);
  });

  it("a national form at the same node still counts every unit", async () => {
    const r = await call(`/units/460000/rollups/gov-2021/2021`, { token: provinceSup });
    const all = RollupSchema.parse(await r.json());
    expect(all.children.map((c) => c.code)).toEqual(["460100", "460200"]);
    expect(all.units).toBe(6);
  });

  it("CSV completeness: Haikou's units only", async () => {
    const r = await call(`/units/460000/rollups/${FORM}/${YEAR}?format=csv`, {
      token: provinceSup,
    });
    const text = await r.text();
    expect(text).toContain("460102");
    expect(text).not.toContain("460201");
  });

  it("the province's assessment of the local form scores only Haikou", async () => {
    const r = await call(`/units/460000/assessments/${FORM}/${YEAR}`, { token: provinceSup });
    expect(r.status, await r.clone().text()).toBe(200);
    const a = AssessmentResponseSchema.parse(await r.json());
    expect(a.units.map((u) => u.code)).toEqual(["460100"]);
  });
});
