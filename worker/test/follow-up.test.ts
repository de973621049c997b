import { env } from "cloudflare:test";
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import {
  HistoryResponseSchema,
  LateUnitsResponseSchema,
  ReminderSchema,
  ReportSchema,
  RevisionCompareSchema,
  RollupSchema,
  SignOffSchema,
  type Report,
} from "../../shared/api/schemas";
import { getForm } from "../../shared/forms/catalogue";
import { remind } from "../src/services/reminders";
import { dingtalkSign } from "../src/notify/webhook";
import { call, expectProblem, newKey, seedToken, seedUnits, submit, validValues } from "./helpers";

/**
 * A supervisor's follow-up (issue 25): compare revisions, withdraw, sign-off by level, 催报.
 *
 *   city C
 *   ├── county K ── K1, K2, K3
 *   └── county L ── L1
 */
let run = 0;
interface Tree {
  c: string;
  k: string;
  k1: string;
  k2: string;
  k3: string;
  l: string;
  l1: string;
  supC: string;
  supK: string;
  supL: string;
  adminC: string;
  clerkK1: string;
  clerkK2: string;
  clerkK3: string;
  clerkL1: string;
}

async function tree(): Promise<Tree> {
  const p = `F${++run}x`;
  const t = { c: `${p}C`, k: `${p}K`, l: `${p}L` };
  const units = {
    ...t,
    k1: `${p}K1`,
    k2: `${p}K2`,
    k3: `${p}K3`,
    l1: `${p}L1`,
  };
  await seedUnits([
    { code: units.c, name: `市${run}`, parent: null },
    { code: units.k, name: `甲县${run}`, parent: units.c },
    { code: units.l, name: `乙县${run}`, parent: units.c },
    { code: units.k1, name: `甲县${run}教育局`, parent: units.k },
    { code: units.k2, name: `甲县${run}民政局`, parent: units.k },
    { code: units.k3, name: `甲县${run}财政局`, parent: units.k },
    { code: units.l1, name: `乙县${run}教育局`, parent: units.l },
  ]);
  return {
    ...units,
    supC: await seedToken(units.c, "supervisor"),
    supK: await seedToken(units.k, "supervisor"),
    supL: await seedToken(units.l, "supervisor"),
    adminC: await seedToken(units.c, "admin"),
    clerkK1: await seedToken(units.k1, "clerk"),
    clerkK2: await seedToken(units.k2, "clerk"),
    clerkK3: await seedToken(units.k3, "clerk"),
    clerkL1: await seedToken(units.l1, "clerk"),
  };
}

const R = (unit: string) => `/units/${unit}/reports/gov-2021/2021`;

function post(path: string, token: string, body?: unknown, key?: string): Promise<Response> {
  return call(path, {
    method: "POST",
    token,
    ...(body !== undefined ? { body } : {}),
    headers: key ? { "Idempotency-Key": key } : {},
  });
}

async function okJson<T>(res: Response, status = 200): Promise<T> {
  const text = await res.text();
  expect(res.status, text).toBe(status);
  return JSON.parse(text) as T;
}

const FREE_A = "capacity.meetings.count";
const FREE_B = "capacity.trainings.count";

