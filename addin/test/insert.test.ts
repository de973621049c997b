import { describe, expect, it } from "vitest";
import { formSheetName, layoutForm } from "../../shared/layout";
import type { Report } from "../../shared/api/schemas";
import { MAX_AMOUNT } from "../../shared/engine/values";
import { buildWorkbook, CHECKS_NAME, FORM_SHEET_NAME } from "../../shared/workbook";
import { META_NAME } from "../src/host/excel-host";
import { COLORS } from "../src/session/marks";
import { FormSession } from "../src/session/session";
import { stateFromXml } from "../src/session/state";
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
    // The tab says the year and the form as the clerk calls it; programs go by the markers.
    expect(name).toBe(formSheetName(form("gov-2021"), 2024, "zh"));
    expect(excel.workbook.names.get(FORM_SHEET_NAME)).toBe(`='${name}'!$A$1`);
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
      decimal: { formula1: 0, formula2: MAX_AMOUNT, operator: "Between" },
    });
    // labels locked, sheet protected without a password
    expect(excel.cell(name, "A1").locked).toBe(true);
    expect(sheet.protected).toBe(true);
    // column widths; A4 landscape one page wide, binding margin, table 三's headers repeated,
    // unit and year in the header, page numbers in the footer, printed down to the signatures
    // and the message column, then the hidden columns of the verdicts the marks read
    const drawn = buildWorkbook(form("gov-2021"), { lang: "zh", unitName: "", year: 2024 });
    expect(sheet.columnWidths.size).toBe(drawn.sheets[0]!.columnWidths.length);
    expect(drawn.sheets[0]!.columnWidths.length).toBeGreaterThan(layout.colCount + 1);
    // The signature block: locked captions, each value its own unlocked underlined cell (C: the
    // caption takes A:B), the unit filled in; a clerk types a name there, never over a caption.
    const [unitRow, fieldRow] = [layout.rowCount + 2, layout.rowCount + 3];
    expect(excel.cell(name, `A${unitRow}`)).toMatchObject({
      value: "填报单位(盖章):",
      locked: true,
    });
    expect(excel.cell(name, `C${unitRow}`)).toMatchObject({
      value: "某市政府办公室",
      locked: false,
    });
    expect(excel.cell(name, `A${fieldRow}`)).toMatchObject({ value: "单位负责人:", locked: true });
    expect(excel.cell(name, `C${fieldRow}`).locked).toBe(false);
    expect(excel.cell(name, `C${fieldRow}`).borders).toEqual({
      bottom: expect.objectContaining({ style: "Continuous" }),
    });
    await excel.userEdit(name, `C${fieldRow}`, "张三");
    expect(excel.cell(name, `C${fieldRow}`).value).toBe("张三");
    await expect(excel.userEdit(name, `A${fieldRow}`, "x")).rejects.toThrow(/locked/);
    const titleTop = layout.cells.find((c) => String(c.text).startsWith("本列数据的勾稽关系"))!;
    expect(sheet.pageLayout).toMatchObject({
      paperSize: "A4",
      orientation: "Landscape",
      zoom: { horizontalFitToPages: 1 },
      printArea: `A1:${layout.range.split(":")[1]!.replace(/\d+$/, "")}${fieldRow}`,
      printTitleRows: `${titleTop.row + 1}:${titleTop.row + titleTop.rowSpan}`,
      leftHeader: "某市政府办公室",
      rightHeader: "2024年度",
      centerFooter: "第 &P 页 共 &N 页",
    });
    expect(sheet.pageLayout.leftMargin).toBeCloseTo(70.87, 1); // 2.5 cm to bind
    // identity in the workbook itself
    expect(sheet.names.get(META_NAME)).toMatch(/^="xxgk;1;gov-2021;2024;1;uuid-1;wb;ft"$/);
    expect(excel.workbook.parts.map((p) => p.namespaceUri)).toEqual([
      "urn:xxgk-tables:sheet:uuid-1",
    ]);
    // the self-checking workbook: one conditional format per rule instance, 校验 and 上年 sheets
    const model = buildWorkbook(form("gov-2021"), { lang: "zh", unitName: "", year: 2024 });
    const marks = model.conditionalFormats.filter((c) => c.sheet === model.sheets[0]!.name);
    expect(sheet.conditionalFormats).toHaveLength(marks.length);
    expect(excel.sheet("校验").protected).toBe(true);
    expect(excel.sheet("上年")).toMatchObject({ visibility: "Hidden", protected: true });
    expect(excel.workbook.names.get(CHECKS_NAME)).toMatch(/^='校验'!\$A\$\d+:\$C\$\d+$/);
    expect(excel.workbook.names.get("xxgk.requests.new.natural")).toBe(
      `='${name}'!$${input.replace(/(\d+)/, "$$$1")}`,
    );
  });

  it("puts last year's values on the hidden 上年 sheet: the cross-year rules are formulas too", async () => {
    const { excel, deps } = setup();
    const f = form("gov-2021");
    const model = buildWorkbook(f, { lang: "zh", unitName: "", year: 2024 });
    const [id, ref] = Object.entries(model.previous)[0]!;
    const lastYear = { form: f.id, values: { [id]: 4 } } as unknown as Report;
    const s = await FormSession.insert(deps, f, 2024, null, lastYear);
    expect(s.previous).toEqual({ [id]: 4 });
    expect(excel.shown("上年", ref.address).value).toBe(4);
    // without last year, blank: the cross-year rules judge nothing
    const other = setup();
    await FormSession.insert(other.deps, f, 2024, null);
    expect(other.excel.shown("上年", ref.address).value).toBe("");
  }, 30_000); // two gov-2021 workbooks recalculated by HyperFormula: slow on a loaded machine

  it("borders every cell the model borders (grids drawn per rectangle, not per cell)", async () => {
    const { excel, deps } = setup();
    const s = await FormSession.insert(deps, form("gov-2012"), 2018, null);
    const model = buildWorkbook(form("gov-2012"), {
      lang: "zh",
      unitName: "",
      year: 2018,
      sheetNames: { form: s.sheetName },
    });
    for (const sheet of model.sheets) {
      for (const c of sheet.cells.filter((x) => x.border && !x.merge)) {
        const borders = excel.cell(sheet.name, c.address).borders;
        for (const edge of ["top", "bottom", "left", "right"] as const)
          expect(borders[edge], `${sheet.name}!${c.address} ${edge}`).toMatchObject({
            style: "Continuous",
            weight: "Thin",
          });
      }
    }
    // and nothing else: a cell the model leaves unbordered stays so
    const checks = model.sheets[1]!;
    const plain = checks.cells.find((x) => !x.border && !x.merge)!;
    expect(excel.cell(checks.name, plain.address).borders).toEqual({});
  });

  it("inserts for a unit whose name is too long for a page header: the header shortens it", async () => {
    const { excel, deps } = setup();
    const name = "R&D 中心".repeat(40); // 280 characters, each & doubled in a header
    const s = await FormSession.insert(deps, form("gov-2021"), 2024, { code: "U1", name });
    const header = String(excel.sheet(s.sheetName).pageLayout.leftHeader);
    expect(header.startsWith("R&&D 中心R&&D")).toBe(true);
    expect(header.endsWith("…")).toBe(true);
    // the sheet itself names the whole unit
    expect(excel.cell(s.sheetName, s.layout.meta.unit.address).value).toBe(name);
  });

  it("gives a second insert of the same form a new sheet name", async () => {
    const { deps } = setup();
    const a = await FormSession.insert(deps, form("gov-2012"), 2018, null);
    const b = await FormSession.insert(deps, form("gov-2012"), 2018, null);
    expect(a.sheetName).not.toBe(b.sheetName);
  });

  it("keeps the workbook-scoped names of the first form; a second form's names go on its sheet", async () => {
    const { excel, deps } = setup();
    const a = await FormSession.insert(deps, form("gov-2012"), 2018, null);
    const b = await FormSession.insert(deps, form("gov-2012"), 2019, null);
    expect(excel.workbook.names.get(CHECKS_NAME)).toContain("'校验'!");
    expect(excel.sheet(b.sheetName).names.get(CHECKS_NAME)).toContain("'校验 (2)'!");
    // each sheet's marks read its own cells
    await excel.userEdit(b.sheetName, b.layout.inputs["proactive.total.n"]!.address, 1);
    await excel.userEdit(b.sheetName, b.layout.inputs["proactive.website.n"]!.address, 2);
    expect(excel.shown(b.sheetName, b.layout.inputs["proactive.website.n"]!.address).fill).toBe(
      COLORS.errorFill,
    );
    expect(
      excel.shown(a.sheetName, a.layout.inputs["proactive.website.n"]!.address).fill,
    ).toBeNull();
  });

  it("recognises a saved and reopened workbook and re-checks it", async () => {
    const { excel, deps } = setup();
    const s = await FormSession.insert(deps, form("gov-2012"), 2018, null);
    await excel.userEdit(s.sheetName, s.layout.inputs["proactive.website.n"]!.address, 298);
    await excel.userEdit(s.sheetName, s.layout.inputs["proactive.total.n"]!.address, 289);
    await s.pass();
    await s.setExplanation("G8:requests.accepted.n", "kept across reopen");
    await s.save(); // 保存: the 说明 goes into the workbook and travels with the file

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
    expect(again.excel.shown(found!.sheetName, target).fill).toBe(COLORS.errorFill);
    expect(found!.legacy).toBe(false);
  });

  it("recognises its sheet by the marker, whatever the tab reads (an earlier version's 「报表 gov-2012 2018」)", async () => {
    const { excel, deps } = setup();
    const s = await FormSession.insert(deps, form("gov-2012"), 2018, null);
    excel.sheet(s.sheetName).name = "报表 gov-2012 2018";
    const found = await FormSession.attach(deps, resolver);
    expect(found?.sheetName).toBe("报表 gov-2012 2018");
    expect(found?.form.id).toBe("gov-2012");
    expect(found?.year).toBe(2018);
    expect(await deps.host.findFormSheets()).toEqual([
      expect.objectContaining({
        name: "报表 gov-2012 2018",
        meta: expect.objectContaining({ formId: "gov-2012" }),
      }),
    ]);
  });

  it("recognises a sheet an older add-in drew (no ;wb), checks it in the pane and says to re-insert", async () => {
    const { excel, deps } = setup();
    const s = await FormSession.insert(deps, form("gov-2012"), 2018, null);
    excel.sheet(s.sheetName).names.set(META_NAME, '="xxgk;1;gov-2012;2018;1;uuid-1"');
    await excel.userEdit(s.sheetName, s.layout.inputs["proactive.total.n"]!.address, 1);
    await excel.userEdit(s.sheetName, s.layout.inputs["proactive.website.n"]!.address, 2);
    const found = await FormSession.attach(deps, resolver);
    expect(found!.legacy).toBe(true);
    expect((await found!.pass()).issues.map((i) => i.rule)).toEqual(["G6"]);
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

  it("inserts on ExcelApi 1.8 without the 1.9 features (page layout, indent, RangeAreas)", async () => {
    const { excel, deps } = setup({ excelApi: "1.8" });
    const s = await FormSession.insert(deps, form("gov-2012"), 2018, null);
    // without RangeAreas, one format per area: every format covers a single area
    const formats = excel.sheet(s.sheetName).conditionalFormats;
    expect(formats.every((cf) => cf.areas.length === 1)).toBe(true);
    await excel.userEdit(s.sheetName, s.layout.inputs["proactive.total.n"]!.address, 1);
    await excel.userEdit(s.sheetName, s.layout.inputs["proactive.website.n"]!.address, 2);
    expect(excel.shown(s.sheetName, s.layout.inputs["proactive.total.n"]!.address).fill).toBe(
      COLORS.errorFill,
    );
    await excel.userEdit(s.sheetName, s.layout.inputs["proactive.website.n"]!.address, "");
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
