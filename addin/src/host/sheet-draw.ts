/**
 * Pure, private to the host: a sheet of the shared workbook model (`WbSheet`) → the `SheetDraw`
 * excel-draw.ts queues. The model says what every cell is; the draw says it in few commands:
 * plain values gathered into rectangular blocks (one `values` write each), and each format
 * (fill, bold, alignment, …) and the thin borders over the largest rectangles that share it.
 * A 5000-row list is then a handful of commands where cell by cell it would be a hundred thousand.
 */
import type { WbCell, WbSheet, WbValidation } from "../../../shared/workbook";
import type { PrintSetup } from "../../../shared/print/setup";
import { boxAddress, parseBox, type Box } from "./a1";
import type { XlDataValidationRule } from "./xl";

/** Excel's text number format (see excel-draw.ts's `writeText`). */
export const TEXT = "@";

/** One drawn cell, merged area or rectangle of a sheet: a cell of the shared workbook model. */
export type DrawCell = WbCell;

export interface DrawValidation {
  /** A range of input cells. */
  address: string;
  rule: XlDataValidationRule;
  alert: { title: string; message: string };
}

/** A rectangle of plain values written at once: one request entry, not one per cell. */
export interface DrawBlock {
  /** Top-left cell. */
  address: string;
  values: (string | number | boolean)[][];
  /** Each cell's number format (text for text), null: left as it is. */
  formats: (string | null)[][];
}

/** A worksheet as the host draws it. */
export interface SheetDraw {
  /** Column widths in points. */
  columnWidths: number[];
  cells: DrawCell[];
  blocks: DrawBlock[];
  /** Rectangles whose every cell gets a thin black border (edges and inside lines at once). */
  grids: string[];
  validations: DrawValidation[];
  /** How the sheet prints (shared/print): A4, one page wide, titles, header, footer; null: as is. */
  print: PrintSetup | null;
  /** Protect the sheet (no password) once drawn. */
  protect: boolean;
}

/** Excel character units → points (Calibri 11: 7 px a character, 5 px padding, 0.75 pt a px). */
export function charsToPoints(chars: number): number {
  return Math.round((chars * 7 + 5) * 0.75 * 100) / 100;
}

/** Points → Excel character units (the inverse of `charsToPoints`). */
export function pointsToChars(points: number): number {
  return (points / 0.75 - 5) / 7;
}

/** A model validation as Office.js data-validation rules (one per area). */
function validations(list: WbValidation[]): DrawValidation[] {
  return list.flatMap((v) => {
    const bounds = { formula1: v.min, formula2: v.max, operator: "Between" as const };
    const rule = v.type === "whole" ? { wholeNumber: bounds } : { decimal: bounds };
    return v.areas.map((address) => ({ address, rule, alert: v.alert }));
  });
}

/**
 * Single cells gathered into rectangles: a run of adjacent cells in a row, stacked with the runs
 * of the same columns right below it. `key` says which cells may share a rectangle.
 */
function rectangles<T>(cells: { box: Box; item: T }[], key: (item: T) => string): Box[] {
  const runs: { box: Box; key: string }[] = [];
  const sorted = [...cells].sort((a, b) => a.box.r0 - b.box.r0 || a.box.c0 - b.box.c0);
  for (const { box, item } of sorted) {
    const k = key(item);
    const last = runs[runs.length - 1];
    if (last && last.key === k && last.box.r0 === box.r0 && last.box.c1 === box.c0 - 1)
      last.box.c1 = box.c0;
    else runs.push({ box: { ...box }, key: k });
  }
  const open = new Map<string, Box>();
  const out: Box[] = [];
  for (const r of runs) {
    const k = `${r.key}\u0000${r.box.c0}:${r.box.c1}`;
    const above = open.get(k);
    if (above && above.r1 === r.box.r0 - 1) above.r1 = r.box.r0;
    else {
      const box = { ...r.box };
      out.push(box);
      open.set(k, box);
    }
  }
  return out;
}

/** Formats that mean the same on a rectangle as on each of its cells. */
export const SHARED_FORMATS = [
  "bold",
  "fontSize",
  "fontColor",
  "fill",
  "hAlign",
  "vAlign",
  "wrap",
  "indent",
  "unlocked",
] as const;

/** A cell that is one cell (not a merged area or a rectangle). */
const single = (c: WbCell): Box | null => {
  if (c.merge) return null;
  const b = parseBox(c.address);
  return b && b.r0 === b.r1 && b.c0 === b.c1 ? b : null;
};

/** The values of single cells as blocks, with their number formats (text for text). */
function valueBlocks(cells: { box: Box; item: WbCell }[]): DrawBlock[] {
  const at = new Map(cells.map((c) => [`${c.box.r0}:${c.box.c0}`, c.item]));
  return rectangles(cells, () => "").map((box) => {
    const values: DrawBlock["values"] = [];
    const formats: DrawBlock["formats"] = [];
    for (let r = box.r0; r <= box.r1; r++) {
      const row: DrawBlock["values"][number] = [];
      const fmt: (string | null)[] = [];
      for (let c = box.c0; c <= box.c1; c++) {
        const cell = at.get(`${r}:${c}`)!;
        row.push(cell.value!);
        fmt.push(cell.numberFormat ?? (typeof cell.value === "string" ? TEXT : null));
      }
      values.push(row);
      formats.push(fmt);
    }
    return { address: boxAddress(box), values, formats };
  });
}

/** A sheet of the workbook model as a draw (hidden helper columns get width 0, as Excel hides). */
export function sheetDraw(ws: WbSheet): SheetDraw {
  const whole: WbCell[] = [];
  const valued: { box: Box; item: WbCell }[] = [];
  const bordered: { box: Box; item: null }[] = [];
  const styled: { box: Box; item: WbCell }[] = [];
  for (const c of ws.cells) {
    const box = single(c);
    if (!box) {
      whole.push(c);
      continue;
    }
    const { address, value, formula, numberFormat, border, bottomBorder, ...rest } = c;
    const format = numberFormat !== undefined ? { numberFormat } : {};
    if (value !== undefined) valued.push({ box, item: c });
    else if (formula !== undefined) whole.push({ address, formula, ...format });
    // A number format without a value applies to the empty cell (an input typed into later).
    else if (numberFormat !== undefined) whole.push({ address, numberFormat });
    // A line under a rectangle would underline its last row only: cell by cell.
    if (bottomBorder) whole.push({ address, bottomBorder });
    if (border) bordered.push({ box, item: null });
    if (Object.keys(rest).length) styled.push({ box, item: { address, ...rest } });
  }
  const cells: DrawCell[] = [...whole];
  for (const f of SHARED_FORMATS) {
    const has = styled.filter((s) => s.item[f] !== undefined);
    const at = new Map(has.map((s) => [`${s.box.r0}:${s.box.c0}`, s.item[f]]));
    for (const box of rectangles(has, (item) => String(item[f])))
      cells.push({ address: boxAddress(box), [f]: at.get(`${box.r0}:${box.c0}`) });
  }
  return {
    columnWidths: ws.columnWidths.map((w, i) =>
      ws.hiddenColumns.includes(i) ? 0 : charsToPoints(w),
    ),
    cells,
    blocks: valueBlocks(valued),
    grids: rectangles(bordered, () => "").map(boxAddress),
    validations: validations(ws.validations),
    print: ws.print ?? null,
    protect: ws.protected,
  };
}