describe("compare revisions (比对)", () => {
  let t: Tree;
  let first: Report;
  beforeAll(async () => {
    t = await tree();
    first = await submit(t.clerkK1, t.k1, 2021, validValues(11));
  });

  it("lists exactly the cells the clerk changed since the return, old → new, with the answers", async () => {
    const ret = await post(`${R(t.k1)}/review`, t.supK, {
      action: "return",
      revision: first.revision,
      reason: "会议次数与台账不符",
      remarks: [{ cell: FREE_A, text: "请核对会议次数" }],
    });
    const returned = ReportSchema.parse(await okJson(ret));
    const remark = returned.remarks[0]!;
    const values = {
      ...first.values,
      [FREE_A]: first.values[FREE_A]! + 2,
      [FREE_B]: first.values[FREE_B]! + 5,
    };
    const second = await submit(t.clerkK1, t.k1, 2021, values, {
      answers: { [remark.id]: "已按会议纪要核对,改为实际次数。" },
    });
    expect(second.revision).toBe(first.revision + 1);
    // A third revision by the clerk, unchanged: the default still compares from the returned one.
    const third = await submit(t.clerkK1, t.k1, 2021, values);

    const cmp = RevisionCompareSchema.parse(
      await okJson(await call(`${R(t.k1)}/revisions/compare`, { token: t.supK })),
    );
    expect(cmp).toMatchObject({ from: first.revision, to: third.revision, basis: "returned" });
    expect(cmp.cells).toEqual([
      { cell: FREE_A, from: first.values[FREE_A], to: values[FREE_A] },
      { cell: FREE_B, from: first.values[FREE_B], to: values[FREE_B] },
    ]);
    expect(cmp.answers).toEqual([
      expect.objectContaining({
        id: remark.id,
        cell: FREE_A,
        resolution: "answered",
        answer: "已按会议纪要核对,改为实际次数。",
        revision: second.revision,
      }),
    ]);

    // Any two revisions, either way round; the clerk sees the same.
    const back = RevisionCompareSchema.parse(
      await okJson(await call(`${R(t.k1)}/revisions/compare?from=3&to=1`, { token: t.clerkK1 })),
    );
    expect(back.basis).toBe("asked");
    expect(back.cells.map((c) => [c.cell, c.from, c.to])).toEqual([
      [FREE_A, values[FREE_A], first.values[FREE_A]],
      [FREE_B, values[FREE_B], first.values[FREE_B]],
    ]);
    const same = RevisionCompareSchema.parse(
      await okJson(await call(`${R(t.k1)}/revisions/compare?from=2&to=3`, { token: t.supC })),
    );
    expect(same.cells).toEqual([]);
  });

  it("never returned: compares with the revision before; a single revision compares with itself", async () => {
    const one = await submit(t.clerkL1, t.l1, 2021, validValues(12));
    const only = RevisionCompareSchema.parse(
      await okJson(await call(`${R(t.l1)}/revisions/compare`, { token: t.supL })),
    );
    expect(only).toMatchObject({ from: one.revision, to: one.revision, basis: "only", cells: [] });
    await submit(t.clerkL1, t.l1, 2021, { ...one.values, [FREE_B]: 77 });
    const prev = RevisionCompareSchema.parse(
      await okJson(await call(`${R(t.l1)}/revisions/compare`, { token: t.supL })),
    );
    expect(prev).toMatchObject({ from: 1, to: 2, basis: "previous" });
    expect(prev.cells).toEqual([{ cell: FREE_B, from: one.values[FREE_B], to: 77 }]);
  });

  it("answers problem+json for a bad or unknown revision, and 404 without a report", async () => {
    const bad = await expectProblem(
      await call(`${R(t.k1)}/revisions/compare?from=abc`, { token: t.supK }),
      400,
      "invalid-revision",
    );
    expect(bad.detail).toContain("from");
    await expectProblem(
      await call(`${R(t.k1)}/revisions/compare?to=0`, { token: t.supK }),
      400,
      "invalid-revision",
    );
    await expectProblem(
      await call(`${R(t.k1)}/revisions/compare?from=99`, { token: t.supK }),
      404,
      "not-found",
    );
    await expectProblem(
      await call(`${R(t.k2)}/revisions/compare`, { token: t.supK }),
      404,
      "report-not-found",
    );
  });
});

