import { env } from "cloudflare:test";
import { strFromU8, unzipSync } from "fflate";
import { beforeAll, describe, expect, it } from "vitest";
import {
  HistoryResponseSchema,
  PeriodSchema,
  PeriodsResponseSchema,
  ReportSchema,
  RollupSchema,
  type Report,
} from "../../shared/api/schemas";
import {
  call,
  expectProblem,
  gov2021,
  newKey,
  openPeriodApi,
  putReport,
  seedToken,
  seedUnits,
  submit,
  validValues,
} from "./helpers";

let run = 0;

interface Tree {
  root: string;
  d1: string;
  d2: string;
  admin: string;
  sup: string;
  clerk1: string;
  clerk2: string;
  /** A supervisor credential of d1 itself. */
  supD1: string;
  /** A supervisor of d2 (a sibling of d1). */
  supD2: string;
}

/** A county with two departments and every credential the tests need. */
async function tree(): Promise<Tree> {
  const p = `W${++run}x`;
  const root = `${p}0`;
  const d1 = `${p}1`;
  const d2 = `${p}2`;
  await seedUnits([
    { code: root, name: `县${run}`, parent: null },
    { code: d1, name: `局${run}甲`, parent: root },
    { code: d2, name: `局${run}乙`, parent: root },
  ]);
  return {
    root,
    d1,
    d2,
    admin: await seedToken(root, "admin"),
    sup: await seedToken(root, "supervisor"),
    clerk1: await seedToken(d1, "clerk"),
    clerk2: await seedToken(d2, "clerk"),
    supD1: await seedToken(d1, "supervisor"),
    supD2: await seedToken(d2, "supervisor"),
  };
}

async function review(
  token: string,
  unit: string,
  year: number,
  body: unknown,
  key?: string,
): Promise<Response> {
  return call(`/units/${unit}/reports/gov-2021/${year}/review`, {
    method: "POST",
    token,
    body,
    headers: key ? { "Idempotency-Key": key } : {},
  });
}

async function ok(res: Response): Promise<Report> {
  expect(res.status, await res.clone().text()).toBe(200);
  return ReportSchema.parse(await res.json());
}

async function getReport(token: string, unit: string, year: number): Promise<Report> {
  return ok(await call(`/units/${unit}/reports/gov-2021/${year}`, { token }));
}

const CELL = "requests.granted.natural";

