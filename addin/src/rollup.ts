/**
 * A rollup from the API → the three sheets a supervisor pulls (汇总, 分单位, 报送情况), drawn from
 * shared/rollup's tables, so the pane shows the same columns and words as the xlsx and CSV
 * exports: what each figure includes (included / pending / missing), each unit's status and
 * 报送时效, and the rules that fail in most units. Only how a table is drawn lives here.
 */
import type { Rollup } from "../../shared/api/schemas";
import type { Form } from "../../shared/forms/model";
import type { SheetLayout } from "../../shared/layout";
import { tablePrintSetup, type PrintMeta } from "../../shared/print/setup";
import {
  renderRollup,
  ROLLUP_SHEETS,
  type RollupTable,
  type RollupValue,
  TONE_FILL,
} from "../../shared/rollup";
import { boxAddress, cellAddress } from "./a1";
import { charsToPoints, drawForm } from "./draw";
import type { DrawCell, SheetDraw } from "./host/types";
import type { Lang } from "./i18n";

export { countsOf, entryStatus, ROLLUP_SHEETS, ruleText, type Counts } from "../../shared/rollup";

const HEAD: Partial<DrawCell> = {
  bold: true,
  fill: "#F2F2F2",
  hAlign: "Center",
  vAlign: "Center",
  wrap: true,
  border: true,
};

/** A table's values as cells take them: empty for null; a name indented by its depth. */
function cellsOf(t: RollupTable): (string | number)[][] {
  const name = t.columns.findIndex((c) => c.key === "name");
  const plain = (v: RollupValue) => (v === null ? "" : typeof v === "bigint" ? Number(v) : v);
  return t.rows.map((r) =>
    r.values.map((v, i) =>
      i === name && r.depth ? `${"  ".repeat(r.depth)}${String(v)}` : plain(v),
    ),
  );
}

/** A table's header cells (at `row`) and its rows below as one bordered block. */
function put(
  t: RollupTable,
  row: number,
  cells: DrawCell[],
  blocks: NonNullable<SheetDraw["blocks"]>,
) {
  t.columns.forEach((c, i) =>
    cells.push({ address: cellAddress(row, i), value: c.label, ...HEAD }),
  );
  t.rows.forEach((r, i) => {
    const fill = r.tone ? TONE_FILL[r.tone] : undefined;
    const box = { r0: row + 1 + i, c0: 0, r1: row + 1 + i, c1: t.columns.length - 1 };
    if (fill) cells.push({ address: boxAddress(box), fill });
    if (r.tone === "total") cells.push({ address: boxAddress(box), bold: true });
  });
  if (t.rows.length)
    blocks.push({ address: cellAddress(row + 1, 0), values: cellsOf(t), border: true });
}

/** Row 3 holds a sheet's column headers: repeated on every printed page. */
const HEADER_ROW = { first: 3, last: 3 };

/** A sheet: a title over the table (headers on row 3), and a second table two rows below. */
function tableSheet(
  title: string,
  meta: PrintMeta,
  main: RollupTable,
  extra?: RollupTable,
): SheetDraw {
  const cols = main.columns.length;
  const cells: DrawCell[] = [
    {
      address: boxAddress({ r0: 0, c0: 0, r1: 0, c1: cols - 1 }),
      merge: cols > 1,
      value: title,
      bold: true,
      fontSize: 14,
      hAlign: "Center",
    },
  ];
  const blocks: NonNullable<SheetDraw["blocks"]> = [];
  put(main, 2, cells, blocks);
  let lastRow = 2 + main.rows.length;
  if (extra) {
    const top = lastRow + 2;
    cells.push({ address: cellAddress(top, 0), value: extra.title, bold: true, fontSize: 12 });
    put(extra, top + 1, cells, blocks);
    lastRow = top + 1 + extra.rows.length;
  }
  const widths = main.columns.map((c) => c.width);
  return {
    columnWidths: widths.map(charsToPoints),
    cells,
    blocks,
    validations: [],
    print: tablePrintSetup(widths, lastRow + 1, HEADER_ROW, meta),
    protect: false,
  };
}

export function drawRollup(
  form: Form,
  layout: SheetLayout,
  rollup: Rollup,
  lang: Lang,
): { name: string; draw: SheetDraw }[] {
  const title = `${form.title[lang]} · ${rollup.unit.name} · ${rollup.year}`;
  const tables = renderRollup(form, rollup, { lang, time: localTime });
  const summary = drawForm(layout, {
    lang,
    unitName: tables.caption,
    year: rollup.year,
    values: rollup.values,
    signer: { unit: rollup.unit.name, rollup: true },
  });
  const meta: PrintMeta = { lang, unit: rollup.unit.name, year: rollup.year };
  return [
    { name: ROLLUP_SHEETS.summary, draw: summary },
    { name: ROLLUP_SHEETS.byUnit, draw: tableSheet(title, meta, tables.byUnit) },
    { name: ROLLUP_SHEETS.status, draw: tableSheet(title, meta, tables.status, tables.rules) },
  ];
}

/** An ISO time as the clerk's clock shows it (`2026-01-15 09:30`), not in UTC. */
export function localTime(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  const p = (n: number) => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}`;
}

/** A plain list sheet (the 考核 sheet): a title, headers on row 3, rows with optional fills. */
export function table(
  title: string,
  meta: PrintMeta,
  headers: string[],
  rows: (string | number)[][],
  widths: number[],
  rowFill?: (i: number) => string | undefined,
): SheetDraw {
  const cols = headers.length;
  const cells: DrawCell[] = [
    {
      address: boxAddress({ r0: 0, c0: 0, r1: 0, c1: cols - 1 }),
      merge: cols > 1,
      value: title,
      bold: true,
      fontSize: 14,
      hAlign: "Center",
    },
  ];
  headers.forEach((h, c) => cells.push({ address: cellAddress(2, c), value: h, ...HEAD }));
  rows.forEach((_, i) => {
    const fill = rowFill?.(i);
    if (fill)
      cells.push({ address: boxAddress({ r0: 3 + i, c0: 0, r1: 3 + i, c1: cols - 1 }), fill });
  });
  return {
    columnWidths: widths.map(charsToPoints),
    cells,
    blocks: rows.length ? [{ address: cellAddress(3, 0), values: rows, border: true }] : [],
    validations: [],
    print: tablePrintSetup(widths, Math.max(3, 3 + rows.length), HEADER_ROW, meta),
    protect: false,
  };
}