describe("withdraw (撤回)", () => {
  let t: Tree;
  beforeAll(async () => {
    t = await tree();
  });

  it("takes a submitted report back to the clerk; history keeps both events; it resubmits", async () => {
    const r = await submit(t.clerkK2, t.k2, 2021, validValues(21));
    const key = newKey();
    const body = { revision: r.revision, reason: "发现申请数据漏报,撤回补充" };
    const w = ReportSchema.parse(
      await okJson(await post(`${R(t.k2)}/withdraw`, t.clerkK2, body, key)),
    );
    expect(w.status).toBe("withdrawn");
    // A retry of the same request is answered again, not withdrawn twice.
    const again = await post(`${R(t.k2)}/withdraw`, t.clerkK2, body, key);
    expect(again.headers.get("Idempotent-Replayed")).toBe("true");
    expect(ReportSchema.parse(await okJson(again)).status).toBe("withdrawn");

    const got = ReportSchema.parse(await okJson(await call(R(t.k2), { token: t.supK })));
    expect(got.status).toBe("withdrawn");
    const rollup = RollupSchema.parse(
      await okJson(await call(`/units/${t.k}/rollups/gov-2021/2021`, { token: t.supK })),
    );
    expect(rollup.completeness.find((u) => u.code === t.k2)?.status).toBe("withdrawn");
    // The supervisor cannot review what was withdrawn.
    await expectProblem(
      await post(`${R(t.k2)}/review`, t.supK, { action: "accept", revision: r.revision }),
      409,
      "illegal-transition",
    );

    const next = await submit(t.clerkK2, t.k2, 2021, validValues(22));
    expect(next.status).toBe("submitted");
    const h = HistoryResponseSchema.parse(
      await okJson(await call(`${R(t.k2)}/history`, { token: t.supK })),
    );
    expect(h.events.map((e) => [e.action, e.from, e.to, e.revision])).toEqual([
      ["submit", null, "submitted", 1],
      ["withdraw", "submitted", "withdrawn", 1],
      ["submit", "withdrawn", "submitted", 2],
    ]);
    expect(h.events[1]).toMatchObject({
      reason: "发现申请数据漏报,撤回补充",
      by: { role: "clerk" },
    });
    const audit = await env.DB.prepare(
      `SELECT count(*) AS n FROM audit_log WHERE action = 'report.withdraw' AND target = ?1`,
    )
      .bind(`${t.k2}/gov-2021/2021`)
      .first<{ n: number }>();
    expect(audit!.n).toBe(1);
  });

  it("refuses without a reason, for another revision, after an accept, and for anyone but the clerk", async () => {
    const r = await submit(t.clerkK3, t.k3, 2021, validValues(23));
    const path = `${R(t.k3)}/withdraw`;
    await expectProblem(
      await post(path, t.clerkK3, { revision: r.revision, reason: "  " }),
      422,
      "reason-required",
    );
    await expectProblem(
      await post(path, t.clerkK3, { revision: r.revision + 1, reason: "撤回" }),
      409,
      "stale-revision",
    );
    await expectProblem(await post(path, t.clerkK3, { revision: r.revision }), 400, "invalid-body");
    await expectProblem(
      await post(path, t.supK, { revision: r.revision, reason: "撤回" }),
      403,
      "forbidden",
    );
    await expectProblem(
      await post(path, t.clerkK2, { revision: r.revision, reason: "撤回" }),
      403,
      "forbidden",
    );
    await okJson(
      await post(`${R(t.k3)}/review`, t.supK, { action: "accept", revision: r.revision }),
    );
    const p = await expectProblem(
      await post(path, t.clerkK3, { revision: r.revision, reason: "撤回" }),
      409,
      "illegal-transition",
    );
    expect(p.detail).toContain("已通过");
    const got = ReportSchema.parse(await okJson(await call(R(t.k3), { token: t.clerkK3 })));
    expect(got.status).toBe("accepted");
  });

  it("a withdrawal racing a review: exactly one of them happens", async () => {
    for (let i = 0; i < 4; i++) {
      const r = await submit(t.clerkL1, t.l1, 2021, validValues(30 + i));
      const [wd, rv] = await Promise.all([
        post(`${R(t.l1)}/withdraw`, t.clerkL1, { revision: r.revision, reason: "撤回修改" }),
        post(`${R(t.l1)}/review`, t.supL, { action: "accept", revision: r.revision }),
      ]);
      const statuses = [wd.status, rv.status].sort();
      expect(statuses).toEqual([200, 409]);
      const final = ReportSchema.parse(await okJson(await call(R(t.l1), { token: t.supL })));
      expect(final.status).toBe(wd.status === 200 ? "withdrawn" : "accepted");
      await Promise.all([wd.arrayBuffer(), rv.arrayBuffer()]);
      if (final.status === "accepted") {
        await okJson(
          await post(`${R(t.l1)}/review`, t.supL, { action: "reopen", reason: "继续测试" }),
        );
      }
    }
  });
});

