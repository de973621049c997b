/**
 * What the add-in draws, printed by LibreOffice: the inserted form sheet and a pulled rollup's
 * 汇总, 分单位 and 报送情况 are drawn through the Office.js host into the strict stand-in, saved as
 * Excel would save them (cells, merges, widths and the page layout the host set: orientation,
 * one page wide, margins, header and footer, print titles) and converted to PDF by soffice.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { layoutForm } from "../../shared/layout";
import {
  missingNumbers,
  page1Missing,
  printSkip,
  printXlsx,
  shownNumber,
  type Printed,
} from "../../shared/test/print-pdf";
import { sampleRollup, SAMPLE_ROLLUP_UNIT } from "../../shared/testing/sample-rollup";
import { writeXlsx } from "../../shared/workbook/xlsx";
import { OfficeExcelHost } from "../src/host/excel-host";
import { drawRollup, ROLLUP_SHEETS } from "../src/sheets/rollup";
import { FormSession } from "../src/session/session";
import { savedSheet } from "../testing/saved-xlsx";
import { form, setup } from "./helpers";

const skip = printSkip();
const f = form("gov-2021");
const YEAR = 2024;
const UNIT = "某市政府办公室";

/** The sheets' pages, by the sheet's first page: each sheet starts a new page. */
function pagesOf(
  printed: Printed,
  first: (page: string) => boolean,
  next?: (p: string) => boolean,
) {
  const start = printed.pages.findIndex(first);
  const end = next ? printed.pages.findIndex((p, i) => i > start && next(p)) : -1;
  return printed.pages.slice(start, end < 0 ? undefined : end);
}

describe.skipIf(skip !== null)("the add-in's sheets printed by LibreOffice", () => {
  const sample = sampleRollup(f, YEAR, 16);
  let form: Printed;
  let rollup: Printed;

  beforeAll(async () => {
    const { excel, deps } = setup();
    const s = await FormSession.insert(deps, f, YEAR, { code: "U1", name: UNIT });
    form = printXlsx(await writeXlsx({ sheets: [savedSheet(excel.sheet(s.sheetName))] }), "form");
    await new OfficeExcelHost(excel).writeSheets(drawRollup(f, layoutForm(f, "zh"), sample, "zh"));
    const names = [ROLLUP_SHEETS.summary, ROLLUP_SHEETS.byUnit, ROLLUP_SHEETS.status];
    const sheets = names.map((n) => savedSheet(excel.sheet(n)));
    rollup = printXlsx(await writeXlsx({ sheets }), "rollup");
  }, 180_000);
  afterAll(() => {
    form?.dispose();
    rollup?.dispose();
  });

  it("prints the inserted form on 1 page: title, unit, year, table 三 whole, header, footer", () => {
    expect(form.pages).toHaveLength(1);
    expect(page1Missing(form.pages[0]!, f, UNIT, YEAR)).toEqual([]);
    expect(form.pages[0]).toMatch(new RegExp(`填报单位\\(盖章\\):\\s*${UNIT}`));
  });

  it("prints 汇总 on 1 page with every number, signed by the consolidating unit", () => {
    const summary = pagesOf(
      rollup,
      () => true,
      (p) => p.includes("单位代码"),
    );
    expect(summary).toHaveLength(1);
    expect(page1Missing(summary[0]!, f, SAMPLE_ROLLUP_UNIT.name, YEAR)).toEqual([]);
    const shown = Object.entries(sample.values).map(([id, v]) => shownNumber(f, id, v));
    expect(missingNumbers(summary[0]!, shown)).toEqual([]);
    expect(summary[0]).toContain(`汇总单位(盖章):${SAMPLE_ROLLUP_UNIT.name}`);
  });

  it("prints 报送情况's long list with its header row on every page", () => {
    const status = pagesOf(rollup, (p) => p.includes("鹿城区第1单位"));
    expect(status.length).toBeGreaterThan(1);
    for (const page of status) expect(page).toMatch(/单位代码\s+单位名称\s+上级单位/);
    expect(status.join("\n")).toContain("鹿城区第60单位");
  });
});
