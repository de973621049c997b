/**
 * The rollup export printed by LibreOffice: `rollupXlsx` (pure) → soffice → PDF → pdftotext.
 * 汇总 prints as the official form, one page wide: page 1 holds the title, the consolidating unit,
 * the report year and the long table's every column (before, the year landed off page 1 and
 * table 三 spread over several pages); 汇总 prints on the documented 1 page; every consolidated
 * number is printed; the signature block names the consolidating unit.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getForm } from "../../../shared/forms/catalogue";
import {
  missingNumbers,
  longTableHeaderTexts,
  printSkip,
  printXlsx,
  shownNumber,
  type Printed,
} from "../../../shared/test/print-pdf";
import { consistentValues, rng } from "../../../shared/testing/sample-report";
import type { ExactRollup } from "../../src/domain/rollup";
import { SCALE } from "../../src/domain/scaled";
import { rollupXlsx } from "../../src/export/rollup-xlsx";

const skip = printSkip();

const form = getForm("gov-2021")!;
const YEAR = 2021;
const UNIT = { code: "330300", name: "温州市人民政府办公室" };
/** The documented print length of a gov-2021 汇总 sheet (README, "Printing"). */
const SUMMARY_PAGES = 1;

const scaled = (values: Record<string, number>) =>
  Object.fromEntries(Object.entries(values).map(([k, v]) => [k, BigInt(Math.round(v * SCALE))]));

describe.skipIf(skip !== null)("the rollup export printed by LibreOffice", () => {
  const values = consistentValues(form, rng(21), 60);
  let printed: Printed;
  let summary: string[];

  beforeAll(async () => {
    const rollup: ExactRollup = {
      unit: UNIT,
      form: form.id,
      year: YEAR,
      values: scaled(values),
      units: 3,
      submitted: 2,
      missing: 1,
      children: [
        { code: "330302", name: "鹿城区", units: 1, submitted: 1, values: scaled(values) },
        { code: "330303", name: "龙湾区", units: 1, submitted: 1, values: {} },
      ],
      completeness: [
        {
          code: "330304",
          name: "瓯海区",
          parent: UNIT.code,
          depth: 1,
          status: "missing",
          revision: null,
          submittedAt: null,
          errors: 0,
          warnings: 0,
        },
      ],
      completenessMode: "missing",
    };
    printed = printXlsx(new Uint8Array(await rollupXlsx(form, rollup)), "rollup");
    // 汇总's pages come before 分单位's (its header row starts with 单位代码).
    summary = printed.pages.slice(
      0,
      printed.pages.findIndex((p) => p.includes("单位代码")),
    );
  }, 180_000);
  afterAll(() => printed?.dispose());

  it("page 1 holds the title, the unit, the year and the long table's every column", () => {
    const page1 = printed.pages[0]!;
    expect(page1).toContain(form.title.zh);
    expect(page1).toContain(UNIT.name);
    expect(page1).toMatch(new RegExp(`报告年度\\s+${YEAR}`));
    const headers = longTableHeaderTexts(form);
    expect(headers).toEqual(expect.arrayContaining(["自然人", "总计"]));
    for (const h of headers) expect(page1).toContain(h);
  });

  it(`prints 汇总 on ${SUMMARY_PAGES} page(s) with the footer's page numbers`, () => {
    expect(summary).toHaveLength(SUMMARY_PAGES);
    expect(printed.pages[0]).toMatch(/第 ?1 ?页 ?共 ?\d+ ?页/);
  });

  it("holds every consolidated number", () => {
    const shown = Object.entries(values).map(([id, v]) => shownNumber(form, id, v));
    expect(missingNumbers(summary.join("\n"), shown)).toEqual([]);
  });

  it("signs as the consolidating unit", () => {
    expect(summary.join("\n")).toContain(`汇总单位(盖章):${UNIT.name}`);
  });

  it("prints 分单位 and 报送情况 after 汇总, headers and rows", () => {
    const rest = printed.pages.slice(summary.length).join("\n");
    for (const h of ["单位名称", "已报送", "报送时效", "鹿城区", "瓯海区", "未报送"])
      expect(rest).toContain(h);
  });
});