describe("statuses and transitions", () => {
  let t: Tree;
  beforeAll(async () => {
    t = await tree();
  });

  it("submit → return (reason, remark, review) → resubmit → accept → locked → reopen → resubmit", async () => {
    const v1 = validValues(11);
    const r1 = await submit(t.clerk1, t.d1, 2021, v1);
    expect(r1).toMatchObject({
      status: "submitted",
      resubmitted: false,
      late: false,
      dueDate: "2099-12-31",
      returnReason: null,
      remarks: [],
      explanationReviews: {},
    });

    const returned = await ok(
      await review(t.sup, t.d1, 2021, {
        action: "return",
        revision: 1,
        reason: "表三第(七)项与明细不符",
        remarks: [{ cell: CELL, text: "与受理台账不一致,请核对" }],
      }),
    );
    expect(returned.status).toBe("returned");
    expect(returned.returnReason).toBe("表三第(七)项与明细不符");
    expect(returned.remarks).toHaveLength(1);
    expect(returned.remarks[0]).toMatchObject({
      cell: CELL,
      text: "与受理台账不一致,请核对",
      author: { name: `县${run}`, role: "supervisor" },
      revision: 1,
      resolved: false,
      resolution: null,
      answer: null,
    });
    // The clerk sees the same through GET.
    expect(await getReport(t.clerk1, t.d1, 2021)).toEqual(returned);

    // Resubmit with the remarked cell changed: the remark is resolved as `changed`.
    let seed = 12;
    while (validValues(seed)[CELL] === v1[CELL]) seed++;
    const r2 = await submit(t.clerk1, t.d1, 2021, validValues(seed));
    expect(r2).toMatchObject({
      revision: 2,
      status: "submitted",
      resubmitted: true,
      returnReason: "表三第(七)项与明细不符",
    });
    expect(r2.remarks[0]).toMatchObject({ resolved: true, resolution: "changed", answer: null });

    const accepted = await ok(await review(t.sup, t.d1, 2021, { action: "accept", revision: 2 }));
    expect(accepted).toMatchObject({ status: "accepted", resubmitted: false, returnReason: null });

    // Locked: the clerk's PUT is refused, the report unchanged.
    const locked = await putReport(
      t.clerk1,
      t.d1,
      2021,
      { values: validValues(13) },
      { ifMatch: '"gov-2021-2021-r2"' },
    );
    const problem = await expectProblem(locked, 409, "report-locked");
    expect(problem.detail).toMatch(/已通过审核/);
    expect(problem.detail_en).toMatch(/locked/);
    expect((await getReport(t.sup, t.d1, 2021)).revision).toBe(2);

    const reopened = await ok(
      await review(t.sup, t.d1, 2021, { action: "reopen", reason: "发现上报口径错误" }),
    );
    expect(reopened).toMatchObject({ status: "returned", returnReason: "发现上报口径错误" });

    const r3 = await submit(t.clerk1, t.d1, 2021, validValues(14));
    expect(r3).toMatchObject({ revision: 3, status: "submitted", resubmitted: true });

    const h = HistoryResponseSchema.parse(
      await (
        await call(`/units/${t.d1}/reports/gov-2021/2021/history`, { token: t.clerk1 })
      ).json(),
    );
    expect(h.events.map((e) => [e.action, e.from, e.to, e.revision, e.by.role, e.reason])).toEqual([
      ["submit", null, "submitted", 1, "clerk", null],
      ["return", "submitted", "returned", 1, "supervisor", "表三第(七)项与明细不符"],
      ["submit", "returned", "submitted", 2, "clerk", null],
      ["accept", "submitted", "accepted", 2, "supervisor", null],
      ["reopen", "accepted", "returned", 2, "supervisor", "发现上报口径错误"],
      ["submit", "returned", "submitted", 3, "clerk", null],
    ]);
    expect(h.events[1]!.by.unit.code).toBe(t.root);
    expect(h.events[0]!.by.unit.code).toBe(t.d1);
    // Every transition is in the database too, with an audit line each.
    const { results } = await env.DB.prepare(
      `SELECT action FROM audit_log WHERE target = ?1 ORDER BY id`,
    )
      .bind(`${t.d1}/gov-2021/2021`)
      .all<{ action: string }>();
    expect(results.map((r) => r.action)).toEqual([
      "report.submit",
      "report.return",
      "report.submit",
      "report.accept",
      "report.reopen",
      "report.submit",
    ]);
  });

  it("an answer in the PUT resolves a remark as answered; remarks stay readable", async () => {
    const v = validValues(21);
    await submit(t.clerk2, t.d2, 2021, v);
    const ret = await ok(
      await review(t.sup, t.d2, 2021, {
        action: "return",
        revision: 1,
        reason: "请说明",
        remarks: [
          { cell: CELL, text: "请核对" },
          { cell: "requests.new.natural", text: "数字偏大" },
        ],
      }),
    );
    const [a, b] = ret.remarks;
    const again = await submit(t.clerk2, t.d2, 2021, v, { answers: { [a!.id]: "已核对无误" } });
    expect(again.remarks).toEqual([
      { ...a, resolved: true, resolution: "answered", answer: "已核对无误" },
      b,
    ]);
    await ok(await review(t.sup, t.d2, 2021, { action: "accept", revision: 2 }));
    expect((await getReport(t.clerk2, t.d2, 2021)).remarks).toHaveLength(2);
  });

  it("illegal transitions → 409 illegal-transition, state unchanged", async () => {
    const u = await tree();
    await expectProblem(
      await review(u.sup, u.d1, 2021, { action: "accept", revision: 1 }),
      404,
      "report-not-found",
    );
    await submit(u.clerk1, u.d1, 2021, validValues(31));
    // submitted: reopen is illegal
    await expectProblem(
      await review(u.sup, u.d1, 2021, { action: "reopen", reason: "x" }),
      409,
      "illegal-transition",
    );
    await ok(await review(u.sup, u.d1, 2021, { action: "return", revision: 1, reason: "退回" }));
    // returned: return, accept and reopen are illegal
    for (const body of [
      { action: "return", revision: 1, reason: "再退" },
      { action: "accept", revision: 1 },
      { action: "reopen", reason: "重开" },
    ]) {
      await expectProblem(await review(u.sup, u.d1, 2021, body), 409, "illegal-transition");
    }
    await submit(u.clerk1, u.d1, 2021, validValues(32));
    await ok(await review(u.sup, u.d1, 2021, { action: "accept", revision: 2 }));
    // accepted: return and accept are illegal
    for (const body of [
      { action: "return", revision: 2, reason: "退回" },
      { action: "accept", revision: 2 },
    ]) {
      await expectProblem(await review(u.sup, u.d1, 2021, body), 409, "illegal-transition");
    }
    expect((await getReport(u.sup, u.d1, 2021)).status).toBe("accepted");
    const h = HistoryResponseSchema.parse(
      await (await call(`/units/${u.d1}/reports/gov-2021/2021/history`, { token: u.sup })).json(),
    );
    expect(h.events.map((e) => e.action)).toEqual(["submit", "return", "submit", "accept"]);
  });

  it("a review of another revision → 409 stale-revision", async () => {
    const u = await tree();
    await submit(u.clerk1, u.d1, 2021, validValues(41));
    await submit(u.clerk1, u.d1, 2021, validValues(42));
    await expectProblem(
      await review(u.sup, u.d1, 2021, { action: "accept", revision: 1 }),
      409,
      "stale-revision",
    );
    await expectProblem(
      await review(u.sup, u.d1, 2021, { action: "return", revision: 3, reason: "x" }),
      409,
      "stale-revision",
    );
    expect((await getReport(u.sup, u.d1, 2021)).status).toBe("submitted");
  });

  it("who may review: a supervisor of a strict ancestor only", async () => {
    const u = await tree();
    await submit(u.clerk1, u.d1, 2021, validValues(51));
    const body = { action: "accept", revision: 1 };
    await expectProblem(await review(u.clerk1, u.d1, 2021, body), 403, "forbidden");
    await expectProblem(await review(u.clerk2, u.d1, 2021, body), 403, "forbidden");
    await expectProblem(await review(u.supD1, u.d1, 2021, body), 403, "forbidden");
    await expectProblem(await review(u.supD2, u.d1, 2021, body), 403, "forbidden");
    await expectProblem(await review(u.admin, u.d1, 2021, body), 403, "forbidden");
    await expectProblem(await review(t.sup, u.d1, 2021, body), 403, "forbidden");
    await expectProblem(await review(u.sup, "NOSUCHUNIT", 2021, body), 403, "forbidden");
    await expectProblem(await review(null as unknown as string, u.d1, 2021, body), 401);
    // Nor the county's own report (a supervisor reviews units below their own).
    const rootClerk = await seedToken(u.root, "clerk");
    await submit(rootClerk, u.root, 2021, validValues(52));
    await expectProblem(
      await review(u.sup, u.root, 2021, { action: "accept", revision: 1 }),
      403,
      "forbidden",
    );
    expect((await getReport(u.sup, u.d1, 2021)).status).toBe("submitted");
    await ok(await review(u.sup, u.d1, 2021, body));
  });

  it("bad review bodies: 400 / 422, never 5xx", async () => {
    const u = await tree();
    await submit(u.clerk1, u.d1, 2021, validValues(61));
    await expectProblem(
      await review(u.sup, u.d1, 2021, { action: "return", revision: 1, reason: "  " }),
      422,
      "reason-required",
    );
    await expectProblem(
      await review(u.sup, u.d1, 2021, { action: "return", revision: 1 }),
      400,
      "invalid-body",
    );
    await expectProblem(
      await review(u.sup, u.d1, 2021, {
        action: "return",
        revision: 1,
        reason: "r",
        remarks: [{ cell: "no.such.cell", text: "x" }],
      }),
      422,
      "unknown-cell",
    );
    await expectProblem(
      await review(u.sup, u.d1, 2021, {
        action: "accept",
        revision: 1,
        explanations: { "N6:nope": { decision: "accepted" } },
      }),
      422,
      "unknown-issue",
    );
    for (const body of [
      { action: "approve", revision: 1 },
      { action: "accept", revision: "1" },
      { action: "accept", revision: 1, extra: true },
      [],
      "accept",
    ]) {
      await expectProblem(await review(u.sup, u.d1, 2021, body), 400, "invalid-body");
    }
    await expectProblem(
      await call(`/units/${u.d1}/reports/gov-2021/2021/review`, {
        method: "POST",
        token: u.sup,
        raw: "{not json",
        headers: { "Content-Type": "application/json" },
      }),
      400,
      "malformed-json",
    );
    expect((await getReport(u.sup, u.d1, 2021)).status).toBe("submitted");
  });

  it("explanation reviews: stored with a return; an accept may not reject (422)", async () => {
    const u = await tree();
    await submit(u.clerk1, u.d1, 2021, validValues(71));
    // A report for 2022 whose carried-in figures disagree with 2021: warnings to explain.
    const r = await submit(u.clerk1, u.d1, 2022, validValues(72));
    expect(r.warnings).toBeGreaterThan(0);
    const key = r.issues[0]!.key;
    await expectProblem(
      await review(u.sup, u.d1, 2022, {
        action: "accept",
        revision: 1,
        explanations: { [key]: { decision: "rejected", comment: "不成立" } },
      }),
      422,
      "explanation-rejected",
    );
    const ret = await ok(
      await review(u.sup, u.d1, 2022, {
        action: "return",
        revision: 1,
        reason: "说明不充分",
        explanations: { [key]: { decision: "rejected", comment: "请补充依据" } },
      }),
    );
    expect(ret.explanationReviews[key]).toMatchObject({
      decision: "rejected",
      comment: "请补充依据",
    });
    expect((await getReport(u.clerk1, u.d1, 2022)).explanationReviews).toEqual(
      ret.explanationReviews,
    );
    // A new revision starts without reviews; an accept records its decisions.
    const r2 = await submit(u.clerk1, u.d1, 2022, validValues(72));
    expect(r2.explanationReviews).toEqual({});
    const acc = await ok(
      await review(u.sup, u.d1, 2022, {
        action: "accept",
        revision: 2,
        explanations: Object.fromEntries(r2.issues.map((i) => [i.key, { decision: "accepted" }])),
      }),
    );
    expect(Object.values(acc.explanationReviews).map((x) => x.decision)).toEqual(
      r2.issues.map(() => "accepted"),
    );
  });

  it("review with an Idempotency-Key: a retry replays, another body with the key → 422", async () => {
    const u = await tree();
    await submit(u.clerk1, u.d1, 2021, validValues(81));
    const key = newKey();
    const body = {
      action: "return",
      revision: 1,
      reason: "退回",
      remarks: [{ cell: CELL, text: "核对" }],
    };
    const first = await review(u.sup, u.d1, 2021, body, key);
    const firstText = await first.text();
    expect(first.status, firstText).toBe(200);
    expect(first.headers.get("ETag")).toBe('"gov-2021-2021-r1"');
    const again = await review(u.sup, u.d1, 2021, body, key);
    expect(again.status).toBe(200);
    expect(again.headers.get("Idempotent-Replayed")).toBe("true");
    expect(await again.text()).toBe(firstText);
    await expectProblem(
      await review(u.sup, u.d1, 2021, { ...body, reason: "别的" }, key),
      422,
      "idempotency-key-reused",
    );
    // One transition stored, one remark.
    const h = HistoryResponseSchema.parse(
      await (await call(`/units/${u.d1}/reports/gov-2021/2021/history`, { token: u.sup })).json(),
    );
    expect(h.events).toHaveLength(2);
    expect((await getReport(u.sup, u.d1, 2021)).remarks).toHaveLength(1);
    // Without a key, a retry of an applied transition is an illegal transition (no double apply).
    await expectProblem(await review(u.sup, u.d1, 2021, body), 409, "illegal-transition");
  });

  it("concurrent accepts of the same revision: exactly one applies", async () => {
    const u = await tree();
    await submit(u.clerk1, u.d1, 2021, validValues(91));
    const sup2 = await seedToken(u.root, "supervisor");
    const results = await Promise.all([
      review(u.sup, u.d1, 2021, { action: "accept", revision: 1 }),
      review(sup2, u.d1, 2021, { action: "accept", revision: 1 }),
    ]);
    const statuses = results.map((r) => r.status).sort();
    expect(statuses).toEqual([200, 409]);
    await Promise.all(results.map((r) => r.arrayBuffer()));
    const { results: agg } = await env.DB.prepare(
      `SELECT a.accepted FROM accepted_aggregates a JOIN units u ON u.id = a.unit_id WHERE u.code = ?1`,
    )
      .bind(u.root)
      .all<{ accepted: number }>();
    expect(agg).toEqual([{ accepted: 1 }]);
  });
});

