import { describe, expect, it } from "vitest";
import { COLORS } from "../src/marks";
import { FormSession } from "../src/session";
import { form, setup, syncsOf } from "./helpers";

async function gov2012(opts: Parameters<typeof setup>[0] = {}) {
  const env = setup(opts);
  const s = await FormSession.insert(env.deps, form("gov-2012"), 2018, {
    code: "U1",
    name: "测试单位",
  });
  const at = (id: string) => s.layout.inputs[id]!.address;
  const cell = (id: string) => env.excel.cell(s.sheetName, at(id));
  const edit = (id: string, v: unknown) => env.excel.userEdit(s.sheetName, at(id), v);
  return { ...env, s, at, cell, edit };
}

describe("inline validation", () => {
  it("marks an error red with a note and outlines the cells the rule reads, in 2 syncs", async () => {
    const { excel, s, cell, edit } = await gov2012();
    await edit("proactive.total.n", 289);
    await edit("proactive.website.n", 298);
    const syncs = await syncsOf(excel, () => s.pass());
    expect(syncs).toBe(2);
    const target = cell("proactive.website.n");
    expect(target.fill).toBe(COLORS.errorFill);
    const note = excel
      .sheet(s.sheetName)
      .notes.get(s.layout.inputs["proactive.website.n"]!.address);
    expect(note).toMatch(/^【错误】/);
    expect(note).toContain("298");
    expect(cell("proactive.total.n").fill).toBeNull();
    expect(cell("proactive.total.n").borders.left).toMatchObject({
      color: COLORS.errorLine,
      weight: "Medium",
    });
    expect(cell("proactive.press_conferences.n").fill).toBeNull();
    // the sheet is protected again after painting
    expect(excel.sheet(s.sheetName).protected).toBe(true);
  });

  it("marks a warning amber", async () => {
    const { s, cell, edit } = await gov2012();
    await edit("requests.in_person.n", 1);
    await edit("requests.total.n", 1);
    await edit("requests.accepted.n", 5);
    const { issues } = await s.pass();
    expect(issues.map((i) => i.rule)).toEqual(["G8"]);
    expect(cell("requests.accepted.n").fill).toBe(COLORS.warningFill);
    expect(cell("requests.total.n").borders.top?.color).toBe(COLORS.warningLine);
  });

  it("clears stale marks once the numbers agree", async () => {
    const { excel, s, cell, edit } = await gov2012();
    await edit("proactive.total.n", 289);
    await edit("proactive.website.n", 298);
    await s.pass();
    await edit("proactive.total.n", 300);
    await s.pass();
    expect(cell("proactive.website.n").fill).toBeNull();
    expect(cell("proactive.total.n").borders.left).toMatchObject({
      color: "#000000",
      weight: "Thin",
    });
    expect(excel.sheet(s.sheetName).notes.size).toBe(0);
    expect(s.state.marks.fills).toEqual([]);
  });

  it("uses at most 2 syncs whatever the number of issues (gov-2021, every rule broken)", async () => {
    const env = setup();
    const s = await FormSession.insert(env.deps, form("gov-2021"), 2024, null);
    // every total wrong at once: many issues
    for (const [id, pos] of Object.entries(s.layout.inputs)) {
      env.excel.cell(s.sheetName, pos.address).value =
        id.endsWith(".total") || id.includes("handled_total") ? 7 : 1;
    }
    let count = 0;
    const syncs = await syncsOf(env.excel, async () => {
      count = (await s.pass()).issues.length;
    });
    expect(count).toBeGreaterThan(30);
    expect(syncs).toBe(2);
    const again = await syncsOf(env.excel, () => s.pass());
    expect(again).toBe(2);
  });

  it("checks pasted text, which bypasses Excel's data validation, the same way", async () => {
    const { s, cell, edit, excel } = await gov2012();
    await edit("capacity.meetings.n", "十二");
    await edit("capacity.trainings.n", -3);
    const { issues } = await s.pass();
    expect(
      issues
        .filter((i) => i.rule === "value")
        .map((i) => i.code)
        .sort(),
    ).toEqual(["negative", "not_a_number"]);
    expect(cell("capacity.meetings.n").fill).toBe(COLORS.errorFill);
    expect(
      excel.sheet(s.sheetName).notes.get(s.layout.inputs["capacity.trainings.n"]!.address),
    ).toContain("不能为负数");
  });

  it("falls back to comments on ExcelApi 1.10–1.17 and clears them", async () => {
    const { excel, s, edit } = await gov2012({ excelApi: "1.16" });
    await edit("proactive.total.n", 1);
    await edit("proactive.website.n", 2);
    await s.pass();
    const comments = [...excel.sheet(s.sheetName).comments.values()];
    expect(comments).toHaveLength(1);
    expect(comments[0]!.content).toMatch(/^【错误】/);
    await s.pass(); // updates in place, no duplicate
    expect(excel.sheet(s.sheetName).comments.size).toBe(1);
    await edit("proactive.website.n", 1);
    await s.pass();
    expect(excel.sheet(s.sheetName).comments.size).toBe(0);
  });

  it("falls back to a message column without comments (ExcelApi 1.9)", async () => {
    const { excel, s, edit } = await gov2012({ excelApi: "1.9" });
    await edit("proactive.total.n", 1);
    await edit("proactive.website.n", 2);
    await s.pass();
    const row = s.layout.inputs["proactive.website.n"]!.row;
    const msg = `${String.fromCharCode(65 + s.layout.colCount)}${row + 1}`;
    expect(excel.cell(s.sheetName, msg).value).toMatch(/^【错误】/);
    await edit("proactive.website.n", 1);
    await s.pass();
    expect(excel.cell(s.sheetName, msg).value).toBe("");
  });

  it("leaves the clerk's own note alone", async () => {
    const { excel, s, at, edit } = await gov2012();
    excel.sheet(s.sheetName).notes.set(at("proactive.website.n"), "数据来源:办公室台账");
    await edit("proactive.total.n", 1);
    await edit("proactive.website.n", 2);
    await s.pass();
    expect(excel.sheet(s.sheetName).notes.get(at("proactive.website.n"))).toBe(
      "数据来源:办公室台账",
    );
    expect(excel.cell(s.sheetName, at("proactive.website.n")).fill).toBe(COLORS.errorFill);
    await edit("proactive.website.n", 1);
    await s.pass();
    expect(excel.sheet(s.sheetName).notes.get(at("proactive.website.n"))).toBe(
      "数据来源:办公室台账",
    );
  });

  it("re-checks on change (debounced) and ignores its own writes", async () => {
    const { excel, s, timer, edit, cell } = await gov2012();
    await s.watch();
    await edit("proactive.total.n", 1);
    await edit("proactive.website.n", 2);
    expect(timer.pending()).toBe(1); // two edits, one pending pass
    const before = excel.syncCount;
    timer.fire();
    await excel.settle();
    await s.pass(); // queued after the debounced one
    expect(cell("proactive.website.n").fill).toBe(COLORS.errorFill);
    await excel.settle();
    expect(timer.pending()).toBe(0); // the add-in's own writes scheduled nothing
    expect(excel.syncCount - before).toBe(4);
  });

  it("fills totals and re-checks in the same 2 syncs", async () => {
    const { excel, s, cell, edit } = await gov2012();
    await edit("requests.in_person.n", 3);
    await edit("requests.online.n", 4);
    await edit("capacity.staff_fulltime.n", 2);
    await edit("capacity.staff_parttime.n", 1);
    const syncs = await syncsOf(excel, () => s.pass({ fillTotals: true }));
    expect(syncs).toBe(2);
    expect(cell("requests.total.n").value).toBe(7);
    expect(cell("capacity.staff_total.n").value).toBe(3);
    expect(s.issues.filter((i) => i.severity === "error")).toEqual([]);
  });

  for (const excelApi of ["1.18", "1.14", "1.12", "1.8"]) {
    it(`keeps to 2 syncs a pass with ExcelApi ${excelApi} (notes, comments or message column)`, async () => {
      const { excel, s, edit } = await gov2012({ excelApi });
      await edit("proactive.total.n", 1);
      await edit("proactive.website.n", 2);
      await edit("requests.accepted.n", 5);
      expect(await syncsOf(excel, () => s.pass())).toBe(2);
      expect(s.issues.length).toBe(2);
      await edit("proactive.website.n", 1);
      expect(await syncsOf(excel, () => s.pass())).toBe(2); // with stale marks to clear
      expect(s.issues.length).toBe(1);
    });
  }

  it("ignores its own value and format writes without triggerSource (ExcelApi 1.12): a read, no write, no loop", async () => {
    const { excel, s, timer, edit, cell } = await gov2012({ excelApi: "1.12" });
    await s.watch();
    await edit("proactive.total.n", 1);
    await edit("proactive.website.n", 2);
    timer.fire();
    await s.pass({ fillTotals: true }); // writes totals, fills, messages
    expect(cell("proactive.website.n").fill).toBe(COLORS.errorFill);
    await excel.settle();
    // Excel below 1.14 reports the add-in's own value and format writes as changes
    expect(timer.pending()).toBe(1);
    const before = excel.syncCount;
    timer.fire();
    await s.pass({ ifChanged: true }); // queued after the debounced one
    await excel.settle();
    expect(excel.syncCount - before).toBe(2); // two reads, no write
    expect(timer.pending()).toBe(0); // and so no further event: no loop
    await edit("requests.fax.n", 1); // the clerk's next edit is still seen
    expect(timer.pending()).toBe(1);
    timer.fire();
    await s.pass({ ifChanged: true });
    expect(s.lastResult?.values["requests.fax.n"]).toBe(1);
  });

  for (const excelApi of ["1.18", "1.12"]) {
    it(`ignores co-authors' edits (source Remote) with ExcelApi ${excelApi}`, async () => {
      const { excel, s, timer, at } = await gov2012({ excelApi });
      await s.watch();
      await excel.remoteEdit(s.sheetName, at("proactive.website.n"), 4);
      expect(timer.pending()).toBe(0);
    });
  }
});
