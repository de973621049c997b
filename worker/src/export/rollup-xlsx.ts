/**
 * The rollup as an .xlsx workbook — 汇总 (the official form), 分单位, 报送情况 — the sheets of
 * shared/rollup/sheets.ts (the same the add-in draws), written by the shared exceljs writer
 * (shared/workbook/xlsx.ts) so that every sheet carries the shared print setup (shared/print):
 * A4, one page wide, the header row repeated on every page, binding margins, unit and year in the
 * page header, page numbers in the footer.
 */
import type { Form } from "../../../shared/forms/catalogue";
import { layoutForm } from "../../../shared/layout/index";
import { chinaTime } from "../../../shared/china-time";
import { rollupSheets } from "../../../shared/rollup/sheets";
import { writeXlsx } from "../../../shared/workbook/xlsx";
import type { ExactRollup } from "../domain/rollup";

/** The rollup as an .xlsx workbook: 汇总 (official form), 分单位, 报送情况. */
export async function rollupXlsx(form: Form, rollup: ExactRollup): Promise<ArrayBuffer> {
  const sheets = rollupSheets(form, rollup, {
    lang: "zh",
    layout: layoutForm(form, "zh"),
    time: (iso) => chinaTime(iso) ?? iso,
  });
  const bytes = await writeXlsx({ sheets });
  return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
}
