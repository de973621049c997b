import { env } from "cloudflare:test";
import { strFromU8, unzipSync } from "fflate";
import { beforeAll, describe, expect, it } from "vitest";
import {
  AssessmentResponseSchema,
  RubricInForceSchema,
  RubricVersionSchema,
  type AssessmentResponse,
} from "../../shared/api/supervision";
import { DEFAULT_RUBRIC, type Rubric } from "../../shared/assessment/index";
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

const EXPLANATION = "本年度数据口径调整,已与台账核对一致。";

/** PUT a valid gov-2021 report, explaining any warning; returns the stored report. */
async function submit(token: string, unit: string, year: number, values: Record<string, number>) {
  const got = await call(`/units/${unit}/reports/gov-2021/${year}`, { token });
  const ifMatch = got.headers.get("ETag");
  await got.arrayBuffer();
  let res = await putReport(token, unit, year, { values }, { ifMatch });
  if (res.status === 422) {
    const p = (await res.json()) as { missingExplanations?: string[] };
    const explanations = Object.fromEntries(
      (p.missingExplanations ?? []).map((k) => [k, EXPLANATION]),
    );
    res = await putReport(token, unit, year, { values, explanations }, { ifMatch });
  }
  expect(res.status, await res.clone().text()).toBe(201);
  return (await res.json()) as {
    revision: number;
    warnings: number;
    issues: { key: string }[];
  };
}

async function review(token: string, unit: string, year: number, body: unknown) {
  const res = await call(`/units/${unit}/reports/gov-2021/${year}/review`, {
    method: "POST",
    token,
    body,
  });
  expect(res.status, await res.clone().text()).toBe(200);
}

async function assessment(token: string, unit: string, year = 2022): Promise<AssessmentResponse> {
  const res = await call(`/units/${unit}/assessments/gov-2021/${year}`, { token });
  expect(res.status, await res.clone().text()).toBe(200);
  return AssessmentResponseSchema.parse(await res.json());
}

/** Today's date in China time, moved by `days`. */
function chinaDate(days: number): string {
  const t = Date.now() + 8 * 3_600_000 + days * 86_400_000;
  return new Date(t).toISOString().slice(0, 10);
}

function points(a: AssessmentResponse, code: string): Record<string, number> {
  const u = a.units.find((x) => x.code === code)!;
  return Object.fromEntries(u.items.map((i) => [i.id, i.points]));
}

let run = 0;