describe("sign-off by level (汇总确认)", () => {
  let t: Tree;
  const signOffPath = (unit: string) => `/units/${unit}/rollups/gov-2021/2021/sign-off`;
  const cityRollup = async (include = "submitted") =>
    RollupSchema.parse(
      await okJson(
        await call(`/units/${t.c}/rollups/gov-2021/2021?include=${include}`, { token: t.supC }),
      ),
    );
  beforeAll(async () => {
    t = await tree();
    await submit(t.clerkK1, t.k1, 2021, validValues(41));
    await submit(t.clerkK2, t.k2, 2021, validValues(42));
    await submit(t.clerkL1, t.l1, 2021, validValues(43));
  });

  it("a county signs off; the city sees 已确认 / 未确认 and pulls only confirmed figures", async () => {
    await expectProblem(await post(signOffPath(t.k), t.supC), 403, "forbidden");
    await expectProblem(await post(signOffPath(t.k), t.clerkK1), 403, "forbidden");
    await expectProblem(await post(signOffPath(t.l), t.supK), 403, "forbidden");
    const signed = SignOffSchema.parse(await okJson(await post(signOffPath(t.k), t.supK), 201));
    expect(signed).toMatchObject({ status: "confirmed", by: { code: t.k }, withdrawn: null });
    // Signing again is harmless: the sign-off in force.
    const again = SignOffSchema.parse(await okJson(await post(signOffPath(t.k), t.supK)));
    expect(again.at).toBe(signed.at);

    const all = await cityRollup();
    const byCode = Object.fromEntries(all.children.map((c) => [c.code, c]));
    expect(byCode[t.k]!.confirmed).toBe(true);
    expect(byCode[t.l]!.confirmed).toBe(false);
    const confirmed = await cityRollup("confirmed");
    expect(confirmed.include).toBe("confirmed");
    expect(confirmed.values).toEqual(byCode[t.k]!.values);
    expect(confirmed.included).toBe(2);
    expect(confirmed.pending).toBe(1);
    expect(confirmed.children.find((c) => c.code === t.l)!.values[FREE_A]).toBe(0);

    const city = SignOffSchema.parse(await okJson(await call(signOffPath(t.k), { token: t.supC })));
    expect(city.status).toBe("confirmed");
    const audit = await env.DB.prepare(
      `SELECT count(*) AS n FROM audit_log WHERE action = 'rollup.sign-off' AND target = ?1`,
    )
      .bind(`${t.k}/gov-2021/2021`)
      .first<{ n: number }>();
    expect(audit!.n).toBe(1);
  });

  it("a new revision below withdraws the sign-off and says why; an accept does not; a reopen does", async () => {
    const before = SignOffSchema.parse(
      await okJson(await call(signOffPath(t.k), { token: t.supK })),
    );
    expect(before.status).toBe("confirmed");
    const k1 = ReportSchema.parse(await okJson(await call(R(t.k1), { token: t.clerkK1 })));
    const next = await submit(t.clerkK1, t.k1, 2021, { ...k1.values, [FREE_A]: 99 });
    const lapsed = SignOffSchema.parse(
      await okJson(await call(signOffPath(t.k), { token: t.supC })),
    );
    expect(lapsed).toMatchObject({
      status: "unconfirmed",
      withdrawn: { action: "submit", unit: { code: t.k1 }, revision: next.revision },
    });
    expect((await cityRollup()).children.find((c) => c.code === t.k)!.confirmed).toBe(false);
    expect((await cityRollup("confirmed")).included).toBe(0);

    await okJson(await post(signOffPath(t.k), t.supK), 201);
    await okJson(
      await post(`${R(t.k1)}/review`, t.supK, { action: "accept", revision: next.revision }),
    );
    expect(
      SignOffSchema.parse(await okJson(await call(signOffPath(t.k), { token: t.supK }))).status,
    ).toBe("confirmed");
    await okJson(await post(`${R(t.k1)}/review`, t.supK, { action: "reopen", reason: "需更正" }));
    const reopened = SignOffSchema.parse(
      await okJson(await call(signOffPath(t.k), { token: t.supK })),
    );
    expect(reopened).toMatchObject({ status: "unconfirmed", withdrawn: { action: "reopen" } });
    // The city's own sign-off lapses too: the change is below it as well.
    await okJson(await post(signOffPath(t.c), t.supC), 201);
    await submit(t.clerkL1, t.l1, 2021, validValues(44));
    const c = SignOffSchema.parse(await okJson(await call(signOffPath(t.c), { token: t.supC })));
    expect(c).toMatchObject({
      status: "unconfirmed",
      withdrawn: { action: "submit", unit: { code: t.l1 } },
    });
  });

  it("a sign-off racing a resubmission has one consistent outcome", async () => {
    const outcomes = new Set<string>();
    for (let i = 0; i < 6; i++) {
      const cur = ReportSchema.parse(await okJson(await call(R(t.k2), { token: t.clerkK2 })));
      const got = await call(R(t.k2), { token: t.clerkK2 });
      const etag = got.headers.get("ETag")!;
      await got.arrayBuffer();
      const [sign, put] = await Promise.all([
        post(signOffPath(t.k), t.supK),
        call(R(t.k2), {
          method: "PUT",
          token: t.clerkK2,
          body: { values: { ...cur.values, [FREE_B]: 100 + i } },
          headers: { "Idempotency-Key": newKey(), "If-Match": etag },
        }),
      ]);
      expect(put.status, await put.clone().text()).toBe(201);
      await put.arrayBuffer();
      const state = SignOffSchema.parse(
        await okJson(await call(signOffPath(t.k), { token: t.supK })),
      );
      const events = await env.DB.prepare(
        `SELECT events FROM sign_offs s JOIN units u ON u.id = s.unit_id
          WHERE u.code = ?1 ORDER BY s.id DESC LIMIT 1`,
      )
        .bind(t.k)
        .first<{ events: number }>();
      if (sign.status === 409) {
        await expectProblem(sign, 409, "sign-off-stale");
        // Refused: the latest sign-off is an older, withdrawn one.
        expect(state.status).toBe("unconfirmed");
        outcomes.add("refused");
      } else {
        expect(sign.status).toBe(201);
        await sign.arrayBuffer();
        if (state.status === "confirmed") {
          // Signed after the resubmission: it saw it (every event of the subtree counted).
          const n = await env.DB.prepare(
            `SELECT count(*) AS n FROM report_events e JOIN units u ON u.id = e.unit_id
              WHERE u.path LIKE ?1 AND e.form = 'gov-2021' AND e.year = 2021`,
          )
            .bind(`%/${t.k}/%`)
            .first<{ n: number }>();
          const w = await env.DB.prepare(
            `SELECT count(*) AS n FROM report_withdrawals e JOIN units u ON u.id = e.unit_id
              WHERE u.path LIKE ?1`,
          )
            .bind(`%/${t.k}/%`)
            .first<{ n: number }>();
          expect(events!.events).toBe(n!.n + w!.n);
          outcomes.add("after");
        } else {
          // Signed before it: the resubmission withdrew it, naming itself.
          expect(state.withdrawn).toMatchObject({ action: "submit", unit: { code: t.k2 } });
          outcomes.add("before");
        }
      }
      // Start the next round unsigned.
      if (state.status === "confirmed") {
        const again = await call(R(t.k2), { token: t.clerkK2 });
        const e2 = again.headers.get("ETag")!;
        const cur2 = ReportSchema.parse(await again.json());
        const p2 = await call(R(t.k2), {
          method: "PUT",
          token: t.clerkK2,
          body: { values: { ...cur2.values, [FREE_B]: 200 + i } },
          headers: { "Idempotency-Key": newKey(), "If-Match": e2 },
        });
        expect(p2.status).toBe(201);
        await p2.arrayBuffer();
      }
    }
    expect(outcomes.size).toBeGreaterThan(0);
  });
});

