/**
 * The rollup export printed by LibreOffice: `rollupXlsx` (pure) → soffice → PDF → pdftotext.
 * 汇总 prints as the official form, one page wide: page 1 holds the title, the consolidating unit,
 * the report year and table 三's every column (before, the year landed off page 1 and table 三
 * spread over several pages); 汇总 prints on the documented 1 page; every consolidated number is
 * printed; the signature block names the consolidating unit; 分单位 and 报送情况 follow with their
 * header row on every page.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getForm } from "../../../shared/forms/catalogue";
import {
  longTableHeaderTexts,
  missingNumbers,
  page1Missing,
  printSkip,
  printXlsx,
  shownNumber,
  type Printed,
} from "../../../shared/test/print-pdf";
import { sampleRollup, SAMPLE_ROLLUP_UNIT } from "../../../shared/testing/sample-rollup";
import { rollupXlsx } from "../../src/export/rollup-xlsx";
import { exactRollup } from "./fixtures";

const skip = printSkip();

const form = getForm("gov-2021")!;
const YEAR = 2021;
/** The documented print length of a gov-2021 汇总 sheet (docs/USING.md, "Printing"). */
const SUMMARY_PAGES = 1;

describe.skipIf(skip !== null)("the rollup export printed by LibreOffice", () => {
  const sample = sampleRollup(form, YEAR, 21);
  let printed: Printed;
  let summary: string[];

  beforeAll(async () => {
    const bytes = await rollupXlsx(form, exactRollup(sample));
    printed = printXlsx(new Uint8Array(bytes), "rollup");
    // 汇总's pages come before 分单位's (its header row starts with 单位代码).
    summary = printed.pages.slice(
      0,
      printed.pages.findIndex((p) => p.includes("单位代码")),
    );
  }, 180_000);
  afterAll(() => printed?.dispose());

  it("page 1 holds the title, the unit and year (left), table 三 from 自然人 to 总计, header and footer", () => {
    expect(longTableHeaderTexts(form)).toEqual(expect.arrayContaining(["自然人", "总计"]));
    expect(page1Missing(printed.pages[0]!, form, SAMPLE_ROLLUP_UNIT.name, YEAR)).toEqual([]);
  });

  it(`prints 汇总 on ${SUMMARY_PAGES} page(s)`, () => {
    expect(summary).toHaveLength(SUMMARY_PAGES);
  });

  it("holds every consolidated number", () => {
    const shown = Object.entries(sample.values).map(([id, v]) => shownNumber(form, id, v));
    expect(missingNumbers(summary.join("\n"), shown)).toEqual([]);
  });

  it("signs as the consolidating unit", () => {
    expect(summary.join("\n")).toContain(`汇总单位(盖章):${SAMPLE_ROLLUP_UNIT.name}`);
  });

  it("prints 分单位 and 报送情况 after 汇总, each page under its header row", () => {
    const rest = printed.pages.slice(summary.length);
    const text = rest.join("\n");
    for (const h of ["鹿城区", "已报送", "报送时效", "鹿城区第60单位", "未报送", "逾期"])
      expect(text).toContain(h);
    // 报送情况's 60 units run onto a second page: its header row is printed there again.
    const status = rest.filter((p) => p.includes("鹿城区第"));
    expect(status.length).toBeGreaterThan(1);
    for (const page of status) expect(page).toMatch(/单位代码\s+单位名称\s+上级单位/);
  });
});