describe("assessment from stored facts (default rubric)", () => {
  const p = `AS${++run}x`;
  const [root, onTime, late, returned, rejected, none] = ["0", "1", "2", "3", "4", "5"].map(
    (s) => `${p}${s}`,
  ) as [string, string, string, string, string, string];
  let sup: string;
  let a: AssessmentResponse;

  beforeAll(async () => {
    await seedUnits([
      { code: root, name: "测试县", parent: null },
      { code: onTime, name: "按时局", parent: root },
      { code: late, name: "逾期局", parent: root },
      { code: returned, name: "退回局", parent: root },
      { code: rejected, name: "说明局", parent: root },
      { code: none, name: "未报局", parent: root },
    ]);
    sup = await seedToken(root, "supervisor");
    const admin = await seedToken(root, "admin");
    const clerk = async (u: string) => seedToken(u, "clerk");
    // On time: the root's period is due in 2099.
    await submit(await clerk(onTime), onTime, 2022, validValues(1));
    // Late: its own period, due three days ago (China time), applies before the root's.
    const res = await openPeriodApi(admin, { unit: late, year: 2022, dueDate: chinaDate(-3) });
    expect(res.status, await res.clone().text()).toBe(201);
    await submit(await clerk(late), late, 2022, validValues(2));
    // Returned twice, then resubmitted.
    const c3 = await clerk(returned);
    await submit(c3, returned, 2022, validValues(3));
    await review(sup, returned, 2022, { action: "return", revision: 1, reason: "数据有误" });
    await submit(c3, returned, 2022, validValues(4));
    await review(sup, returned, 2022, { action: "return", revision: 2, reason: "仍有误" });
    await submit(c3, returned, 2022, validValues(5));
    // A 说明 rejected on a return (2022 disagrees with 2021: warnings to explain).
    const c4 = await clerk(rejected);
    await submit(c4, rejected, 2021, validValues(71));
    const r = await submit(c4, rejected, 2022, validValues(72));
    expect(r.warnings).toBeGreaterThan(0);
    await review(sup, rejected, 2022, {
      action: "return",
      revision: 1,
      reason: "说明不充分",
      explanations: { [r.issues[0]!.key]: { decision: "rejected", comment: "请补充依据" } },
    });
    a = await assessment(sup, root);
  });

  it("scores every child from the stored facts, ranked", () => {
    expect(a.rubric).toEqual(DEFAULT_RUBRIC);
    expect(a.units.map((u) => u.code).sort()).toEqual(
      [onTime, late, returned, rejected, none].sort(),
    );
    expect(a.units.map((u) => u.rank)).toEqual([1, 2, 3, 3, 5]);
    expect(a.units[0]!.code).toBe(onTime);
  });

  it("the bulletin (通报) names the late and the missing, issued by the county", () => {
    const text = a.bulletin.join("\n");
    expect(text).toContain("逾期局");
    expect(text).toContain("未报局");
    expect(text).toContain("测试县");
    // Addressed to the departments below and signed by the county's government office.
    expect(a.bulletin[1]!.normalize("NFKC")).toBe("县政府各部门:");
    expect(a.bulletin.at(-2)).toBe("测试县人民政府办公室");
  });

  it("on time: full points, 优秀", () => {
    const u = a.units.find((x) => x.code === onTime)!;
    expect(u).toMatchObject({ score: 100, grade: "excellent", daysLate: 0, returns: 0 });
  });

  it("late by three days: −3 a day on 按时", () => {
    const u = a.units.find((x) => x.code === late)!;
    expect(u.daysLate).toBe(3);
    expect(points(a, late).on_time).toBe(21);
    expect(u).toMatchObject({ score: 91, grade: "good" });
  });

  it("returned twice: −5 a return", () => {
    expect(points(a, returned).returns).toBe(10);
    expect(a.units.find((x) => x.code === returned)).toMatchObject({ returns: 2, score: 90 });
  });

  it("a rejected 说明 costs 5 on 警告说明 (and the return 5)", () => {
    expect(points(a, rejected)).toMatchObject({ explanations: 5, returns: 15 });
    expect(a.units.find((x) => x.code === rejected)!.score).toBe(90);
  });

  it("nothing submitted: 0 in every item, 不合格", () => {
    const u = a.units.find((x) => x.code === none)!;
    expect(u).toMatchObject({ score: 0, grade: "fail", submitted: false, rank: 5 });
    expect(u.items.every((i) => i.points === 0)).toBe(true);
  });

  it("CSV and xlsx carry the same ranking", async () => {
    const csv = await call(`/units/${root}/assessments/gov-2021/2022?format=csv`, { token: sup });
    expect(csv.headers.get("Content-Disposition")).toContain(".csv");
    const named = /filename\*=UTF-8''(.+)$/.exec(csv.headers.get("Content-Disposition")!)![1]!;
    expect(decodeURIComponent(named)).toMatch(/^.+_2022年政府信息公开工作考核\.csv$/);
    const lines = (await csv.text())
      .replace(/^\uFEFF/, "")
      .trim()
      .split("\r\n");
    expect(lines[0]).toContain("总分");
    expect(lines[1]).toContain(onTime);
    expect(lines[1]).toContain("优秀");
    expect(lines.at(-1)).toContain("不合格");
    const x = await call(`/units/${root}/assessments/gov-2021/2022?format=xlsx`, { token: sup });
    expect(x.status).toBe(200);
    const files = unzipSync(new Uint8Array(await x.arrayBuffer()));
    const shared = strFromU8(files["xl/sharedStrings.xml"]!);
    for (const code of [onTime, late, none]) expect(shared).toContain(code);
    expect(strFromU8(files["xl/workbook.xml"]!)).toContain("考核");
  });

  it("who may read it: a supervisor or admin of the unit or above; never a clerk or a sibling", async () => {
    await expectProblem(
      await call(`/units/${root}/assessments/gov-2021/2022`, {
        token: await seedToken(onTime, "clerk"),
      }),
      403,
      "forbidden",
    );
    await expectProblem(
      await call(`/units/${root}/assessments/gov-2021/2022`, {
        token: await seedToken(late, "supervisor"),
      }),
      403,
      "forbidden",
    );
    // The supervisor of a child sees its (empty) level below.
    expect((await assessment(await seedToken(late, "supervisor"), late)).units).toEqual([]);
    expect((await assessment(await seedToken(root, "admin"), root)).units).toHaveLength(5);
    await expectProblem(
      await call(`/units/${root}/assessments/gov-2021/2022?format=pdf`, { token: sup }),
      400,
      "invalid-format",
    );
  });
});

/** One submitted point plus a 99-point manual item: a score is whatever the supervisor gives. */
const MANUAL_RUBRIC: Rubric = {
  ...DEFAULT_RUBRIC,
  id: "manual-test",
  items: [
    {
      id: "submitted",
      label: { zh: "报送", en: "Submitted" },
      max: 1,
      measure: { kind: "submitted" },
    },
    { id: "quality", label: { zh: "质量", en: "Quality" }, max: 99, measure: { kind: "manual" } },
  ],
};

