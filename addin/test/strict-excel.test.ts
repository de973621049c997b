import { describe, expect, it } from "vitest";
import { OfficeExcelHost } from "../src/host/excel-host";
import { StrictExcel } from "../testing/strict-excel";

describe("the strict Excel stand-in", () => {
  it("throws when a property is read before load + sync, and counts syncs", async () => {
    const excel = new StrictExcel();
    await excel.run(async (ctx) => {
      const ws = ctx.workbook.worksheets.getItemOrNullObject("Sheet1");
      ws.getRange("A1").values = [[42]];
      const r = ws.getRange("A1");
      expect(() => r.values).toThrow(/PropertyNotLoaded/);
      r.load("values");
      expect(() => r.values).toThrow(/PropertyNotLoaded/);
      await ctx.sync();
      expect(r.values).toEqual([[42]]);
      expect(() => ws.name).toThrow(/PropertyNotLoaded/);
    });
    expect(excel.syncCount).toBe(1);
  });

  it("reads the selection like Excel: a qualified address, the active sheet's only", async () => {
    const excel = new StrictExcel();
    excel.addSheetModel("审核 U1");
    const host = new OfficeExcelHost(excel);
    expect(await host.selection()).toEqual({ sheet: "Sheet1", address: "A1" });
    excel.userSelect("审核 U1", "E27");
    await excel.run(async (ctx) => {
      const r = ctx.workbook.getSelectedRange().load("address");
      await ctx.sync();
      expect(r.address).toBe("'审核 U1'!E27");
    });
    expect(await host.selection()).toEqual({ sheet: "审核 U1", address: "E27" });
    excel.workbook.active = excel.sheet("Sheet1").id; // the user switched sheets since
    expect(await host.selection()).toEqual({ sheet: "Sheet1", address: "A1" });
  });

  it("rejects commands left unsynced at the end of run", async () => {
    const excel = new StrictExcel();
    await expect(
      excel.run(async (ctx) => {
        ctx.workbook.worksheets.add("X");
      }),
    ).rejects.toThrow(/UnsyncedCommands/);
  });

  it("throws like Excel on protect twice, locked writes and missing items", async () => {
    const excel = new StrictExcel();
    await excel.run(async (ctx) => {
      const ws = ctx.workbook.worksheets.getItemOrNullObject("Sheet1");
      ws.protection.protect();
      await ctx.sync();
      ws.protection.protect();
      await expect(ctx.sync()).rejects.toThrow(/already protected/);
      ws.getRange("B2").values = [[1]];
      await expect(ctx.sync()).rejects.toThrow(/locked/);
      ctx.workbook.worksheets.getItemOrNullObject("Nope").getRange("A1").values = [[1]];
      await expect(ctx.sync()).rejects.toThrow(/ItemNotFound/);
    });
  });

  it("fails the sync with ApiNotFound for a member above the host's set (api-sets.ts)", async () => {
    const old = new StrictExcel({ excelApi: "1.9" });
    expect(old.isSetSupported("ExcelApi", "1.18")).toBe(false);
    await old.run(async (ctx) => {
      const ws = ctx.workbook.worksheets.getActiveWorksheet();
      ws.notes.add("A1", "x");
      await expect(ctx.sync()).rejects.toThrow(/ApiNotFound: Worksheet.notes needs ExcelApi 1.18/);
      ws.comments.add("A1", "x");
      await expect(ctx.sync()).rejects.toThrow(/ApiNotFound: Worksheet.comments/);
      ws.getRange("A1").format.indentLevel = 1;
      ws.getRange("A1").format.wrapText = true;
      await ctx.sync(); // 1.9 has indentLevel
    });
    const v110 = new StrictExcel({ excelApi: "1.10" });
    await v110.run(async (ctx) => {
      const ws = ctx.workbook.worksheets.getActiveWorksheet();
      ws.comments.add("A1", "x");
      await ctx.sync();
      ws.comments.getItemOrNullObject("comment-1").load("isNullObject");
      await expect(ctx.sync()).rejects.toThrow(
        /CommentCollection.getItemOrNullObject needs ExcelApi 1.14/,
      );
    });
    const v17 = new StrictExcel({ excelApi: "1.7" });
    await v17.run(async (ctx) => {
      ctx.workbook.worksheets.getActiveWorksheet().getRange("A1").dataValidation.clear();
      await expect(ctx.sync()).rejects.toThrow(/Range.dataValidation needs ExcelApi 1.8/);
      ctx.workbook.worksheets.getActiveWorksheet().load("name,id");
      await ctx.sync();
    });
  });

  it("refuses a print setup Excel refuses: long header, partial title rows, margins wider than A4", async () => {
    const excel = new StrictExcel();
    await excel.run(async (ctx) => {
      const pl = ctx.workbook.worksheets.getActiveWorksheet().pageLayout;
      const hf = pl.headersFooters.defaultForAllPages;
      hf.leftHeader = "单".repeat(200);
      hf.rightHeader = "2024年度";
      await ctx.sync(); // &L…&R…: 210 characters
      hf.centerHeader = "x".repeat(50);
      await expect(ctx.sync()).rejects.toThrow(/InvalidArgument: the Header has 262 characters/);
      pl.setPrintTitleRows("A3:C3");
      await expect(ctx.sync()).rejects.toThrow(/not whole rows/);
      pl.setPrintTitleRows("$3:$5");
      pl.leftMargin = 300;
      await ctx.sync();
      pl.rightMargin = 300;
      await expect(ctx.sync()).rejects.toThrow(/leave no page/);
      pl.topMargin = -1;
      await expect(ctx.sync()).rejects.toThrow(/is not a margin/);
    });
    expect(excel.sheet("Sheet1").pageLayout).toMatchObject({
      leftHeader: "单".repeat(200),
      printTitleRows: "3:5",
      leftMargin: 300,
    });
    const old = new StrictExcel({ excelApi: "1.8" });
    await old.run(async (ctx) => {
      ctx.workbook.worksheets.getActiveWorksheet().pageLayout.setPrintTitleRows("$1:$1");
      await expect(ctx.sync()).rejects.toThrow(/ApiNotFound: Worksheet.pageLayout needs/);
    });
  });

  it("refuses a request over the payload limit", async () => {
    const excel = new StrictExcel({ maxPayloadBytes: 1000 });
    await excel.run(async (ctx) => {
      const ws = ctx.workbook.worksheets.getActiveWorksheet();
      ws.getRange("A1").values = [["x".repeat(2000)]];
      await expect(ctx.sync()).rejects.toThrow(/PayloadSizeLimit/);
    });
  });

  it("fires onChanged for user edits and marks the add-in's own writes", async () => {
    const excel = new StrictExcel();
    const seen: string[] = [];
    await excel.run(async (ctx) => {
      const ws = ctx.workbook.worksheets.getActiveWorksheet();
      ws.onChanged.add(async (e) => {
        seen.push(`${e.address}:${e.triggerSource}`);
      });
      await ctx.sync();
      ws.getRange("C3").values = [[5]];
      await ctx.sync();
    });
    await excel.userEdit("Sheet1", "A1", "abc");
    expect(seen).toEqual(["C3:ThisLocalAddin", "A1:Unknown"]);
  });
});

