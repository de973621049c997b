import { describe, expect, it } from "vitest";
import gov2012 from "../../shared/forms/definitions/gov-2012.json";
import type { Connection, ConnectionStore, FetchLike } from "../src/common/api-client";
import { PaneController } from "../src/pane/controller";
import { ROLLUP_SHEETS } from "../src/sheets/rollup";
import { setup } from "./helpers";

function memoryStore(): ConnectionStore & { value: Connection | null } {
  const s = {
    value: null as Connection | null,
    load: () => s.value,
    save: (c: Connection) => {
      s.value = c;
    },
    clear: () => {
      s.value = null;
    },
  };
  return s;
}

const json = (status: number, data: unknown) =>
  new Response(JSON.stringify(data), { status, headers: { "Content-Type": "application/json" } });

function api(role: "clerk" | "supervisor"): FetchLike {
  return async (url) => {
    const path = new URL(url).pathname.replace("/api/v1", "");
    if (path === "/me") {
      return json(200, {
        unit: { code: "U1", name: "某区政府办", path: [{ code: "U1", name: "某区政府办" }] },
        role,
        credential: "c",
      });
    }
    if (path === "/forms") {
      return json(200, {
        forms: [{ id: "gov-2012", version: 1, title: gov2012.title, years: gov2012.years }],
      });
    }
    if (path === "/forms/gov-2012")
      return json(200, {
        id: "gov-2012",
        version: 1,
        title: gov2012.title,
        years: gov2012.years,
        definition: gov2012,
      });
    if (path.startsWith("/units/U1/rollups/")) {
      return json(200, {
        unit: { code: "U1", name: "某区" },
        form: "gov-2012",
        year: 2018,
        values: { "proactive.total.n": 12 },
        units: 2,
        submitted: 1,
        missing: 1,
        children: [
          {
            code: "U2",
            name: "某街道",
            units: 1,
            submitted: 1,
            values: { "proactive.total.n": 12 },
          },
        ],
        completeness: [
          {
            code: "U1",
            name: "某区",
            parent: null,
            depth: 0,
            status: "missing",
            revision: null,
            submittedAt: null,
            errors: 0,
            warnings: 0,
          },
          {
            code: "U2",
            name: "某街道",
            parent: "U1",
            depth: 1,
            status: "submitted",
            revision: 2,
            submittedAt: "2019-01-10T00:00:00Z",
            errors: 0,
            warnings: 1,
          },
        ],
      });
    }
    return json(404, {
      type: "x",
      title: "未找到",
      status: 404,
      detail: "无此报表",
      detail_en: "none",
      requestId: "r",
    });
  };
}

function pane(role: "clerk" | "supervisor" = "clerk") {
  const env = setup();
  const store = memoryStore();
  const c = new PaneController({
    host: env.host,
    store,
    fetcher: api(role),
    lang: "zh",
    uuid: env.deps.uuid,
    now: () => new Date("2019-01-15T00:00:00Z"),
    timer: env.timer,
    defaultServer: "https://localhost:8787",
  });
  return { ...env, store, c };
}

describe("the task pane", () => {
  it("connects, shows unit and role, and keeps the token in the add-in's storage only", async () => {
    const { c, store, excel } = pane();
    expect(await c.connect("https://localhost:8787", "secret-token")).toBe(true);
    expect(c.me?.unit.name).toBe("某区政府办");
    expect(c.me?.role).toBe("clerk");
    expect(store.value).toEqual({ server: "https://localhost:8787", token: "secret-token" });
    expect(c.formId).toBe("gov-2012");
    await c.insert();
    const everything = JSON.stringify({
      parts: excel.workbook.parts,
      sheets: excel.workbook.sheets.map((s) => ({
        names: [...s.names],
        cells: [...s.cells.values()].map((x) => x.value),
      })),
    });
    expect(everything).not.toContain("secret-token");
  });

  it("inserts the chosen form with the unit's name, lists issues by table, and selects a cell on click", async () => {
    const { c, excel } = pane();
    await c.connect("https://localhost:8787", "t");
    c.choose({ year: 2018 });
    await c.insert();
    const s = c.session!;
    expect(excel.cell(s.sheetName, s.layout.meta.unit.address).value).toBe("某区政府办");
    await excel.userEdit(s.sheetName, s.layout.inputs["proactive.website.n"]!.address, 5);
    await c.check();
    const groups = c.groups();
    expect(groups).toHaveLength(1);
    expect(groups[0]!.table).toBe("政府信息公开情况统计表");
    expect(groups[0]!.issues[0]!.rule).toBe("G6");
    await c.selectIssue(groups[0]!.issues[0]!);
    expect(excel.workbook.selection).toEqual({
      sheet: s.sheetName,
      address: s.layout.inputs["proactive.website.n"]!.address,
    });
  });

  it("recognises the form sheet of a reopened workbook on start", async () => {
    const first = pane();
    await first.c.connect("https://localhost:8787", "t");
    first.c.choose({ year: 2018 });
    await first.c.insert();
    await first.excel.userActivate("Sheet1"); // saved with another sheet active
    const again = setup({ workbook: first.excel.reopen().workbook });
    const store = memoryStore();
    store.value = { server: "https://localhost:8787", token: "t" };
    const c = new PaneController({
      host: again.host,
      store,
      fetcher: api("clerk"),
      lang: "en",
      uuid: again.deps.uuid,
      now: () => new Date("2019-01-15T00:00:00Z"),
      timer: again.timer,
      defaultServer: "https://x",
    });
    await c.start();
    expect(c.session?.form.id).toBe("gov-2012");
    expect(c.notice?.text).toBe(
      'Recognised the form "Government information disclosure statistics" (2018).',
    );
  });

  it("pulls a rollup into 汇总, 分单位 and 报送情况 for a supervisor", async () => {
    const { c, excel } = pane("supervisor");
    await c.connect("https://localhost:8787", "t");
    c.choose({ year: 2018 });
    const before = excel.syncCount;
    await c.pullRollup();
    expect(excel.syncCount - before).toBeLessThanOrEqual(3);
    expect(excel.cell(ROLLUP_SHEETS.byUnit, "B4").value).toBe("某街道");
    expect(excel.cell(ROLLUP_SHEETS.status, "E5").value).toBe("已报送");
    expect(c.notice?.text).toBe("已更新汇总:2 个单位,纳入 1,待审 0,未报 1。");
  });

  it("follows the user to another form sheet, and asks Office to reopen the pane with the workbook", async () => {
    const { c, excel } = pane();
    await c.start();
    await c.connect("https://localhost:8787", "t");
    c.choose({ year: 2017 });
    await c.insert();
    const first = c.session!.sheetName;
    c.choose({ year: 2018 });
    await c.insert();
    const second = c.session!.sheetName;
    expect(excel.autoOpenRequests).toBe(2);
    await excel.userActivate(first);
    expect(c.session?.sheetName).toBe(first);
    expect(c.session?.year).toBe(2017);
    expect(second).not.toBe(first);
  });
});
