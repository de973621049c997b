/**
 * The sheets the add-in draws into Excel and their twins the Worker exports as .xlsx come from
 * one builder (shared/rollup/sheets.ts, shared/assessment/sheets.ts). Here both renderers run on
 * the same data — the add-in's host drawing into the strict Excel stand-in, the Worker's export
 * written by exceljs and read back — and the sheets must be equal cell for cell: every value,
 * every number format, every column width.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { OfficeExcelHost } from "../addin/src/host/excel-host";
import { cellAddress } from "../addin/src/host/a1";
import { charsToPoints } from "../addin/src/host/sheet-draw";
import { drawAssessment } from "../addin/src/pane/assessment";
import { drawRollup } from "../addin/src/sheets/rollup";
import { StrictExcel } from "../addin/testing/strict-excel";
import type { AssessmentResponse } from "../shared/api/supervision";
import {
  bulletinLines,
  DEFAULT_RUBRIC,
  scoreUnits,
  type UnitFacts,
} from "../shared/assessment/index";
import { SCALE } from "../shared/engine/scale";
import { getForm } from "../shared/forms/catalogue";
import { layoutForm } from "../shared/layout";
import { ROLLUP_SHEETS } from "../shared/rollup";
import { sampleRollup } from "../shared/testing/sample-rollup";
import ExcelJS from "../shared/workbook/exceljs";
import type { ExactRollup } from "../worker/src/domain/rollup";
import { assessmentXlsx } from "../worker/src/export/assessment";
import { rollupXlsx } from "../worker/src/export/rollup-xlsx";

/** One cell as a reader of the sheet sees it: what it shows and how its number is formatted. */
type Seen = { value: string | number | boolean; format: string };

/** Text is text whatever its format: the stand-in's `@` and an .xlsx string cell alike. */
const formatOf = (value: unknown, format: string | undefined) =>
  typeof value === "string" ? "text" : !format || format === "General" ? "General" : format;

function fromExcel(excel: StrictExcel, name: string) {
  const sheet = excel.sheet(name);
  const cells = new Map<string, Seen>();
  for (const [key, c] of sheet.cells) {
    const [row, col] = key.split(":").map(Number);
    const address = cellAddress(row!, col!);
    if (c.value === "" || c.value === null || c.value === undefined) continue;
    const value = c.value as Seen["value"];
    cells.set(address, { value, format: formatOf(value, c.numberFormat) });
  }
  return { cells, widths: [...sheet.columnWidths.entries()].sort((a, b) => a[0] - b[0]) };
}

async function fromXlsx(bytes: ArrayBuffer, name: string) {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(bytes);
  const ws = wb.getWorksheet(name);
  if (!ws) throw new Error(`the export has no sheet ${name}`);
  const cells = new Map<string, Seen>();
  const widths: [number, number][] = [];
  ws.eachRow({ includeEmpty: false }, (row) =>
    row.eachCell({ includeEmpty: false }, (c) => {
      // A merged area's value sits in its top-left cell (as the stand-in keeps it).
      if (c.isMerged && c.master.address !== c.address) return;
      const raw = c.value as unknown;
      if (raw === null || raw === undefined || raw === "") return;
      const value = raw as Seen["value"];
      cells.set(c.address, { value, format: formatOf(value, c.numFmt) });
    }),
  );
  ws.columns.forEach((col, i) => {
    if (col.width !== undefined) widths.push([i, charsToPoints(col.width)]);
  });
  return { cells, widths };
}

const sorted = (m: Map<string, Seen>) => [...m.entries()].sort(([a], [b]) => a.localeCompare(b));

const form = getForm("gov-2021")!;
const rollup = sampleRollup(form, 2024, 7, 40);

/** The same rollup as the Worker holds it: figures as exact scaled BigInts. */
const scaled = (values: Record<string, number>) =>
  Object.fromEntries(Object.entries(values).map(([k, v]) => [k, BigInt(Math.round(v * SCALE))]));
const exact: ExactRollup = {
  ...rollup,
  values: scaled(rollup.values),
  children: rollup.children.map((c) => ({ ...c, values: scaled(c.values) })),
};

function assessment(): AssessmentResponse {
  const facts: UnitFacts[] = Array.from({ length: 9 }, (_, i) => ({
    code: `D${i}`,
    name: `苍南县第${i}局`,
    dueDate: "2025-01-31",
    firstSubmittedAt:
      i % 4 === 0 ? null : i % 3 === 0 ? "2025-02-03T02:00:00Z" : "2025-01-20T02:00:00Z",
    returns: i % 2,
    unexplainedWarnings: 0,
    rejectedExplanations: 0,
    remarks: { total: 0, open: 0 },
  }));
  const a = scoreUnits(DEFAULT_RUBRIC, facts);
  const options = { issuer: "苍南县", formTitle: form.title, year: 2024, date: "2025-02-10" };
  return { ...a, bulletin: bulletinLines(a, options, "zh") };
}

describe("an add-in sheet and its exported .xlsx twin", () => {
  // The pane shows times on the user's clock, the export in China time: the same clock here.
  const tz = process.env.TZ;
  beforeAll(() => {
    process.env.TZ = "Asia/Shanghai";
  });
  afterAll(() => {
    process.env.TZ = tz;
  });

  it.each([ROLLUP_SHEETS.summary, ROLLUP_SHEETS.byUnit, ROLLUP_SHEETS.status])(
    "%s: the same values, number formats and widths, cell for cell",
    async (name) => {
      const excel = new StrictExcel();
      await new OfficeExcelHost(excel).writeSheets(
        drawRollup(form, layoutForm(form, "zh"), rollup, "zh"),
      );
      const drawn = fromExcel(excel, name);
      const exported = await fromXlsx(await rollupXlsx(form, exact), name);
      expect(drawn.cells.size).toBeGreaterThan(20);
      expect(sorted(drawn.cells)).toEqual(sorted(exported.cells));
      expect(drawn.widths).toEqual(exported.widths);
    },
  );

  it("考核: the same values, number formats and widths, cell for cell", async () => {
    const a = assessment();
    const head = { formTitle: form.title.zh, unit: "苍南县政务公开办", year: 2024 };
    const excel = new StrictExcel();
    await new OfficeExcelHost(excel).writeSheets(drawAssessment(a, head, "zh"));
    const drawn = fromExcel(excel, "考核");
    const exported = await fromXlsx(await assessmentXlsx(a, { lang: "zh", ...head }), "考核");
    expect(drawn.cells.size).toBeGreaterThan(9 * 5);
    expect(sorted(drawn.cells)).toEqual(sorted(exported.cells));
    expect(drawn.widths).toEqual(exported.widths);
  });
});
