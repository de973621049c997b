/**
 * Pure: sheets of the shared workbook model (shared/workbook) → the SheetDraw the host draws,
 * and the value grid read back → the raw values by cell id. The drawing itself (cells, data
 * validation) comes from the shared model's `layoutCells` / `inputValidations`: one definition
 * for the add-in and the .xlsx file.
 */
import type { CellValues } from "../../shared/engine";
import type { SheetLayout } from "../../shared/layout";
import type { WbCell, WbSheet, WbValidation } from "../../shared/workbook";
import { officialFormSheet } from "../../shared/workbook/form-sheet";
import { boxAddress, parseBox, type Box } from "./a1";
import type { DrawValidation, SheetDraw } from "./host/types";
import type { Lang } from "./i18n";

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
 * Bordered single cells gathered into rectangles: a run of adjacent cells in a row, stacked with
 * the runs of the same columns below it. One grid is a handful of border commands where each
 * cell's outline takes twelve (the 校验 sheet has thousands of bordered cells).
 */
export function borderGrids(cells: WbCell[]): { cells: WbCell[]; grids: string[] } {
  const singles = new Map<string, Box>();
  const rest: WbCell[] = [];
  for (const c of cells) {
    const b = !c.merge && c.border ? parseBox(c.address) : null;
    if (b && b.r0 === b.r1 && b.c0 === b.c1) {
      singles.set(`${b.r0}:${b.c0}`, b);
      rest.push({ ...c, border: false });
    } else rest.push(c);
  }
  const runs: Box[] = [];
  const sorted = [...singles.values()].sort((a, b) => a.r0 - b.r0 || a.c0 - b.c0);
  for (const b of sorted) {
    const last = runs[runs.length - 1];
    if (last && last.r0 === b.r0 && last.c1 === b.c0 - 1) last.c1 = b.c0;
    else runs.push({ ...b });
  }
  const open = new Map<string, Box>();
  const grids: Box[] = [];
  for (const r of runs) {
    const k = `${r.c0}:${r.c1}`;
    const above = open.get(k);
    if (above && above.r1 === r.r0 - 1) above.r1 = r.r0;
    else {
      const box = { ...r };
      grids.push(box);
      open.set(k, box);
    }
  }
  return { cells: rest, grids: grids.map(boxAddress) };
}

/** A sheet of the workbook model as a draw (hidden helper columns get width 0, as Excel hides). */
export function sheetDraw(ws: WbSheet): SheetDraw {
  const { cells, grids } = borderGrids(ws.cells);
  return {
    grids,
    columnWidths: ws.columnWidths.map((w, i) =>
      ws.hiddenColumns.includes(i) ? 0 : charsToPoints(w),
    ),
    cells,
    validations: validations(ws.validations),
    print: ws.print ?? null,
    protect: ws.protected,
  };
}

export interface DrawOptions {
  lang: Lang;
  /** The unit's name (a rollup: what its figures include) and the year, in the meta cells. */
  unitName: string;
  year: number;
  /** Values to fill the input cells with; absent: inputs left blank. */
  values?: CellValues;
  /** Who stamps the printed sheet (default: `unitName`); a rollup names the consolidating unit. */
  signer?: { unit: string; rollup?: boolean };
  /** 报出日期 of the signature block (`YYYY-MM-DD`), when the report was sent. */
  sentOn?: string;
}

/**
 * The official form alone, read-only, with its signature block and print setup (shared with the
 * rollup export's 汇总): rollup 汇总 and review sheets.
 */
export function drawForm(layout: SheetLayout, opts: DrawOptions): SheetDraw {
  return sheetDraw(officialFormSheet(layout, { ...opts, name: layout.sheetName }));
}

/** Raw input values by cell id from the values grid of `layout.range`. */
export function valuesFromGrid(layout: SheetLayout, grid: unknown[][]): Record<string, unknown> {
  const origin = parseBox(layout.range) ?? { r0: 0, c0: 0, r1: 0, c1: 0 };
  const out: Record<string, unknown> = {};
  for (const [id, p] of Object.entries(layout.inputs)) {
    const v = grid[p.row - origin.r0]?.[p.col - origin.c0];
    if (v !== undefined && v !== null && v !== "") out[id] = v;
  }
  return out;
}