describe("rubrics and manual scores", () => {
  const p = `AS${++run}x`;
  const root = `${p}0`;
  const dept = `${p}1`;
  let admin: string;
  let sup: string;

  beforeAll(async () => {
    await seedUnits([
      { code: root, name: "评分县", parent: null },
      { code: dept, name: "评分局", parent: root },
    ]);
    admin = await seedToken(root, "admin");
    sup = await seedToken(root, "supervisor");
    await submit(await seedToken(dept, "clerk"), dept, 2022, validValues(9));
  });

  const manual = (token: string, body: unknown) =>
    call(`/units/${root}/assessments/gov-2021/2022/manual`, { method: "PUT", token, body });

  it("an admin sets the subtree's rubric: versioned, audited, in force below", async () => {
    const before = RubricInForceSchema.parse(
      await (await call(`/units/${dept}/rubrics/gov-2021/2022`, { token: sup })).json(),
    );
    expect(before).toEqual({ rubric: DEFAULT_RUBRIC, version: null });
    const body = { unit: root, form: "gov-2021", year: 2022, rubric: MANUAL_RUBRIC };
    for (const version of [1, 2]) {
      const res = await call("/admin/rubrics", { method: "PUT", token: admin, body });
      expect(res.status, await res.clone().text()).toBe(201);
      expect(RubricVersionSchema.parse(await res.json()).version).toBe(version);
    }
    const below = RubricInForceSchema.parse(
      await (await call(`/units/${dept}/rubrics/gov-2021/2022`, { token: sup })).json(),
    );
    expect(below.version).toMatchObject({ version: 2, unit: { code: root } });
    expect(below.rubric.id).toBe("manual-test");
    const audit = await env.DB.prepare(
      `SELECT count(*) AS n FROM audit_log WHERE action = 'rubric.set' AND target = ?1`,
    )
      .bind(`${root}/gov-2021/2022`)
      .first<{ n: number }>();
    expect(audit!.n).toBe(2);
    // Another year keeps the default.
    const y = await call(`/units/${dept}/rubrics/gov-2021/2021`, { token: sup });
    expect(((await y.json()) as { version: unknown }).version).toBeNull();
  });

  it("grades at 59/60/84/85/94/95 from a supervisor's manual points", async () => {
    const expected: [number, string][] = [
      [58, "fail"],
      [59, "pass"],
      [83, "pass"],
      [84, "good"],
      [93, "good"],
      [94, "excellent"],
    ];
    for (const [given, grade] of expected) {
      const res = await manual(sup, {
        unit: dept,
        item: "quality",
        points: given,
        reason: "栏目检查",
      });
      expect(res.status, await res.clone().text()).toBe(200);
      const u = AssessmentResponseSchema.parse(await res.json()).units[0]!;
      expect([u.score, u.grade]).toEqual([given + 1, grade]);
      expect(u.items.find((i) => i.id === "quality")!.reason).toContain("栏目检查");
    }
  });

  it("bad rubrics, bad manual scores and the wrong callers change nothing", async () => {
    const deptAdmin = await seedToken(dept, "admin");
    const clerk = await seedToken(dept, "clerk");
    const before = await snapshot();
    const bad = { ...MANUAL_RUBRIC, total: 90 };
    await expectProblem(
      await call("/admin/rubrics", {
        method: "PUT",
        token: admin,
        body: { unit: root, form: "gov-2021", year: 2022, rubric: bad },
      }),
      400,
      "invalid-body",
    );
    await expectProblem(
      await call("/admin/rubrics", {
        method: "PUT",
        token: sup,
        body: { unit: root, form: "gov-2021", year: 2022, rubric: MANUAL_RUBRIC },
      }),
      403,
      "forbidden",
    );
    await expectProblem(
      await call("/admin/rubrics", {
        method: "PUT",
        // An admin below the root administers only its own subtree.
        token: deptAdmin,
        body: { unit: root, form: "gov-2021", year: 2022, rubric: MANUAL_RUBRIC },
      }),
      403,
      "forbidden",
    );
    const score = { unit: dept, item: "quality", points: 5, reason: "x" };
    await expectProblem(await manual(sup, { ...score, points: 100 }), 422, "manual-score-invalid");
    await expectProblem(
      await manual(sup, { ...score, item: "submitted" }),
      422,
      "manual-score-invalid",
    );
    await expectProblem(await manual(sup, { ...score, unit: root }), 422, "manual-score-invalid");
    await expectProblem(await manual(sup, { ...score, reason: " " }), 400, "invalid-body");
    await expectProblem(await manual(admin, score), 403, "forbidden");
    await expectProblem(await manual(clerk, score), 403, "forbidden");
    expect(await snapshot()).toEqual(before);
  });
});
