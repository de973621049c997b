/**
 * The rollup as an .xlsx workbook — 汇总 (the official form), 分单位, 报送情况 — from shared/rollup's
 * tables, written by the shared exceljs writer (shared/workbook/xlsx.ts) so that every sheet
 * carries the shared print setup (shared/print): A4, one page wide, the header row repeated on
 * every page, binding margins, unit and year in the page header, page numbers in the footer.
 * write-excel-file, used before, sets a sheet's orientation and nothing else of its printing.
 */
import type { Form } from "../../../shared/forms/catalogue";
import { a1, layoutForm } from "../../../shared/layout/index";
import { tablePrintSetup, type PrintMeta } from "../../../shared/print/setup";
import { chinaTime } from "../../../shared/china-time";
import {
  byUnitTable,
  rollupCaption,
  ROLLUP_SHEETS,
  rulesTable,
  statusTable,
  type RollupColumn,
  type RollupRow,
  type RollupTable,
  type RollupValue,
  TONE_FILL,
} from "../../../shared/rollup/index";
import { HEADER_STYLE, officialFormSheet } from "../../../shared/workbook/form-sheet";
import type { WbCell, WbSheet } from "../../../shared/workbook/types";
import { writeXlsx } from "../../../shared/workbook/xlsx";
import type { ExactRollup } from "../domain/rollup";
import { formatScaled, SCALE, spreadsheetNumber } from "../domain/scaled";

const AMOUNT = "#,##0.0000";

/**
 * An exact sum as a cell holds it: a number when Excel keeps it exactly (15 significant digits),
 * else its exact decimal as text, so no digit is lost.
 */
function exact(v: bigint | number | undefined): number | string {
  const big = typeof v === "bigint" ? v : BigInt(Math.round((v ?? 0) * SCALE));
  return spreadsheetNumber(big) ?? formatScaled(big);
}

/** One value of a table as a bordered cell; numbers right-aligned in their column's format. */
function valueCell(address: string, v: RollupValue, type: RollupColumn["type"], row: RollupRow) {
  const cell: WbCell = { address, border: true };
  if (v === null) return cell;
  if (typeof v === "string") return { ...cell, value: v };
  const amount = type === "amount" || (type === "by-row" && row.kind === "amount");
  const value = type === "integer" && typeof v === "number" ? v : exact(v);
  return { ...cell, value, numberFormat: amount ? AMOUNT : "0", hAlign: "Right" as const };
}

/** A table of the shared renderer from row `top` (0-based): its header line, then its rows. */
function tableCells(t: RollupTable, top: number): WbCell[] {
  const cells = t.columns.map((c, col): WbCell => ({
    address: a1(top, col),
    value: c.label,
    ...HEADER_STYLE,
  }));
  t.rows.forEach((row, i) => {
    const fill = row.tone ? TONE_FILL[row.tone] : undefined;
    row.values.forEach((v, col) => {
      const column = t.columns[col]!;
      cells.push({
        ...valueCell(a1(top + 1 + i, col), v, column.type, row),
        ...(fill ? { fill } : {}),
        ...(row.tone === "total" ? { bold: true } : {}),
        ...(column.key === "name" && row.depth ? { indent: row.depth } : {}),
      });
    });
  });
  return cells;
}

/**
 * A list sheet: the main table with its header row frozen and repeated on every printed page,
 * and a second table (with its title) two rows below.
 */
function listSheet(name: string, main: RollupTable, meta: PrintMeta, extra?: RollupTable) {
  const cells = tableCells(main, 0);
  let rows = 1 + main.rows.length;
  if (extra?.rows.length) {
    cells.push({ address: a1(rows + 1, 0), value: extra.title, bold: true });
    cells.push(...tableCells(extra, rows + 2));
    rows += 3 + extra.rows.length;
  }
  const widths = main.columns.map((c) => c.width);
  const sheet: WbSheet = {
    name,
    role: "form",
    visibility: "visible",
    protected: false,
    columnWidths: widths,
    hiddenColumns: [],
    frozenRows: 1,
    cells,
    validations: [],
    print: tablePrintSetup(widths, rows, { first: 1, last: 1 }, meta),
  };
  return sheet;
}

/** The rollup as an .xlsx workbook: 汇总 (official form), 分单位, 报送情况 (shared/rollup's tables). */
export async function rollupXlsx(form: Form, rollup: ExactRollup): Promise<ArrayBuffer> {
  const layout = layoutForm(form, "zh");
  const meta: PrintMeta = { lang: "zh", unit: rollup.unit.name, year: rollup.year };
  const values = Object.fromEntries(
    Object.keys(layout.inputs).map((id) => [id, exact(rollup.values[id])]),
  );
  const summary = officialFormSheet(layout, {
    name: ROLLUP_SHEETS.summary,
    lang: "zh",
    unitName: rollupCaption(rollup, "zh"),
    year: rollup.year,
    values,
    signer: { unit: rollup.unit.name, rollup: true },
  });
  const bytes = await writeXlsx({
    sheets: [
      summary,
      listSheet(ROLLUP_SHEETS.byUnit, byUnitTable(form, rollup, "zh"), meta),
      listSheet(
        ROLLUP_SHEETS.status,
        statusTable(rollup.completeness, { lang: "zh", time: (iso) => chinaTime(iso) ?? iso }),
        meta,
        rulesTable(form, rollup.rules, "zh"),
      ),
    ],
  });
  return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
}
