/**
 * The sheets of a rollup — 汇总 (the official form), 分单位, 报送情况 — as workbook sheets, built
 * once: the add-in's 拉取汇总 draws them into Excel and the Worker's .xlsx export writes them, so
 * the two are the same cell for cell (addin/test/twins.test.ts holds them so).
 */
import type { CompletenessEntry, RuleFailures } from "../api/schemas";
import { spreadsheetValue } from "../engine/scale";
import type { Form } from "../forms/model";
import type { SheetLayout } from "../layout/types";
import type { PrintMeta } from "../print/setup";
import { officialFormSheet } from "../workbook/form-sheet";
import { listSheet, type ListTable, type TableRow } from "../workbook/table-sheet";
import type { WbSheet } from "../workbook/types";
import {
  byUnitTable,
  type Figure,
  rollupCaption,
  type RollupHead,
  ROLLUP_SHEETS,
  type RollupRenderOptions,
  type RollupRow,
  type RollupTable,
  rulesTable,
  statusTable,
  TONE_FILL,
} from "./index";

const AMOUNT = "#,##0.0000";

/** A rollup table as a list: exact figures, amounts with four decimals, names indented. */
export function listTable(t: RollupTable): ListTable {
  const name = t.columns.findIndex((c) => c.key === "name");
  const rows = t.rows.map((row: RollupRow): TableRow => ({
    cells: row.values.map((v, col) => {
      const type = t.columns[col]!.type;
      const indent = col === name && row.depth ? { indent: row.depth } : {};
      if (v === null || typeof v === "string") return { value: v, ...indent };
      const amount = type === "amount" || (type === "by-row" && row.kind === "amount");
      const value = type === "integer" && typeof v === "number" ? v : spreadsheetValue(v);
      return { value, numberFormat: amount ? AMOUNT : "0", ...indent };
    }),
    ...(row.tone && TONE_FILL[row.tone] ? { fill: TONE_FILL[row.tone] } : {}),
    ...(row.tone === "total" ? { bold: true } : {}),
  }));
  return { title: t.title, header: t.columns.map((c) => c.label), rows };
}

/** A rollup with its completeness list, its figures numbers (the API) or scaled BigInts. */
export type SheetRollup<V extends Figure> = RollupHead<V> & {
  completeness: readonly CompletenessEntry[];
  rules?: readonly RuleFailures[];
};

export interface RollupSheetOptions extends RollupRenderOptions {
  /** The form's layout in `lang` (the 汇总 sheet). */
  layout: SheetLayout;
}

/** 汇总, 分单位 and 报送情况 (with the rules failing most below it). */
export function rollupSheets<V extends Figure>(
  form: Form,
  r: SheetRollup<V>,
  opts: RollupSheetOptions,
): WbSheet[] {
  const { lang, layout } = opts;
  const title = `${form.title[lang]} · ${r.unit.name} · ${r.year}`;
  const meta: PrintMeta = { lang, unit: r.unit.name, year: r.year };
  const values = Object.fromEntries(
    Object.keys(layout.inputs).map((id) => [id, spreadsheetValue(r.values[id])]),
  );
  const summary = officialFormSheet(layout, {
    name: ROLLUP_SHEETS.summary,
    lang,
    unitName: rollupCaption(r, lang),
    year: r.year,
    values,
    signer: { unit: r.unit.name, rollup: true },
  });
  const byUnit = byUnitTable(form, r, lang);
  const status = statusTable(r.completeness, opts);
  const list = (name: string, main: RollupTable, ...extra: RollupTable[]) =>
    listSheet({
      name,
      title,
      widths: main.columns.map((c) => c.width),
      tables: [listTable(main), ...extra.map(listTable)],
      print: meta,
    });
  return [
    summary,
    list(ROLLUP_SHEETS.byUnit, byUnit),
    list(ROLLUP_SHEETS.status, status, rulesTable(form, r.rules, lang)),
  ];
}