describe("taking a sign-off back (撤销确认) and moving a unit below one", () => {
  let t: Tree;
  const signOffPath = (unit: string) => `/units/${unit}/rollups/gov-2021/2021/sign-off`;
  const state = async (unit: string) =>
    SignOffSchema.parse(await okJson(await call(signOffPath(unit), { token: t.supC })));
  const audits = async (unit: string) =>
    (await env.DB.prepare(
      `SELECT count(*) AS n FROM audit_log WHERE action = 'rollup.sign-off-withdraw' AND target = ?1`,
    )
      .bind(`${unit}/gov-2021/2021`)
      .first<{ n: number }>())!.n;
  beforeAll(async () => {
    t = await tree();
    await submit(t.clerkK1, t.k1, 2021, validValues(61));
    await submit(t.clerkK3, t.k3, 2021, validValues(63));
    await submit(t.clerkL1, t.l1, 2021, validValues(64));
  });

  it("a supervisor of the node takes its sign-off back with a reason, once; the city sees 未确认", async () => {
    await okJson(await post(signOffPath(t.k), t.supK), 201);
    const withdraw = `${signOffPath(t.k)}/withdraw`;
    // Only a supervisor of the node itself; bad bodies change nothing.
    await expectProblem(await post(withdraw, t.supC, {}), 403, "forbidden");
    await expectProblem(await post(withdraw, t.clerkK1, {}), 403, "forbidden");
    await expectProblem(await post(withdraw, t.supL, {}), 403, "forbidden");
    await expectProblem(await post(withdraw, t.supK, { reason: 5 }), 400, "invalid-body");
    await expectProblem(await post(withdraw, t.supK, { why: "x" }), 400, "invalid-body");
    await expectProblem(await post(withdraw, t.supK), 415, "unsupported-media-type");
    expect((await state(t.k)).status).toBe("confirmed");
    expect(await audits(t.k)).toBe(0);

    const taken = SignOffSchema.parse(
      await okJson(await post(withdraw, t.supK, { reason: "  发现教育局数据有误  " })),
    );
    expect(taken).toMatchObject({
      status: "unconfirmed",
      by: { code: t.k },
      withdrawn: {
        action: "revoke",
        unit: { code: t.k },
        revision: 0,
        reason: "发现教育局数据有误",
      },
    });
    const city = RollupSchema.parse(
      await okJson(await call(`/units/${t.c}/rollups/gov-2021/2021`, { token: t.supC })),
    );
    expect(city.children.find((c) => c.code === t.k)!.confirmed).toBe(false);
    // A retry (a second click, a dropped answer) finds nothing in force and changes nothing.
    const again = SignOffSchema.parse(await okJson(await post(withdraw, t.supK, {})));
    expect(again).toEqual(taken);
    expect(await audits(t.k)).toBe(1);
    // Never signed: nothing to take back, nothing written.
    const never = SignOffSchema.parse(
      await okJson(await post(`${signOffPath(t.l)}/withdraw`, t.supL, {})),
    );
    expect(never).toMatchObject({ status: "unconfirmed", at: null, withdrawn: null });
    expect(await audits(t.l)).toBe(0);
    // Signed again afterwards, it is in force again.
    expect(
      (await okJson<{ status: string }>(await post(signOffPath(t.k), t.supK), 201)).status,
    ).toBe("confirmed");
  });

  it("a unit moved from one county to another withdraws both counties' sign-offs, not the city's", async () => {
    for (const [unit, token] of [
      [t.l, t.supL],
      [t.c, t.supC],
    ] as const) {
      await okJson(await post(signOffPath(unit), token), 201);
    }
    expect((await state(t.k)).status).toBe("confirmed");
    const moved = await call("/admin/units/changes", {
      method: "POST",
      token: t.adminC,
      body: { rows: [{ code: t.k3, name: `甲县${run}财政局`, parent: t.l }] },
    });
    expect(moved.status, await moved.clone().text()).toBe(200);
    for (const node of [t.k, t.l]) {
      expect(await state(node)).toMatchObject({
        status: "unconfirmed",
        withdrawn: { action: "move", unit: { code: t.k3 }, revision: 0, reason: null },
      });
    }
    // The city holds both counties before and after: its figures did not change.
    expect((await state(t.c)).status).toBe("confirmed");
    // A rename is no move: a sign-off given after the move stands.
    await okJson(await post(signOffPath(t.l), t.supL), 201);
    await call("/admin/units/changes", {
      method: "POST",
      token: t.adminC,
      body: { rows: [{ code: t.k3, name: `乙县${run}财政局`, parent: t.l }] },
    });
    expect((await state(t.l)).status).toBe("confirmed");
  });
});

