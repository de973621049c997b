/**
 * The supervisor's follow-up in the pane over the strict Excel stand-in: 催报 draws the 催报通知
 * sheet in one drawing (the sync budget), the reminder is sent with an Idempotency-Key, and 汇总确认
 * posts for the supervisor's own unit.
 */
import { describe, expect, it } from "vitest";
import type { FetchLike } from "../src/common/api-client";
import { PaneController } from "../src/pane/controller";
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

function pane() {
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
    if (path.startsWith("/units/U0/rollups/gov-2012/2018/sign-off") && init.method === "POST") {
      posted.push({ path, body: null, key: undefined });
      return json(
        {
          unit: UNITS.U0,
          form: "gov-2012",
          year: 2018,
          status: "confirmed",
          at: "2019-02-03T01:00:00Z",
          by: UNITS.U0,
          withdrawn: null,
        },
        201,
      );
    }
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
    const { c, posted } = pane();
    await c.connect("https://localhost:8787", "sup");
    c.choose({ formId: "gov-2012", year: 2018 });
    await c.signOff();
    expect(posted.map((p) => p.path)).toEqual(["/units/U0/rollups/gov-2012/2018/sign-off"]);
    expect(c.notice?.text).toContain("已确认");
  });
});
