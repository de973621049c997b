import { describe, expect, it } from "vitest";
import type { Rollup } from "../../shared/api/schemas";
import { layoutForm } from "../../shared/layout";
import { OfficeExcelHost } from "../src/host/excel-host";
import { drawRollup, ROLLUP_SHEETS } from "../src/sheets/rollup";
import { FormSession } from "../src/session/session";
import { UNITS, workflowServer } from "../testing/fake-workflow";
import { StrictExcel } from "../testing/strict-excel";
import { form, paneOn, setup } from "./helpers";

const DDE = "=cmd|' /C calc'!A0";

describe("the stand-in stores what is written as Excel does", () => {
  it("takes = + - @ as a formula, 007 as 7 and an ISO date as a date, unless the cell is text", async () => {
    const excel = new StrictExcel();
    await excel.run(async (ctx) => {
      const ws = ctx.workbook.worksheets.getActiveWorksheet();
      ws.getRange("A1:F1").values = [[DDE, "+abc", "@SUM(1)", "007", "2025-01-31", "-5"]];
      ws.getRange("A2:F2").numberFormat = [["@", "@", "@", "@", "@", "@"]];
      ws.getRange("A2:F2").values = [[DDE, "+abc", "@SUM(1)", "007", "2025-01-31", "-5"]];
      await ctx.sync();
    });
    expect(excel.cell("Sheet1", "A1").formula).toBe(DDE);
    expect(excel.cell("Sheet1", "B1").formula).toBe("=+abc");
    expect(excel.cell("Sheet1", "C1").formula).toBe("=@SUM(1)");
    expect(excel.cell("Sheet1", "D1").value).toBe(7);
    expect(excel.cell("Sheet1", "E1").value).toBe(45688);
    expect(excel.cell("Sheet1", "F1").value).toBe(-5);
    for (const [a, v] of [
      ["A2", DDE],
      ["B2", "+abc"],
      ["C2", "@SUM(1)"],
      ["D2", "007"],
      ["E2", "2025-01-31"],
      ["F2", "-5"],
    ]) {
      expect(excel.cell("Sheet1", a!).value).toBe(v);
      expect(excel.cell("Sheet1", a!).formula).toBeUndefined();
    }
  });
});

describe("text the add-in writes stays text", () => {
  it("a unit named like a formula is its name on the form sheet", async () => {
    const { excel, deps } = setup();
    const s = await FormSession.insert(deps, form("gov-2012"), 2018, { code: "007", name: DDE });
    const unit = excel.cell(s.sheetName, s.layout.meta.unit.address);
    expect(unit.value).toBe(DDE);
    expect(unit.formula).toBeUndefined();
  });

  it("unit names, codes with leading zeros and dates in 分单位 and 报送情况 stay text", async () => {
    const excel = new StrictExcel();
    const f = form("gov-2021");
    const r: Rollup = {
      unit: { code: "ROOT", name: "某市" },
      form: "gov-2021",
      year: 2024,
      values: {},
      units: 2,
      submitted: 1,
      missing: 1,
      children: [{ code: "007", name: DDE, units: 1, submitted: 1, values: {} }],
      completeness: [
        {
          code: "007",
          name: "+1",
          parent: "ROOT",
          depth: 1,
          status: "submitted",
          revision: 1,
          submittedAt: "2025-01-10T00:00:00Z",
          errors: 0,
          warnings: 0,
        },
      ],
    };
    await new OfficeExcelHost(excel).writeSheets(drawRollup(f, layoutForm(f, "zh"), r, "zh"));
    const cells = [...excel.sheet(ROLLUP_SHEETS.byUnit).cells.values()];
    expect(cells.some((c) => c.value === DDE)).toBe(true);
    const status = [...excel.sheet(ROLLUP_SHEETS.status).cells.values()];
    expect(status.some((c) => c.value === "007")).toBe(true);
    expect(status.some((c) => typeof c.value === "string" && c.value.trim() === "+1")).toBe(true);
    for (const sheet of excel.workbook.sheets)
      for (const c of sheet.cells.values()) expect(c.formula).toBeUndefined();
  });
});