describe("reminders (催报)", () => {
  let t: Tree;
  const path = (unit: string) => `/units/${unit}/reminders/gov-2021/2021`;
  let sent: { url: string; body: unknown }[] = [];
  const realFetch = globalThis.fetch;

  beforeAll(async () => {
    t = await tree();
    // K1 reported; K2 reported and was returned; K3 never reported.
    await submit(t.clerkK1, t.k1, 2021, validValues(51));
    const k2 = await submit(t.clerkK2, t.k2, 2021, validValues(52));
    await okJson(
      await post(`${R(t.k2)}/review`, t.supK, {
        action: "return",
        revision: k2.revision,
        reason: "请补充说明",
      }),
    );
    // The holder of K3's credential, where the installation records it (issue 21's columns).
    const cols = await env.DB.prepare(`SELECT name FROM pragma_table_info('credentials')`).all<{
      name: string;
    }>();
    const have = new Set(cols.results.map((c) => c.name));
    for (const c of ["holder_name", "holder_phone"]) {
      if (!have.has(c)) await env.DB.prepare(`ALTER TABLE credentials ADD COLUMN ${c} TEXT`).run();
    }
    await env.DB.prepare(
      `UPDATE credentials SET holder_name = '王芳', holder_phone = '13800000003'
        WHERE unit_id = (SELECT id FROM units WHERE code = ?1) AND role = 'clerk'`,
    )
      .bind(t.k3)
      .run();
  });

  function fakeRobot(answer: () => Response = () => Response.json({ errcode: 0, errmsg: "ok" })) {
    sent = [];
    return vi.spyOn(globalThis, "fetch").mockImplementation(async (input, init) => {
      const req = new Request(input, init);
      if (!req.url.startsWith(env.REMINDER_WEBHOOK_URL!.split("?")[0]!)) {
        throw new Error(`unexpected outbound request ${req.url}`);
      }
      sent.push({ url: req.url, body: await req.json() });
      return answer();
    });
  }
  afterEach(() => {
    vi.restoreAllMocks();
    expect(globalThis.fetch).toBe(realFetch);
  });

  it("lists the units still to report with contacts, days past due and reminders sent", async () => {
    const list = LateUnitsResponseSchema.parse(
      await okJson(await call(path(t.k), { token: t.supK })),
    );
    expect(list.units.map((u) => [u.code, u.status])).toEqual([
      [t.k2, "returned"],
      [t.k3, "missing"],
    ]);
    const k3 = list.units.find((u) => u.code === t.k3)!;
    expect(k3.contacts).toEqual([{ name: "王芳", phone: "13800000003" }]);
    // The test tree's period is due 2099-12-31 (China time).
    expect(k3.dueDate).toBe("2099-12-31");
    expect(k3.daysLeft).toBe(
      Math.round((Date.parse("2099-12-31") - Date.parse(list.today)) / 86_400_000),
    );
    expect(k3.reminders).toEqual({ count: 0, last: null });
    // The city sees both counties' late units; a clerk sees none.
    const city = LateUnitsResponseSchema.parse(
      await okJson(await call(path(t.c), { token: t.supC })),
    );
    expect(city.units.map((u) => u.code)).toEqual([t.k, t.k2, t.k3, t.l, t.l1]);
    await expectProblem(await call(path(t.k), { token: t.clerkK3 }), 403, "forbidden");
    await expectProblem(await call(path(t.l), { token: t.supK }), 403, "forbidden");
  });

  it("reminds once through the signed robot webhook, however often a dropped answer is retried", async () => {
    const robot = fakeRobot();
    const key = newKey();
    const body = { units: [t.k3] };
    const first = ReminderSchema.parse(await okJson(await post(path(t.k), t.supK, body, key), 201));
    expect(first.delivery).toBe("sent");
    // The answer was lost: the pane retries with the same key, twice at once.
    const retries = await Promise.all([
      post(path(t.k), t.supK, body, key),
      post(path(t.k), t.supK, body, key),
    ]);
    for (const r of retries) {
      expect(r.headers.get("Idempotent-Replayed")).toBe("true");
      expect(ReminderSchema.parse(await okJson(r)).id).toBe(first.id);
    }
    expect(robot).toHaveBeenCalledTimes(1);
    expect(sent).toHaveLength(1);
    const msg = sent[0]!;
    const url = new URL(msg.url);
    const ts = Number(url.searchParams.get("timestamp"));
    expect(url.searchParams.get("sign")).toBe(await dingtalkSign(env.REMINDER_WEBHOOK_SECRET!, ts));
    expect(msg.body).toMatchObject({
      msgtype: "text",
      at: { atMobiles: ["13800000003"], isAtAll: false },
    });
    const content = (msg.body as { text: { content: string } }).text.content;
    expect(content).toContain("【催报】");
    expect(content).toContain(`甲县${run}财政局`);
    expect(content).toContain("王芳 13800000003");
    expect(content).toContain("截止日期 2099-12-31");

    const list = LateUnitsResponseSchema.parse(
      await okJson(await call(path(t.k), { token: t.supK })),
    );
    expect(list.units.find((u) => u.code === t.k3)!.reminders).toEqual({
      count: 1,
      last: first.at,
    });
    // 报送情况 (the rollup's completeness list, its xlsx and CSV) says the same for each unit
    // still to report, and nothing about days for a unit whose report is in.
    const rollup = RollupSchema.parse(
      await okJson(await call(`/units/${t.k}/rollups/gov-2021/2021`, { token: t.supK })),
    );
    const entry = (code: string) => rollup.completeness.find((e) => e.code === code)!;
    const late = list.units.find((u) => u.code === t.k3)!;
    expect(entry(t.k3)).toMatchObject({
      status: "missing",
      dueDate: late.dueDate,
      daysLeft: late.daysLeft,
      reminders: { count: 1, last: first.at },
    });
    expect(entry(t.k2)).toMatchObject({ status: "returned", daysLeft: late.daysLeft });
    expect(entry(t.k1)).toMatchObject({ status: "submitted", daysLeft: null });
    const csv = await (
      await call(`/units/${t.k}/rollups/gov-2021/2021?format=csv`, { token: t.supK })
    ).text();
    const line = csv.split("\r\n").find((l) => l.startsWith(`${t.k3},`))!;
    expect(line).toContain(`还有 ${late.daysLeft} 天,"1 次,最近 ${first.at}"`);
    const audit = await env.DB.prepare(
      `SELECT count(*) AS n FROM audit_log WHERE action = 'reminder.send' AND target = ?1`,
    )
      .bind(`${t.k}/gov-2021/2021`)
      .first<{ n: number }>();
    expect(audit!.n).toBe(1);
  });

  it("reminds every missing unit at once; a robot that refuses is recorded as failed", async () => {
    fakeRobot(() => Response.json({ errcode: 310000, errmsg: "sign not match" }));
    const r = ReminderSchema.parse(
      await okJson(
        await post(path(t.c), t.supC, { units: "missing", note: "请于本周内报送" }, newKey()),
        201,
      ),
    );
    expect(r.units.map((u) => u.code)).toEqual([t.k, t.k2, t.k3, t.l, t.l1]);
    expect(r.delivery).toBe("failed");
    expect(r.message).toContain("请于本周内报送");
    expect(sent).toHaveLength(1);
    const row = await env.DB.prepare(
      `SELECT delivery, delivery_detail FROM reminder_batches WHERE id = ?1`,
    )
      .bind(r.id)
      .first<{ delivery: string; delivery_detail: string }>();
    expect(row).toMatchObject({ delivery: "failed" });
    expect(row!.delivery_detail).toContain("310000");
  });

  it("refuses bad input, units not late, a reused key and anyone but a supervisor", async () => {
    const robot = fakeRobot();
    await expectProblem(
      await post(path(t.k), t.supK, { units: [t.k3] }),
      400,
      "idempotency-key-required",
    );
    await expectProblem(
      await post(path(t.k), t.supK, { units: [] }, newKey()),
      400,
      "invalid-body",
    );
    await expectProblem(
      await post(path(t.k), t.supK, { units: "all" }, newKey()),
      400,
      "invalid-body",
    );
    const notLate = await expectProblem(
      await post(path(t.k), t.supK, { units: [t.k1, t.l1] }, newKey()),
      422,
      "not-chased",
    );
    expect(notLate.detail).toContain(t.k1);
    expect(notLate.detail).toContain(t.l1);
    await expectProblem(
      await post(path(t.k), t.adminC, { units: [t.k3] }, newKey()),
      403,
      "forbidden",
    );
    await expectProblem(
      await post(path(t.k), t.clerkK3, { units: [t.k3] }, newKey()),
      403,
      "forbidden",
    );
    await expectProblem(
      await post(path(t.l), t.supK, { units: [t.l1] }, newKey()),
      403,
      "forbidden",
    );
    const key = newKey();
    await okJson(await post(path(t.k), t.supK, { units: [t.k2] }, key), 201);
    await expectProblem(
      await post(path(t.k), t.supK, { units: [t.k3] }, key),
      422,
      "idempotency-key-reused",
    );
    expect(robot).toHaveBeenCalledTimes(1);
  });

  it("without a webhook configured, a reminder is recorded only", async () => {
    const robot = fakeRobot();
    const unit = await env.DB.prepare(`SELECT * FROM units WHERE code = ?1`).bind(t.k).first();
    const principal = await env.DB.prepare(
      `SELECT c.id AS credential FROM credentials c JOIN units u ON u.id = c.unit_id
        WHERE u.code = ?1 AND c.role = 'supervisor'`,
    )
      .bind(t.k)
      .first<{ credential: string }>();
    const out = await remind(env.DB, {
      principal: { credential: principal!.credential, role: "supervisor", unit: unit as never },
      unit: unit as never,
      form: getForm("gov-2021")!,
      year: 2021,
      body: { units: [t.k3] },
      rawBody: "{}",
      idempotencyKey: newKey(),
      requestId: "test",
      now: new Date().toISOString(),
      webhook: null,
      waitUntil: () => {},
    });
    expect(out.reminder.delivery).toBe("not_configured");
    expect(robot).not.toHaveBeenCalled();
  });
});

