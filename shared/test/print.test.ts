/**
 * The checking workbook printed by LibreOffice (`npm run workbook` → soffice → PDF → pdftotext):
 * page 1 holds the title, the unit, the year and the whole width of the long table; the form
 * sheet prints on the documented number of pages (docs/USING.md: gov-2021, 1 page); every number of the
 * report is in the printed text; the signature block and the page footer are there. Then the
 * signature typed in Calc (the values are unlocked on the protected sheet) and printed.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runWorkbook } from "../cli/workbook-run";
import { getForm } from "../forms/catalogue";
import { layoutForm, parseA1 } from "../layout";
import { SIGNATURE_FIELDS } from "../print";
import { fillInCalc, type CalcFillResult } from "./lo-fill";
import { buildWorkbook } from "../workbook";
import { writeXlsx } from "../workbook/xlsx";
import { libreOfficeGate } from "./libreoffice-gate";
import {
  missingNumbers,
  longTableHeaderTexts,
  page1Missing,
  printSkip,
  printXlsx,
  shownNumber,
  type Printed,
} from "./print-pdf";
import { consistentValues, rng } from "../testing/sample-report";

const skip = printSkip();
const calc = libreOfficeGate("typing the signature in LibreOffice Calc");

const form = getForm("gov-2021")!;
const YEAR = 2023;
const UNIT = "某某市某某区人民政府办公室";
/** The documented print length of the gov-2021 form sheet (docs/USING.md, "Printing"). */
const FORM_PAGES = 1;

describe.skipIf(skip !== null)("the checking workbook printed by LibreOffice", () => {
  const values = consistentValues(form, rng(16), 60);
  let printed: Printed;
  let formPages: string[];

  beforeAll(async () => {
    const input = JSON.stringify({ form: form.id, year: YEAR, values });
    const r = await runWorkbook(
      ["in.json", "--unit-name", UNIT, "--out", "book.xlsx"],
      () => input,
    );
    expect(r.exitCode, r.stderr).toBe(0);
    printed = printXlsx(r.output!.bytes);
    // The form sheet's pages come before the 校验 sheet's (it starts with 校验结果).
    const checks = printed.pages.findIndex((p) => p.includes("校验结果"));
    formPages = printed.pages.slice(0, checks);
  }, 180_000);
  afterAll(() => printed?.dispose());

  it("page 1 holds the title, the unit and year (left), table 三 from 自然人 to 总计, header and footer", () => {
    expect(longTableHeaderTexts(form)).toEqual(expect.arrayContaining(["自然人", "总计"]));
    expect(page1Missing(printed.pages[0]!, form, UNIT, YEAR)).toEqual([]);
  });

  it(`prints the form on ${FORM_PAGES} A4 page(s)`, () => {
    expect(formPages).toHaveLength(FORM_PAGES);
  });

  it("prints the 校验 sheet after the form, its header row repeated on every page", () => {
    const checkPages = printed.pages.slice(formPages.length);
    expect(checkPages.length).toBeGreaterThan(1);
    for (const page of checkPages) expect(page).toMatch(/规则\s+实例\s+违反\s+级别\s+信息/);
  });

  it("holds every number of the report", () => {
    const shown = Object.entries(values).map(([id, v]) => shownNumber(form, id, v));
    expect(missingNumbers(formPages.join("\n"), shown)).toEqual([]);
  });

  it("ends with the signature block: the unit to stamp, the captions of the lines to sign", () => {
    const text = formPages.join("\n");
    expect(text).toMatch(new RegExp(`填报单位\\(盖章\\):\\s*${UNIT}`));
    for (const f of SIGNATURE_FIELDS) expect(text).toMatch(new RegExp(`${f.label.zh}:`));
  });
});

describe.skipIf(skip !== null || calc.skip)(
  "the signature typed in LibreOffice Calc, printed",
  () => {
    const typed = { head: "张三", reviewer: "李四", preparer: "王五", phone: "0577-88881234" };
    const model = buildWorkbook(form, {
      lang: "zh",
      unitName: UNIT,
      year: YEAR,
      sentOn: "2024-01-10",
    });
    const main = model.sheets[0]!;
    const layout = layoutForm(form, "zh");
    // The block's value cells, in print order: unit, head, reviewer, preparer, phone, date.
    const [, ...fields] = main.cells
      .filter((c) => c.unlocked && parseA1(c.address).row >= layout.rowCount)
      .map((c) => c.address.split(":")[0]!);
    const cells = Object.fromEntries(Object.values(typed).map((v, i) => [fields[i]!, v]));
    let dir = "";
    let results: CalcFillResult[];
    let printed: Printed;

    beforeAll(async () => {
      calc.require();
      dir = mkdtempSync(join(tmpdir(), "xxgk-sign-"));
      writeFileSync(join(dir, "book.xlsx"), await writeXlsx(model));
      const caption = main.cells.find((c) => c.value === "审核人:")!.address.split(":")[0]!;
      const job = (out: string, typedCells: Record<string, string>) => ({
        file: join(dir, "book.xlsx"),
        out: join(dir, out),
        sheet: main.name,
        cells: typedCells,
      });
      results = await fillInCalc(
        [job("signed.xlsx", cells), job("caption.xlsx", { [caption]: "x" })],
        join(dir, "jobs.json"),
      );
      printed = printXlsx(new Uint8Array(readFileSync(join(dir, "signed.xlsx"))), "signed");
    }, 240_000);
    afterAll(() => {
      printed?.dispose();
      if (dir) rmSync(dir, { recursive: true, force: true });
    });

    it("lets a clerk type the names into the protected sheet, but not over a caption", () => {
      expect(Object.keys(cells)).toHaveLength(4);
      expect(results[0]!.locked).toEqual([]);
      expect(results[1]!.locked).toHaveLength(1);
    });

    it(`prints the typed names beside their captions, the form still on ${FORM_PAGES} page(s)`, () => {
      const checks = printed.pages.findIndex((p) => p.includes("校验结果"));
      const formPages = printed.pages.slice(0, checks);
      expect(formPages).toHaveLength(FORM_PAGES);
      const text = formPages.join("\n");
      expect(text).toMatch(new RegExp(`填报单位\\(盖章\\):\\s*${UNIT}`));
      expect(text).toMatch(/单位负责人:\s*张三/);
      expect(text).toMatch(/审核人:\s*李四/);
      expect(text).toMatch(/填报人:\s*王五/);
      expect(text).toMatch(/联系电话:\s*0577-88881234/);
      expect(text).toMatch(/报出日期:\s*2024-01-10/);
    });
  },
);