describe("change events", () => {
  it("fire for format writes below ExcelApi 1.14 and not from 1.14, with triggerSource there", async () => {
    for (const [excelApi, expected] of [
      ["1.12", ["A1:undefined", "B2:undefined"]],
      ["1.14", ["B2:ThisLocalAddin"]],
    ] as const) {
      const excel = new StrictExcel({ excelApi });
      const seen: string[] = [];
      await excel.run(async (ctx) => {
        const ws = ctx.workbook.worksheets.getActiveWorksheet();
        ws.onChanged.add(async (e) => void seen.push(`${e.address}:${e.triggerSource}`));
        await ctx.sync();
        ws.getRange("A1").format.fill.color = "#FFC7CE";
        await ctx.sync();
        ws.getRange("B2").values = [[1]];
        await ctx.sync();
      });
      await excel.settle();
      expect(seen).toEqual(expected);
    }
  });

  it("fire for co-authors' edits with source Remote", async () => {
    const excel = new StrictExcel();
    const seen: string[] = [];
    await excel.run(async (ctx) => {
      ctx.workbook.worksheets
        .getActiveWorksheet()
        .onChanged.add(async (e) => void seen.push(`${e.address}:${e.source}`));
      await ctx.sync();
    });
    await excel.remoteEdit("Sheet1", "C3", 4);
    await excel.userEdit("Sheet1", "C4", 5);
    expect(seen).toEqual(["C3:Remote", "C4:Local"]);
  });

  it("are no longer heard from a sheet the pane has moved away from: its handler is removed", async () => {
    const server = workflowServer();
    const { c, excel } = paneOn(server.fetcher);
    expect(await c.connect("https://localhost:8787", "clerk")).toBe(true);
    expect(UNITS.U1.code).toBe("U1");
    c.choose({ year: 2017 });
    await c.insert();
    const first = c.session!.sheetId;
    expect(excel.handlerCount(first)).toBe(1);
    c.choose({ year: 2018 });
    await c.insert();
    const second = c.session!.sheetId;
    expect(excel.handlerCount(first)).toBe(0);
    expect(excel.handlerCount(second)).toBe(1);
  });
});

describe("what the host layer offers the self-checking workbook", () => {
  it("workbook names, formulas, conditional formats over several areas, a very hidden sheet", async () => {
    const excel = new StrictExcel({ excelApi: "1.9" });
    await excel.run(async (ctx) => {
      const wb = ctx.workbook;
      const ws = wb.worksheets.getActiveWorksheet();
      const last = wb.worksheets.add("上年数");
      last.getRange("A1").values = [[10]];
      last.visibility = "VeryHidden";
      wb.names.add("xxgk.requests.new.natural", "=Sheet1!$E$25");
      ws.getRange("B1").formulas = [["=A1+1"]];
      const cf = ws.getRanges("E25,K25").conditionalFormats.add("Custom");
      cf.custom.rule.formula = "=$K$25<>$E$25";
      cf.custom.format.fill.color = "#FFC7CE";
      cf.stopIfTrue = false;
      await ctx.sync();
      const b1 = ws.getRange("B1").load("formulas");
      const vis = last.load("visibility");
      await ctx.sync();
      expect(b1.formulas).toEqual([["=A1+1"]]);
      expect(vis.visibility).toBe("VeryHidden");
      ws.visibility = "Hidden"; // the last visible sheet
      await expect(ctx.sync()).rejects.toThrow(/last visible sheet/);
    });
    expect(excel.workbook.names.get("xxgk.requests.new.natural")).toBe("=Sheet1!$E$25");
    expect(excel.sheet("Sheet1").conditionalFormats).toEqual([
      {
        areas: [
          { r0: 24, c0: 4, r1: 24, c1: 4 },
          { r0: 24, c0: 10, r1: 24, c1: 10 },
        ],
        formula: "=$K$25<>$E$25",
        fill: "#FFC7CE",
        fontColor: null,
        bold: null,
        stopIfTrue: false,
      },
    ]);
    await excel.run(async (ctx) => {
      ctx.workbook.worksheets.getActiveWorksheet().getRange("K25").conditionalFormats.clearAll();
      await ctx.sync();
    });
    expect(excel.sheet("Sheet1").conditionalFormats).toEqual([]);
  });

  it("refuses them on hosts below their sets, as Excel does", async () => {
    const v18 = new StrictExcel({ excelApi: "1.8" });
    await v18.run(async (ctx) => {
      ctx.workbook.worksheets.getActiveWorksheet().getRanges("A1,B2").conditionalFormats.clearAll();
      await expect(ctx.sync()).rejects.toThrow(/Worksheet.getRanges needs ExcelApi 1.9/);
    });
    const v15 = new StrictExcel({ excelApi: "1.5" });
    await v15.run(async (ctx) => {
      ctx.workbook.worksheets.getActiveWorksheet().getRange("A1").conditionalFormats.clearAll();
      await expect(ctx.sync()).rejects.toThrow(/Range.conditionalFormats needs ExcelApi 1.6/);
    });
  });
});