describe("periods", () => {
  async function bareTree(): Promise<Tree> {
    const u = await tree();
    await env.DB.prepare(
      `DELETE FROM periods WHERE unit_id IN (SELECT id FROM units WHERE code = ?1)`,
    )
      .bind(u.root)
      .run();
    return u;
  }

  it("a PUT without an open period → 409 no-open-period; admin opens, closes; idempotent open", async () => {
    const u = await bareTree();
    const values = validValues(101);
    const p = await expectProblem(
      await putReport(u.clerk1, u.d1, 2025, { values }),
      409,
      "no-open-period",
    );
    expect(p.detail).toBe(
      "本单位 2025 年度《政府信息公开工作年度报告统计表》的填报期尚未开启或已关闭",
    );

    const opened = await openPeriodApi(u.admin, {
      unit: u.root,
      year: 2025,
      dueDate: "2099-01-31",
    });
    expect(opened.status, await opened.clone().text()).toBe(201);
    const period = PeriodSchema.parse(await opened.json());
    expect(period).toMatchObject({
      unit: { code: u.root },
      form: "gov-2021",
      year: 2025,
      dueDate: "2099-01-31",
      supplements: { capacity: true },
      closedAt: null,
    });
    const same = await openPeriodApi(u.admin, { unit: u.root, year: 2025, dueDate: "2099-01-31" });
    expect(same.status).toBe(200);
    expect(await same.json()).toEqual(period);
    const changed = PeriodSchema.parse(
      await (
        await openPeriodApi(u.admin, { unit: u.root, year: 2025, dueDate: "2099-02-28" })
      ).json(),
    );
    expect(changed).toMatchObject({ id: period.id, dueDate: "2099-02-28" });

    const listed = PeriodsResponseSchema.parse(
      await (await call(`/units/${u.d1}/periods`, { token: u.clerk1 })).json(),
    );
    expect(listed.periods).toEqual([changed]);

    const r = await putReport(u.clerk1, u.d1, 2025, { values });
    expect(r.status, await r.clone().text()).toBe(201);
    expect(ReportSchema.parse(await r.json())).toMatchObject({
      late: false,
      dueDate: "2099-02-28",
    });

    const closed = await call(`/admin/periods/${period.id}/close`, {
      method: "POST",
      token: u.admin,
    });
    expect(closed.status).toBe(200);
    expect(PeriodSchema.parse(await closed.json()).closedAt).not.toBeNull();
    await expectProblem(
      await putReport(u.clerk1, u.d1, 2025, { values }, { ifMatch: '"gov-2021-2025-r1"' }),
      409,
      "no-open-period",
    );
    // Opening again reopens it.
    const re = PeriodSchema.parse(
      await (
        await openPeriodApi(u.admin, { unit: u.root, year: 2025, dueDate: "2099-02-28" })
      ).json(),
    );
    expect(re.closedAt).toBeNull();
  });

  it("only an admin opens or closes periods; bad bodies are 400/403/404", async () => {
    const u = await bareTree();
    for (const token of [u.sup, u.clerk1]) {
      await expectProblem(
        await openPeriodApi(token, { unit: u.root, year: 2025, dueDate: "2099-01-31" }),
        403,
        "forbidden",
      );
      await expectProblem(
        await call(`/admin/periods/x/close`, { method: "POST", token }),
        403,
        "forbidden",
      );
    }
    await expectProblem(
      await openPeriodApi(u.admin, { unit: u.root, year: 2025, dueDate: "2099-02-30" }),
      400,
      "invalid-body",
    );
    await expectProblem(
      await openPeriodApi(u.admin, { unit: u.root, year: 2025, dueDate: "31/01/2026" }),
      400,
      "invalid-body",
    );
    await expectProblem(
      await openPeriodApi(u.admin, { unit: "NOPE", year: 2025, dueDate: "2099-01-31" }),
      403,
    );
    await expectProblem(
      await openPeriodApi(u.admin, {
        unit: u.root,
        form: "gov-1999",
        year: 2025,
        dueDate: "2099-01-31",
      }),
      404,
      "unknown-form",
    );
    await expectProblem(
      await call(`/admin/periods/nope/close`, { method: "POST", token: u.admin }),
      404,
    );
  });

  it("the nearest period applies; a revision after the due date (UTC+8) is late", async () => {
    const u = await bareTree();
    await openPeriodApi(u.admin, { unit: u.root, year: 2024, dueDate: "2099-01-31" });
    // d2 has its own period, already past.
    await openPeriodApi(u.admin, { unit: u.d2, year: 2024, dueDate: "2020-01-31" });
    const r1 = await submit(u.clerk1, u.d1, 2024, validValues(111));
    const r2 = await submit(u.clerk2, u.d2, 2024, validValues(112));
    expect([r1.late, r1.dueDate]).toEqual([false, "2099-01-31"]);
    expect([r2.late, r2.dueDate]).toEqual([true, "2020-01-31"]);
    const p2 = PeriodsResponseSchema.parse(
      await (await call(`/units/${u.d2}/periods`, { token: u.clerk2 })).json(),
    );
    expect(p2.periods.map((p) => p.unit.code)).toEqual([u.d2]);

    const roll = RollupSchema.parse(
      await (await call(`/units/${u.root}/rollups/gov-2021/2024`, { token: u.sup })).json(),
    );
    const byCode = new Map(roll.completeness.map((e) => [e.code, e]));
    expect(byCode.get(u.d1)).toMatchObject({
      status: "submitted",
      late: false,
      timeliness: "on_time",
    });
    expect(byCode.get(u.d2)).toMatchObject({ status: "submitted", late: true, timeliness: "late" });
    expect(byCode.get(u.root)).toMatchObject({
      status: "missing",
      late: null,
      timeliness: "missing",
    });
  });

  it("late boundary: 23:59:59 China time of the due date", async () => {
    const { isLate } = await import("../src/domain/periods");
    expect(isLate("2026-01-31", "2026-01-31T15:59:59.000Z")).toBe(false);
    expect(isLate("2026-01-31", "2026-01-31T16:00:00.000Z")).toBe(true);
  });

  it("supplement not collected: its cells must be 0, its rules skipped", async () => {
    const u = await bareTree();
    await openPeriodApi(u.admin, {
      unit: u.root,
      year: 2023,
      dueDate: "2099-01-31",
      supplements: { capacity: false },
    });
    const capacityCells = gov2021()
      .cells.filter((c) => c.supplement === "capacity")
      .map((c) => c.id);
    expect(capacityCells.length).toBeGreaterThan(0);
    const values = validValues(121);
    const withCapacity = { ...values, [capacityCells[0]!]: 3 };
    const p = await expectProblem(
      await putReport(u.clerk1, u.d1, 2023, { values: withCapacity }),
      422,
      "supplement-not-collected",
    );
    expect(p.cells).toContain(capacityCells[0]);
    const blank = { ...values };
    for (const c of capacityCells) blank[c] = 0;
    const r = await putReport(u.clerk1, u.d1, 2023, { values: blank });
    expect(r.status, await r.clone().text()).toBe(201);
    const periods = PeriodsResponseSchema.parse(
      await (await call(`/units/${u.d1}/periods`, { token: u.clerk1 })).json(),
    );
    expect(periods.periods[0]!.supplements).toEqual({ capacity: false });
  });
});