describe("the stand-in's undo history", () => {
  async function typed(excelApi: string) {
    const excel = new StrictExcel({ excelApi });
    await excel.userEdit("Sheet1", "B2", 1);
    await excel.userEdit("Sheet1", "B2", 2);
    return excel;
  }

  it("takes back the user's edits in order with Ctrl+Z, and says when there is nothing left", async () => {
    const excel = await typed("1.20");
    expect(excel.undoDepth).toBe(2);
    expect(await excel.userUndo()).toBe(true);
    expect(excel.cell("Sheet1", "B2").value).toBe(1);
    expect(await excel.userUndo()).toBe(true);
    expect(excel.cell("Sheet1", "B2").value).toBe("");
    expect(await excel.userUndo()).toBe(false);
  });

  it("clears it on every write below ExcelApi 1.20, and from 1.20 only on the calls without undo", async () => {
    const old = await typed("1.18");
    await old.run(async (ctx) => {
      ctx.workbook.worksheets.getItemOrNullObject("Sheet1").getRange("C3").values = [[5]];
      await ctx.sync();
    });
    expect(old.undoLog).toEqual(["write below ExcelApi 1.20"]);
    expect(await old.userUndo()).toBe(false);

    const excel = await typed("1.20");
    await excel.run(async (ctx) => {
      const ws = ctx.workbook.worksheets.getItemOrNullObject("Sheet1");
      ws.getRange("C3").values = [[5]];
      ws.getRange("C3").format.fill.color = "#BDD7EE";
      await ctx.sync();
    });
    expect(excel.undoClears).toBe(0);
    expect(excel.undoDepth).toBe(2);
    excel.addSheetModel("Other");
    await excel.run(async (ctx) => {
      const ws = ctx.workbook.worksheets.getItemOrNullObject("Other");
      ws.protection.protect();
      ws.protection.unprotect();
      ws.visibility = "Hidden";
      const part = ctx.workbook.customXmlParts.add('<s xmlns="urn:t">1</s>');
      part.setXml('<s xmlns="urn:t">2</s>');
      part.delete();
      await ctx.sync();
    });
    excel.autoOpenPane();
    expect(excel.undoLog).toEqual([
      "WorksheetProtection.protect",
      "WorksheetProtection.unprotect",
      "Worksheet.visibility",
      "CustomXmlPartCollection.add",
      "CustomXmlPart.setXml",
      "CustomXmlPart.delete",
      "Settings.saveAsync",
    ]);
    expect(await excel.userUndo()).toBe(false);
  });

  it("reads a sheet's protection options as Excel reports them", async () => {
    const excel = new StrictExcel();
    await excel.run(async (ctx) => {
      const p = ctx.workbook.worksheets.getItemOrNullObject("Sheet1").protection;
      p.protect({ allowFormatCells: true });
      const read = p.load("protected,options");
      await ctx.sync();
      expect(read.protected).toBe(true);
      expect(read.options).toMatchObject({ allowFormatCells: true, allowEditObjects: false });
    });
  });
});
