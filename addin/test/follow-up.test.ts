/**
 * The supervisor's follow-up in the pane over the strict Excel stand-in: 催报 draws the 催报通知
 * sheet in one drawing (the sync budget), the reminder is sent with an Idempotency-Key, 汇总确认
 * posts for the supervisor's own unit, and 撤销确认 takes it back with the reason, said in words.
 */
import { describe, expect, it } from "vitest";
import { SignOffRevokeBodySchema, type SignOff } from "../../shared/api/schemas";
import type { FetchLike } from "../src/common/api-client";
import { PaneController } from "../src/pane/controller";
import { shownSignOff, signOffText } from "../src/pane/follow-up";
import { UNITS, workflowServer } from "../testing/fake-workflow";
import { memoryStore, setup, syncsOf } from "./helpers";

const LATE = {
  unit: UNITS.U0,
  form: "gov-2012",
  year: 2018,
  today: "2019-02-03",
  units: [
    {
      code: "U2",
      name: "苍南县民政局",
      status: "missing",
      contacts: [{ name: "王芳", phone: "13800000002" }],
      dueDate: "2019-01-31",
      daysLeft: -3,
      reminders: { count: 1, last: "2019-02-03T01:00:00Z" },
    },
  ],
};

const SIGN_OFF = "/units/U0/rollups/gov-2012/2018/sign-off";
const UNSIGNED: SignOff = {
  unit: UNITS.U0,
  form: "gov-2012",
  year: 2018,
  status: "unconfirmed",
  at: null,
  by: null,
  withdrawn: null,
};

const CONFIRMED: SignOff = {
  ...UNSIGNED,
  status: "confirmed",
  at: "2019-02-03T01:00:00Z",
  by: UNITS.U0,
};

function pane(initially: SignOff = UNSIGNED) {
  let signed = initially;
  const server = workflowServer();
  const posted: { path: string; body: unknown; key: string | undefined }[] = [];
  const json = (data: unknown, status = 200) =>
    new Response(JSON.stringify(data), {
      status,
      headers: { "Content-Type": "application/json" },
    });
  const fetcher: FetchLike = async (url, init) => {
    const path = new URL(url).pathname.replace("/api/v1", "");
    const headers = (init.headers ?? {}) as Record<string, string>;
    if (path.startsWith("/units/U0/reminders/")) {
      if (init.method === "POST") {
        posted.push({
          path,
          body: JSON.parse(String(init.body)),
          key: headers["Idempotency-Key"],
        });
        return json(
          {
            id: 1,
            at: "2019-02-03T01:00:00Z",
            by: UNITS.U0,
            form: "gov-2012",
            year: 2018,
            message: "【催报】…",
            delivery: "sent",
            units: [{ code: "U2", name: "苍南县民政局", status: "missing", contacts: [] }],
          },
          201,
        );
      }
      return json(LATE);
    }
    if (path === SIGN_OFF && init.method === "POST") {
      posted.push({ path, body: null, key: undefined });
      signed = CONFIRMED;
      return json(signed, 201);
    }
    if (path === `${SIGN_OFF}/withdraw` && init.method === "POST") {
      const body = SignOffRevokeBodySchema.parse(JSON.parse(String(init.body)));
      posted.push({ path, body, key: undefined });
      if (signed.status === "confirmed")
        signed = {
          ...signed,
          status: "unconfirmed",
          withdrawn: {
            at: "2019-02-04T02:30:00Z",
            action: "revoke",
            unit: UNITS.U0,
            revision: 0,
            reason: body.reason ?? null,
          },
        };
      return json(signed);
    }
    if (path === SIGN_OFF) return json(signed);
    return server.fetcher(url, init);
  };
  const env = setup();
  const c = new PaneController({
    host: env.host,
    store: memoryStore(),
    fetcher,
    lang: "zh",
    uuid: env.deps.uuid,
    now: () => new Date("2019-02-03T00:00:00Z"),
    timer: env.timer,
    defaultServer: "https://localhost:8787",
  });
  return { ...env, c, posted };
}

/** The pane connected as U0's supervisor, with gov-2012 2018 chosen. */
async function connected(initially?: SignOff) {
  const p = pane(initially);
  await p.c.connect("https://localhost:8787", "sup");
  p.c.choose({ formId: "gov-2012", year: 2018 });
  return p;
}

