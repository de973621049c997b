import { describe, expect, it } from "vitest";
import { derivedCells } from "../../shared/engine";
import { COLORS } from "../src/session/marks";
import { FormSession } from "../src/session/session";
import { form, setup, syncsOf } from "./helpers";

async function gov2012(opts: Parameters<typeof setup>[0] = {}) {
  const env = setup(opts);
  const s = await FormSession.insert(env.deps, form("gov-2012"), 2018, {
    code: "U1",
    name: "测试单位",
  });
  const at = (id: string) => s.layout.inputs[id]!.address;
  /** What Excel shows at a cell after recalculating: the conditional formats' fill included. */
  const fill = (id: string) => env.excel.shown(s.sheetName, at(id)).fill;
  /** The form sheet's message column beside a cell's row (the workbook's message formula). */
  const message = (id: string) => {
    const row = s.layout.inputs[id]!.row;
    const col = String.fromCharCode(65 + s.layout.colCount);
    return env.excel.shown(s.sheetName, `${col}${row + 1}`).value;
  };
  const edit = (id: string, v: unknown) => env.excel.userEdit(s.sheetName, at(id), v);
  return { ...env, s, at, fill, message, edit };
}

/**
 * The totals as a sheet inserted before they were formulas has them: typed, unlocked cells
 * (自动计算合计 is for such sheets).
 */
function typedTotals(excel: ReturnType<typeof setup>["excel"], s: FormSession): void {
  for (const id of derivedCells(s.form)) {
    const cell = excel.cell(s.sheetName, s.layout.inputs[id]!.address);
    delete cell.formula;
    cell.value = "";
    cell.locked = false;
  }
}

