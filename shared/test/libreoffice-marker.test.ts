/**
 * The form sheet's marker (`XXGK_FORM_SHEET`) through a LibreOffice Calc save: a clerk fills the
 * downloaded workbook in Calc, renames the tab and moves it behind the others, and Calc drops the
 * `xxgk.*` input names. The reader still finds the form sheet by the marker, under its new name,
 * and reads every value at the layout's addresses, where a reader going by name or position
 * would find nothing.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { derivedCells } from "../engine/totals";
import { getForm } from "../forms/catalogue";
import { formSheetName } from "../layout/sheet-names";
import { layoutForm } from "../layout/grid";
import { consistentValues, rng } from "../testing/sample-report";
import { buildWorkbook, FORM_SHEET_NAME } from "../workbook";
import ExcelJS, { settle } from "../workbook/exceljs";
import { readWorkbookFile, type ReadWorkbook } from "../workbook/read";
import { writeXlsx } from "../workbook/xlsx";
import { libreOfficeGate } from "./libreoffice-gate";
import { fillInCalc } from "./lo-fill";

const calc = libreOfficeGate("the form sheet's marker through a Calc save");
const form = getForm("gov-2021")!;
const YEAR = 2024;
const RENAMED = "本单位统计表(终稿)";

describe.skipIf(calc.skip)("the form sheet's marker through a LibreOffice Calc save", () => {
  const layout = layoutForm(form, "zh");
  const values = consistentValues(form, rng(31), 50);
  // The clerk types the parts; the totals are the workbook's formulas, computed by Calc.
  const derived = derivedCells(form);
  const typed = Object.fromEntries(
    Object.entries(values)
      .filter(([id]) => !derived.has(id))
      .map(([id, v]) => [layout.inputs[id]!.address, v]),
  );
  let dir = "";
  let saved: Uint8Array;
  let read: ReadWorkbook;
  let names: { sheets: string[]; marker: string | undefined };

  beforeAll(async () => {
    calc.require();
    dir = mkdtempSync(join(tmpdir(), "xxgk-marker-"));
    const model = buildWorkbook(form, {
      lang: "zh",
      unitName: "某县司法局",
      year: YEAR,
      unitCode: "330327",
    });
    writeFileSync(join(dir, "in.xlsx"), await writeXlsx(model));
    const [result] = await fillInCalc(
      [
        {
          file: join(dir, "in.xlsx"),
          out: join(dir, "out.xlsx"),
          sheet: formSheetName(form, YEAR, "zh"),
          cells: typed,
          stripNames: true,
          rename: RENAMED,
          moveTo: 2,
        },
      ],
      join(dir, "jobs.json"),
    );
    expect(result!.names).toBe(0);
    saved = new Uint8Array(readFileSync(join(dir, "out.xlsx")));
    read = await readWorkbookFile(form, saved);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(saved as never);
    await settle();
    const ranges = wb.definedNames.getRanges(FORM_SHEET_NAME)?.ranges ?? [];
    names = { sheets: wb.worksheets.map((w) => w.name), marker: ranges[0] };
  }, 240_000);

  afterAll(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it("keeps the marker, pointing at the renamed form sheet, which is no longer first", () => {
    expect(names.sheets).toContain(RENAMED);
    expect(names.sheets[0]).not.toBe(RENAMED);
    expect(names.sheets).not.toContain(formSheetName(form, YEAR, "zh"));
    expect(names.marker).toMatch(new RegExp(`^'?${RENAMED.replace(/[()]/g, "\\$&")}'?!\\$A\\$1$`));
  });

  it("lets the reader find the form sheet by it and read every value", () => {
    expect(read.located).toBe("addresses");
    expect(read.identity).toMatchObject({ form: form.id, year: YEAR, unitCode: "330327" });
    expect(read.problems).toEqual([]);
    expect(read.values).toEqual(values);
  });
});
