import { assessmentTable, type Assessment } from "../../../shared/assessment/index";
import { assessmentSheet, type AssessmentSheetOptions } from "../../../shared/assessment/sheets";
import { writeXlsx } from "../../../shared/workbook/xlsx";
import { csvLine } from "./rollup-csv";

/** The 考核 table as CSV (UTF-8 with BOM so Excel reads the Chinese labels). */
export function assessmentCsv(a: Assessment): string {
  const t = assessmentTable(a, "zh");
  return `\uFEFF${csvLine(t.header)}${t.rows.map((r) => csvLine(r)).join("")}`;
}

/**
 * The 考核 sheet (shared/assessment/sheets.ts, the one the add-in draws) as an .xlsx workbook,
 * written by the shared exceljs writer as the rollup exports are, with the shared print setup:
 * its header row frozen and repeated on every printed page, one page wide.
 */
export async function assessmentXlsx(
  a: Assessment,
  opts: AssessmentSheetOptions,
): Promise<ArrayBuffer> {
  const bytes = await writeXlsx({ sheets: [assessmentSheet(a, opts)] });
  return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
}