describe("rollups with include", () => {
  it("counts, accepted-only figures, completeness statuses and rules", async () => {
    const u = await tree();
    const d3 = `${u.root}3`;
    await seedUnits([{ code: d3, name: "第三局", parent: u.root }]);
    const v1 = validValues(201);
    const v2 = validValues(202);
    await submit(u.clerk1, u.d1, 2021, v1);
    await submit(u.clerk2, u.d2, 2021, v2);
    await ok(await review(u.sup, u.d1, 2021, { action: "accept", revision: 1 }));
    await ok(await review(u.sup, u.d2, 2021, { action: "return", revision: 1, reason: "退回" }));

    const get = async (include?: string) =>
      RollupSchema.parse(
        await (
          await call(
            `/units/${u.root}/rollups/gov-2021/2021${include ? `?include=${include}` : ""}`,
            { token: u.sup },
          )
        ).json(),
      );
    const sub = await get();
    expect(sub).toMatchObject({
      include: "submitted",
      included: 2,
      pending: 0,
      missing: 2,
      units: 4,
    });
    const acc = await get("accepted");
    expect(acc).toMatchObject({ include: "accepted", included: 1, pending: 1, missing: 2 });
    for (const cell of gov2021().cells) {
      expect(acc.values[cell.id]).toBeCloseTo(v1[cell.id] ?? 0, 4);
      expect(sub.values[cell.id]).toBeCloseTo((v1[cell.id] ?? 0) + (v2[cell.id] ?? 0), 4);
    }
    const child = (r: typeof acc, code: string) => r.children.find((c) => c.code === code)!;
    expect(child(acc, u.d1)).toMatchObject({ included: 1, pending: 0, missing: 0 });
    expect(child(acc, u.d2)).toMatchObject({ included: 0, pending: 1, missing: 0 });
    expect(child(acc, d3)).toMatchObject({ included: 0, pending: 0, missing: 1 });
    expect(Object.values(child(acc, u.d2).values).every((v) => v === 0)).toBe(true);
    expect(child(sub, u.d2)).toMatchObject({ included: 1, pending: 0, missing: 0 });
    const status = new Map(acc.completeness.map((e) => [e.code, e.status]));
    expect([status.get(u.d1), status.get(u.d2), status.get(d3)]).toEqual([
      "accepted",
      "returned",
      "missing",
    ]);
    expect(acc.rules).toEqual([]);
    // The xlsx 报送情况 sheet names the statuses.
    const xlsx = await call(`/units/${u.root}/rollups/gov-2021/2021?format=xlsx`, {
      token: u.sup,
    });
    expect(xlsx.status).toBe(200);
    const sheets = unzipSync(new Uint8Array(await xlsx.arrayBuffer()));
    const text = Object.entries(sheets)
      .filter(([name]) => name.startsWith("xl/"))
      .map(([, data]) => strFromU8(data))
      .join("");
    for (const label of ["已通过", "已退回", "未报送", "报送时效", "按时"])
      expect(text).toContain(label);
    // Submission times in China time to the minute, as the supervisor's clock reads them.
    const sent = acc.completeness.find((e) => e.code === u.d1)!.submittedAt!;
    const local = new Date(Date.parse(sent) + 8 * 3_600_000).toISOString();
    expect(text).toContain(`${local.slice(0, 10)} ${local.slice(11, 16)}`);
    expect(text).not.toContain(sent);

    // Rules: two units with a cross-year warning in 2022.
    await submit(u.clerk1, u.d1, 2022, validValues(203));
    await submit(u.clerk2, u.d2, 2022, validValues(204));
    const r22 = RollupSchema.parse(
      await (await call(`/units/${u.root}/rollups/gov-2021/2022`, { token: u.sup })).json(),
    );
    expect(r22.rules!.length).toBeGreaterThan(0);
    const top = r22.rules![0]!;
    expect(top.units).toBe(top.codes.length);
    expect(top.codes.every((c) => c === u.d1 || c === u.d2)).toBe(true);
    for (let i = 1; i < r22.rules!.length; i++)
      expect(r22.rules![i - 1]!.units).toBeGreaterThanOrEqual(r22.rules![i]!.units);
    // The counts come from the per-node rule aggregates: the same without the completeness list
    // (which is when the codes are left out); a fixed report leaves the counts.
    const lean = RollupSchema.parse(
      await (
        await call(`/units/${u.root}/rollups/gov-2021/2022?completeness=none`, { token: u.sup })
      ).json(),
    );
    expect(lean.rules!.map((r) => [r.rule, r.units, r.codes])).toEqual(
      r22.rules!.map((r) => [r.rule, r.units, []]),
    );
    // A new revision with other warnings moves the counts: they still match the failing units.
    for (const seed of [205, 206, 207]) {
      const again = await submit(u.clerk1, u.d1, 2022, validValues(seed));
      const own = new Set(again.issues.map((i) => i.rule));
      const after = RollupSchema.parse(
        await (await call(`/units/${u.root}/rollups/gov-2021/2022`, { token: u.sup })).json(),
      );
      for (const r of after.rules!) {
        expect(r.units).toBe(r.codes.length);
        expect(r.codes.includes(u.d1)).toBe(own.has(r.rule));
      }
      const listed = new Set(after.rules!.map((r) => r.rule));
      for (const rule of own) expect(listed.has(rule)).toBe(true);
    }
    await expectProblem(
      await call(`/units/${u.root}/rollups/gov-2021/2021?include=all`, { token: u.sup }),
      400,
      "invalid-include",
    );
  });

  it("multi-level: the city sees the county child with exactly what the county accepted", async () => {
    const p = `M${++run}x`;
    const city = `${p}C`;
    const county = `${p}K`;
    const other = `${p}L`;
    const deps = [`${p}K1`, `${p}K2`, `${p}K3`];
    await seedUnits([
      { code: city, name: "温州市", parent: null },
      { code: county, name: "苍南县", parent: city },
      { code: other, name: "平阳县", parent: city },
      ...deps.map((d, i) => ({ code: d, name: `苍南县部门${i}`, parent: county })),
    ]);
    const citySup = await seedToken(city, "supervisor");
    const countySup = await seedToken(county, "supervisor");
    const clerks = await Promise.all(deps.map((d) => seedToken(d, "clerk")));
    const otherClerk = await seedToken(other, "clerk");
    const vals = deps.map((_, i) => validValues(300 + i));
    for (let i = 0; i < deps.length; i++) await submit(clerks[i]!, deps[i]!, 2021, vals[i]!);
    await submit(otherClerk, other, 2021, validValues(310));
    // The county supervisor accepts two of three departments.
    await ok(await review(countySup, deps[0]!, 2021, { action: "accept", revision: 1 }));
    await ok(await review(countySup, deps[1]!, 2021, { action: "accept", revision: 1 }));
    // The city supervisor may not review the county's departments? It may: they are below it.
    const countyRollup = RollupSchema.parse(
      await (
        await call(`/units/${county}/rollups/gov-2021/2021?include=accepted`, { token: countySup })
      ).json(),
    );
    const cityRollup = RollupSchema.parse(
      await (
        await call(`/units/${city}/rollups/gov-2021/2021?include=accepted`, { token: citySup })
      ).json(),
    );
    const countyChild = cityRollup.children.find((c) => c.code === county)!;
    expect(countyChild.values).toEqual(countyRollup.values);
    expect(countyChild).toMatchObject({ included: 2, pending: 1, missing: 1 });
    for (const cell of gov2021().cells) {
      expect(countyChild.values[cell.id]).toBeCloseTo(
        (vals[0]![cell.id] ?? 0) + (vals[1]![cell.id] ?? 0),
        4,
      );
    }
    const otherChild = cityRollup.children.find((c) => c.code === other)!;
    expect(otherChild).toMatchObject({ included: 0, pending: 1, missing: 0 });
    expect(cityRollup).toMatchObject({ included: 2, pending: 2, missing: 2, units: 6 });
    expect(cityRollup.values).toEqual(countyRollup.values);
    // A reopen takes the department out of both levels at once.
    await ok(await review(countySup, deps[1]!, 2021, { action: "reopen", reason: "口径错误" }));
    const after = RollupSchema.parse(
      await (
        await call(`/units/${city}/rollups/gov-2021/2021?include=accepted`, { token: citySup })
      ).json(),
    );
    const c2 = after.children.find((c) => c.code === county)!;
    expect(c2).toMatchObject({ included: 1, pending: 2 });
    for (const cell of gov2021().cells)
      expect(c2.values[cell.id]).toBeCloseTo(vals[0]![cell.id] ?? 0, 4);
  });
});

describe("a PUT racing an accept", () => {
  it("either the PUT lands first (the accept is stale) or the accept does (the PUT is locked)", async () => {
    const u = await tree();
    await submit(u.clerk1, u.d1, 2021, validValues(401));
    const [put, acc] = await Promise.all([
      putReport(
        u.clerk1,
        u.d1,
        2021,
        { values: validValues(402) },
        { ifMatch: '"gov-2021-2021-r1"' },
      ),
      review(u.sup, u.d1, 2021, { action: "accept", revision: 1 }),
    ]);
    const final = await getReport(u.sup, u.d1, 2021);
    if (put.status === 201) {
      expect(acc.status).toBe(409);
      expect(final).toMatchObject({ revision: 2, status: "submitted" });
    } else {
      expect(acc.status).toBe(200);
      expect([409, 412]).toContain(put.status);
      expect(final).toMatchObject({ revision: 1, status: "accepted" });
    }
    await Promise.all([put.arrayBuffer(), acc.arrayBuffer()]);
    const h = HistoryResponseSchema.parse(
      await (await call(`/units/${u.d1}/reports/gov-2021/2021/history`, { token: u.sup })).json(),
    );
    expect(h.events).toHaveLength(2);
  });
});