describe("inline validation: the workbook checks itself", () => {
  it("marks an error red from the conditional formats, with the message beside the row, and writes nothing", async () => {
    const { excel, s, fill, message, edit } = await gov2012();
    await edit("proactive.total.n", 289);
    await edit("proactive.website.n", 298);
    // Excel's recalculation alone: no pass has run yet.
    expect(fill("proactive.website.n")).toBe(COLORS.errorFill);
    expect(fill("proactive.total.n")).toBe(COLORS.errorFill);
    expect(fill("proactive.press_conferences.n")).toBeNull();
    expect(message("proactive.website.n")).toMatch(/298.*289/);
    const writes = excel.writeCount;
    const syncs = await syncsOf(excel, () => s.pass());
    expect(syncs).toBe(1);
    expect(excel.writeCount).toBe(writes);
    expect(s.issues).toHaveLength(1);
    expect(s.issues[0]!.message_zh).toContain("298");
    // the add-in painted nothing: the cell's own fill is untouched
    expect(
      excel.cell(s.sheetName, s.layout.inputs["proactive.website.n"]!.address).fill,
    ).toBeNull();
    expect(excel.sheet(s.sheetName).notes.size).toBe(0);
    expect(excel.sheet(s.sheetName).protected).toBe(true);
  });

  it("marks a warning amber", async () => {
    const { s, fill, edit } = await gov2012();
    await edit("requests.in_person.n", 1); // the total is its formula's: 1
    await edit("requests.accepted.n", 5);
    const { issues } = await s.pass();
    expect(issues.map((i) => i.rule)).toEqual(["G8"]);
    expect(fill("requests.accepted.n")).toBe(COLORS.warningFill);
  });

  it("clears the marks once the numbers agree, without the add-in", async () => {
    const { s, fill, message, edit } = await gov2012();
    await edit("proactive.total.n", 289);
    await edit("proactive.website.n", 298);
    await s.pass();
    await edit("proactive.total.n", 300);
    expect(fill("proactive.website.n")).toBeNull();
    expect(message("proactive.website.n")).toBe("");
    await s.pass();
    expect(s.issues).toEqual([]);
  });

  it("reads in 1 sync and writes nothing whatever the number of issues (gov-2021, every rule broken)", async () => {
    const env = setup();
    const s = await FormSession.insert(env.deps, form("gov-2021"), 2024, null);
    typedTotals(env.excel, s);
    for (const [id, pos] of Object.entries(s.layout.inputs)) {
      env.excel.cell(s.sheetName, pos.address).value =
        id.endsWith(".total") || id.includes("handled_total") ? 7 : 1;
    }
    const writes = env.excel.writeCount;
    let count = 0;
    const syncs = await syncsOf(env.excel, async () => {
      count = (await s.pass()).issues.length;
    });
    expect(count).toBeGreaterThan(30);
    expect(syncs).toBe(1);
    expect(env.excel.writeCount).toBe(writes);
  });

  it("checks pasted text, which bypasses Excel's data validation, in the pane's list", async () => {
    const { s, edit } = await gov2012();
    await edit("capacity.meetings.n", "十二");
    await edit("capacity.trainings.n", -3);
    const { issues } = await s.pass();
    expect(
      issues
        .filter((i) => i.rule === "value")
        .map((i) => i.code)
        .sort(),
    ).toEqual(["negative", "not_a_number"]);
  });

  it("leaves the clerk's own note alone", async () => {
    const { excel, s, at, edit, fill } = await gov2012();
    excel.sheet(s.sheetName).notes.set(at("proactive.website.n"), "数据来源:办公室台账");
    await edit("proactive.total.n", 1);
    await edit("proactive.website.n", 2);
    await s.pass();
    expect(fill("proactive.website.n")).toBe(COLORS.errorFill);
    expect(excel.sheet(s.sheetName).notes.get(at("proactive.website.n"))).toBe(
      "数据来源:办公室台账",
    );
  });

  it("a burst of edits: zero writes and one read sync per debounced run, on every ExcelApi", async () => {
    for (const excelApi of ["1.18", "1.14", "1.12", "1.8"]) {
      const { excel, s, timer, edit } = await gov2012({ excelApi });
      await s.watch();
      const writes = excel.writeCount;
      const protections = excel.protectionChanges;
      const before = excel.syncCount;
      for (const [i, id] of [
        "proactive.total.n",
        "proactive.website.n",
        "requests.accepted.n",
      ].entries())
        await edit(id, [1, 2, 5][i]);
      await edit("proactive.website.n", 3);
      expect(timer.pending()).toBe(1); // four edits, one pending run
      timer.fire();
      await excel.settle();
      await s.pass({ ifChanged: true }); // waits for the debounced run
      expect(excel.syncCount - before).toBe(2); // the run's read, and this read
      expect(excel.writeCount - writes).toBe(0);
      expect(excel.protectionChanges).toBe(protections);
      expect(s.issues.length).toBe(2);
      expect(timer.pending()).toBe(0);
    }
  });

  it("computes the totals with the sheet's own formulas: 自动计算合计 writes nothing", async () => {
    const { excel, s, edit } = await gov2012();
    await edit("requests.in_person.n", 3);
    await edit("requests.online.n", 4);
    const at = (id: string) => excel.shown(s.sheetName, s.layout.inputs[id]!.address).value;
    expect(at("requests.total.n")).toBe(7);
    const writes = excel.writeCount;
    const syncs = await syncsOf(excel, () => s.pass({ fillTotals: true }));
    expect(syncs).toBe(1);
    expect(excel.writeCount).toBe(writes);
    expect(s.issues.filter((i) => i.severity === "error")).toEqual([]);
    expect(s.formulaTotals).toBe(true);
  });

  it("fills totals on request: one read and one write of values only (no unprotect)", async () => {
    const { excel, s, edit } = await gov2012();
    typedTotals(excel, s);
    await edit("requests.in_person.n", 3);
    await edit("requests.online.n", 4);
    await edit("capacity.staff_fulltime.n", 2);
    await edit("capacity.staff_parttime.n", 1);
    const protections = excel.protectionChanges;
    const syncs = await syncsOf(excel, () => s.pass({ fillTotals: true }));
    expect(syncs).toBe(2);
    expect(excel.protectionChanges).toBe(protections); // Ctrl+Z history survives
    const at = (id: string) => excel.cell(s.sheetName, s.layout.inputs[id]!.address);
    expect(at("requests.total.n").value).toBe(7);
    expect(at("capacity.staff_total.n").value).toBe(3);
    expect(excel.sheet(s.sheetName).protected).toBe(true);
    expect(s.issues.filter((i) => i.severity === "error")).toEqual([]);
  });

  it("ignores its own total writes without triggerSource (ExcelApi 1.12): a read, no write, no loop", async () => {
    const { excel, s, timer, edit } = await gov2012({ excelApi: "1.12" });
    typedTotals(excel, s);
    await s.watch();
    await edit("requests.in_person.n", 1);
    timer.fire();
    await s.pass({ fillTotals: true }); // writes a total
    await excel.settle();
    // Excel below 1.14 reports the add-in's own value writes as changes
    expect(timer.pending()).toBe(1);
    const before = excel.syncCount;
    const writes = excel.writeCount;
    timer.fire();
    await s.pass({ ifChanged: true }); // queued after the debounced one
    await excel.settle();
    expect(excel.syncCount - before).toBe(2); // two reads
    expect(excel.writeCount).toBe(writes); // no write
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
