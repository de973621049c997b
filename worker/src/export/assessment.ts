import { assessmentTable, type Assessment } from "../../../shared/assessment/index";
import { a1 } from "../../../shared/layout/index";
import { tablePrintSetup, type PrintMeta } from "../../../shared/print/setup";
import { HEADER_STYLE } from "../../../shared/workbook/form-sheet";
import type { WbCell, WbSheet } from "../../../shared/workbook/types";
import { writeXlsx } from "../../../shared/workbook/xlsx";
import { csvLine } from "./rollup-csv";

/** The 考核 table as CSV (UTF-8 with BOM so Excel reads the Chinese labels). */
export function assessmentCsv(a: Assessment): string {
  const t = assessmentTable(a, "zh");
  return `\uFEFF${csvLine(t.header)}${t.rows.map((r) => csvLine(r)).join("")}`;
}

/**
 * The 考核 table as an .xlsx workbook (one sheet 考核; points and scores are numbers), written by
 * the shared exceljs writer as the rollup exports are, with the shared print setup: its header
 * row frozen and repeated on every printed page, one page wide.
 */
export async function assessmentXlsx(a: Assessment, meta: PrintMeta): Promise<ArrayBuffer> {
  const t = assessmentTable(a, "zh");
  const cells: WbCell[] = t.header.map((value, col) => ({
    address: a1(0, col),
    value,
    ...HEADER_STYLE,
  }));
  t.rows.forEach((row, i) =>
    row.forEach((value, col) =>
      cells.push({
        address: a1(i + 1, col),
        value,
        border: true,
        ...(typeof value === "number" ? { hAlign: "Right" as const } : {}),
      }),
    ),
  );
  const widths = t.header.map((_, i) => (i === 2 ? 30 : i === t.header.length - 1 ? 60 : 12));
  const sheet: WbSheet = {
    name: "考核",
    role: "form",
    visibility: "visible",
    protected: false,
    columnWidths: widths,
    hiddenColumns: [],
    frozenRows: 1,
    cells,
    validations: [],
    print: tablePrintSetup(widths, 1 + t.rows.length, { first: 1, last: 1 }, meta),
  };
  const bytes = await writeXlsx({ sheets: [sheet] });
  return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
}
