import { describe, expect, it } from "vitest";
import { layoutForm } from "../../shared/layout";
import { META_NAME } from "../src/host/excel-host";
import { FormSession } from "../src/session";
import { stateFromXml } from "../src/state";
import { form, resolver, setup, syncsOf } from "./helpers";

describe("inserting a form", () => {
  it("draws gov-2021 in the official layout in 2 syncs, protected, inputs unlocked and validated", async () => {
    const { excel, deps } = setup();
    let session!: FormSession;
    const syncs = await syncsOf(excel, async () => {
      session = await FormSession.insert(deps, form("gov-2021"), 2024, {
        code: "U1",
        name: "某市政府办公室",
      });
    });
    expect(syncs).toBe(2);
    const layout = layoutForm(form("gov-2021"), "zh");
    const name = session.sheetName;
    expect(name).toBe("报表 gov-2021 2024");
    const sheet = excel.sheet(name);
    // title merged across the table, bold
    expect(excel.cell(name, "A1").value).toBe("政府信息公开工作年度报告统计表");
    expect(excel.cell(name, "A1").bold).toBe(true);
    expect(excel.mergeAt(name, "A1")).toEqual({ r0: 0, c0: 0, r1: 0, c1: layout.colCount - 1 });
    // unit and year
    expect(excel.cell(name, layout.meta.unit.address).value).toBe("某市政府办公室");
    expect(excel.cell(name, layout.meta.year.address).value).toBe(2024);
    // table 三's corner note is reproduced
    const corner = [...sheet.cells.values()].find((c) =>
      String(c.value).startsWith("本列数据的勾稽关系"),
    );
    expect(corner).toBeDefined();
    // inputs: unlocked, bordered, number format, whole-number validation with a zh alert
    const input = layout.inputs["requests.new.natural"]!.address;
    const cell = excel.cell(name, input);
    expect(cell.locked).toBe(false);
    expect(cell.numberFormat).toBe("0");
    expect(cell.borders.top?.style).toBe("Continuous");
    expect(cell.validation?.rule).toEqual({
      wholeNumber: { formula1: 0, formula2: 9_999_999, operator: "Between" },
    });
    expect(cell.validation?.errorAlert?.message).toBe("请输入 0 至 9999999 之间的整数。");
    const fee = excel.cell(name, layout.inputs["proactive.fees.amount"]!.address);
    expect(fee.validation?.rule).toEqual({
      decimal: { formula1: 0, operator: "GreaterThanOrEqualTo" },
    });
    // labels locked, sheet protected without a password
    expect(excel.cell(name, "A1").locked).toBe(true);
    expect(sheet.protected).toBe(true);
    // column widths, A4 landscape, print area
    expect(sheet.columnWidths.size).toBe(layout.colCount);
    expect(sheet.pageLayout).toMatchObject({
      paperSize: "A4",
      orientation: "Landscape",
      printArea: layout.range,
    });
    // identity in the workbook itself
    expect(sheet.names.get(META_NAME)).toMatch(/^="xxgk;1;gov-2021;2024;1;uuid-1"$/);
    expect(excel.workbook.parts.map((p) => p.namespaceUri)).toEqual([
      "urn:xxgk-tables:sheet:uuid-1",
    ]);
  });

  it("gives a second insert of the same form a new sheet name", async () => {
    const { deps } = setup();
    const a = await FormSession.insert(deps, form("gov-2012"), 2018, null);
    const b = await FormSession.insert(deps, form("gov-2012"), 2018, null);
    expect(a.sheetName).not.toBe(b.sheetName);
  });

  it("recognises a saved and reopened workbook and re-checks it", async () => {
    const { excel, deps } = setup();
    const s = await FormSession.insert(deps, form("gov-2012"), 2018, null);
    await excel.userEdit(s.sheetName, s.layout.inputs["proactive.website.n"]!.address, 298);
    await excel.userEdit(s.sheetName, s.layout.inputs["proactive.total.n"]!.address, 289);
    await s.pass();
    await s.setExplanation("G8:requests.accepted.n", "kept across reopen");

    const reopened = excel.reopen();
    const again = setup({ workbook: reopened.workbook });
    const found = await FormSession.attach(again.deps, resolver);
    expect(found).not.toBeNull();
    expect(found!.form.id).toBe("gov-2012");
    expect(found!.year).toBe(2018);
    expect(found!.outdated).toBe(false);
    expect(found!.state.explanations["G8:requests.accepted.n"]).toBe("kept across reopen");
    const { issues } = await found!.pass();
    expect(issues.map((i) => i.rule)).toContain("G6");
    const target = found!.layout.inputs["proactive.website.n"]!.address;
    expect(again.excel.cell(found!.sheetName, target).fill).toBe("#FFC7CE");
  });

  it("does not take an ordinary sheet for a form", async () => {
    const { deps } = setup();
    expect(await FormSession.attach(deps, resolver)).toBeNull();
  });

  it("keeps the layout version so an older sheet is flagged", async () => {
    const { excel, deps } = setup();
    const s = await FormSession.insert(deps, form("gov-2012"), 2018, null);
    excel.sheet(s.sheetName).names.set(META_NAME, '="xxgk;1;gov-2012;2018;0;uuid-1"');
    const found = await FormSession.attach(deps, resolver);
    expect(found!.outdated).toBe(true);
    expect(stateFromXml(excel.workbook.parts[0]!.xml).v).toBe(1);
  });

  it("draws the English layout under an English Office, with the zh-CN alert kept first", async () => {
    const { excel, deps } = setup();
    const s = await FormSession.insert({ ...deps, lang: "en" }, form("gov-2012"), 2018, null);
    expect(excel.cell(s.sheetName, "A1").value).toBe(
      "Government information disclosure statistics",
    );
    const alert = excel.cell(s.sheetName, s.layout.inputs["proactive.total.n"]!.address).validation
      ?.errorAlert;
    expect(alert?.message).toBe(
      "请输入 0 至 9999999 之间的整数。\nEnter a whole number from 0 to 9999999.",
    );
    expect(alert?.style).toBe("Stop");
  });

  it("inserts on ExcelApi 1.8 without the 1.9 features (page layout, indent)", async () => {
    const { excel, deps } = setup({ excelApi: "1.8" });
    const s = await FormSession.insert(deps, form("gov-2012"), 2018, null);
    expect(excel.sheet(s.sheetName).pageLayout).toEqual({});
    expect(excel.sheet(s.sheetName).protected).toBe(true);
    const { issues } = await s.pass();
    expect(issues).toEqual([]);
  });

  it("lets gov-2019's change cells go negative (their own validation rule)", async () => {
    const { excel, deps } = setup();
    const f = form("gov-2019");
    const s = await FormSession.insert(deps, f, 2019, null);
    const change = f.cells.find((c) => c.kind === "change")!;
    const cell = excel.cell(s.sheetName, s.layout.inputs[change.id]!.address);
    expect(cell.validation?.rule).toEqual({
      wholeNumber: { formula1: -9_999_999, formula2: 9_999_999, operator: "Between" },
    });
    await excel.userEdit(s.sheetName, s.layout.inputs[change.id]!.address, -3);
    const { issues } = await s.pass();
    expect(issues.filter((i) => i.rule === "value")).toEqual([]);
  });
});