describe("a copy of last year is not a report (rules N9, N10)", () => {
  let t: Tree;
  beforeAll(async () => {
    t = await tree();
  });

  it("a report equal to last year's in every cell needs a 说明, like any warning", async () => {
    const values = validValues(61);
    await submit(t.clerkK1, t.k1, 2022, values);
    const put = await call(`/units/${t.k1}/reports/gov-2021/2023`, {
      method: "PUT",
      token: t.clerkK1,
      body: { values },
      headers: { "Idempotency-Key": newKey() },
    });
    const p = await expectProblem(put, 422, "validation-failed");
    expect(p.missingExplanations).toContain(p.issues!.find((i) => i.rule === "N9")!.key);
    expect(p.issues!.map((i) => i.rule)).not.toContain("N10");
    const stored = await submit(t.clerkK1, t.k1, 2023, values);
    const n9 = stored.issues.find((i) => i.rule === "N9")!;
    expect(n9.message_zh).toContain("与上年报表逐项相同");
    expect(stored.explanations[n9.key]).toBeTruthy();
  });

  it("table 二 unchanged while table 三 changed is a warning of its own", async () => {
    const last = validValues(62);
    await submit(t.clerkK2, t.k2, 2022, last);
    const requests = getForm("gov-2021")!.cells.filter((c) => c.section === "requests");
    // Another request granted this year: table 三 moves, table 二 is left as it was.
    const bump = ["requests.new", "requests.granted", "requests.handled_total"].flatMap((r) => [
      `${r}.natural`,
      `${r}.total`,
    ]);
    expect(bump.every((id) => requests.some((c) => c.id === id))).toBe(true);
    const values = { ...last };
    for (const id of bump) values[id] = (values[id] ?? 0) + 1;
    const stored = await submit(t.clerkK2, t.k2, 2023, values);
    expect(stored.issues.map((i) => i.rule)).toContain("N10");
    expect(stored.issues.map((i) => i.rule)).not.toContain("N9");
    const n10 = stored.issues.find((i) => i.rule === "N10")!;
    expect(n10.message_zh).toContain(`有 ${bump.length} 项变化`);
  });
});