describe("the supervisor's follow-up in the pane", () => {
  it("催报: the reminder posted with a key, the 催报通知 sheet drawn in one pass", async () => {
    const { c, excel, posted } = pane();
    await c.connect("https://localhost:8787", "sup");
    c.choose({ unitCode: "U0", formId: "gov-2012", year: 2018 });
    const syncs = await syncsOf(excel, () => c.remindMissing());
    expect(syncs).toBeLessThanOrEqual(2);
    expect(posted).toEqual([
      {
        path: "/units/U0/reminders/gov-2012/2018",
        body: { units: "missing" },
        key: expect.any(String),
      },
    ]);
    expect(c.notice?.text).toBe("已向 1 个单位催报,消息已发送。");
    const at = (a: string) => excel.cell("催报通知", a).value;
    expect(at("A3")).toBe("单位代码");
    expect([
      at("A4"),
      at("B4"),
      at("C4"),
      at("D4"),
      at("E4"),
      at("F4"),
      at("G4"),
      at("H4"),
    ]).toEqual([
      "U2",
      "苍南县民政局",
      "未报送",
      "2019-01-31",
      "已逾期 3",
      "王芳",
      "13800000002",
      1,
    ]);
  });

  it("汇总确认 posts for the supervisor's own unit", async () => {
    const { c, posted } = await connected();
    await c.signOff();
    expect(posted.map((p) => p.path)).toEqual(["/units/U0/rollups/gov-2012/2018/sign-off"]);
    expect(c.notice?.text).toContain("已确认");
  });

  it("撤销确认: the sign-off shown on connecting is taken back with the reason, in words", async () => {
    const { c, excel, posted } = await connected(CONFIRMED);
    expect(c.signOffState?.status).toBe("confirmed");
    expect(signOffText(shownSignOff(c)!, "zh")).toBe(
      "苍南县政务公开办 2018 年度汇总数据已确认(2019-02-03 09:00,苍南县政务公开办)。",
    );

    // Nothing is drawn in the workbook: the Excel stand-in sees no sync.
    const syncs = await syncsOf(excel, () => c.revokeSignOff("  两个单位的数据需复核  "));
    expect(syncs).toBe(0);
    expect(posted).toEqual([
      { path: `${SIGN_OFF}/withdraw`, body: { reason: "两个单位的数据需复核" }, key: undefined },
    ]);
    expect(c.notice).toEqual({
      kind: "info",
      text: "已撤销 苍南县政务公开办 2018 年度汇总数据的确认;上级单位看到的是“未确认”。",
    });
    expect(signOffText(shownSignOff(c)!, "zh")).toBe(
      "苍南县政务公开办 2018 年度汇总数据未确认:确认已于 2019-02-04 10:30 撤销,原因:两个单位的数据需复核。",
    );
    expect(signOffText(shownSignOff(c)!, "en")).toBe(
      "苍南县政务公开办's figures for 2018 are not signed off: the sign-off was withdrawn at 2019-02-04 10:30; reason: 两个单位的数据需复核.",
    );

    // Again (a second click): nothing in force, nothing changed, and the pane says so.
    await c.revokeSignOff("");
    expect(posted.at(-1)).toEqual({ path: `${SIGN_OFF}/withdraw`, body: {}, key: undefined });
    expect(c.notice?.text).toBe(
      "没有可撤销的确认:苍南县政务公开办 2018 年度汇总数据未确认:确认已于 2019-02-04 10:30 撤销,原因:两个单位的数据需复核。",
    );
  });

  it("shows no sign-off for another year than the one read, and takes back only the one shown", async () => {
    const { c, posted } = await connected();
    await c.signOff();
    expect(signOffText(shownSignOff(c)!, "zh")).toContain("已确认");
    c.choose({ year: 2017 });
    expect(shownSignOff(c)).toBeNull();
    await c.revokeSignOff("");
    expect(posted.map((p) => p.path)).toEqual([SIGN_OFF, `${SIGN_OFF}/withdraw`]);
  });

  it("says why a sign-off lapsed: the unit below and what it did", () => {
    const lapsed: SignOff = {
      ...UNSIGNED,
      at: "2019-02-03T01:00:00Z",
      by: UNITS.U0,
      withdrawn: { at: "2019-02-05T00:00:00Z", action: "submit", unit: UNITS.U2, revision: 3 },
    };
    expect(signOffText(lapsed, "zh")).toBe(
      "苍南县政务公开办 2018 年度汇总数据未确认:苍南县民政局报送了新版本(2019-02-05 08:00),确认已自动撤销,请核对后重新确认。",
    );
    expect(signOffText(UNSIGNED, "en")).toBe(
      "苍南县政务公开办's figures for 2018 are not signed off.",
    );
  });
});
