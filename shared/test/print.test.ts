/**
 * The checking workbook printed by LibreOffice (`npm run workbook` → soffice → PDF → pdftotext):
 * page 1 holds the title, the unit, the year and the whole width of the long table; the form
 * sheet prints on the documented number of pages (README: gov-2021, 1 page); every number of the
 * report is in the printed text; the signature block and the page footer are there.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runWorkbook } from "../cli/workbook-run";
import { getForm } from "../forms/catalogue";
import { SIGNATURE_FIELDS } from "../print";
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

const form = getForm("gov-2021")!;
const YEAR = 2023;
const UNIT = "某某市某某区人民政府办公室";
/** The documented print length of the gov-2021 form sheet (README, "Printing"). */
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

  it("ends with the signature block: the unit to stamp, blank lines to sign", () => {
    const text = formPages.join("\n");
    expect(text).toContain(`填报单位(盖章):${UNIT}`);
    for (const f of SIGNATURE_FIELDS) expect(text).toMatch(new RegExp(`${f.label.zh}:_+`));
  });
});
