/**
 * What the form sheet shows of its checks, all on the sheet itself so no conditional format
 * refers to another sheet (Excel 2007 refuses that; later versions hide such rules in an
 * extension that not every program reads):
 *
 * - each rule instance's verdict is an ordinary formula in a hidden, locked cell right of the
 *   form (it may read the hidden 上年 sheet); the instance's conditional format reads that cell;
 * - each row's messages stand right after its own table, where a clerk sees them without
 *   scrolling sideways at 100 % on a 1366-pixel screen; a table too wide for that gets its
 *   messages in the blank row under it, from column A.
 */
import { a1 } from "../layout/grid";
import type { Lang, SheetLayout } from "../layout/types";
import { ERROR_FILL, WARNING_FILL } from "./checks-sheet";
import { stringLiteral } from "./message";
import { absoluteRef, sheetRef } from "./names";
import type { WbCell, WbConditionalFormat, WbRef } from "./types";

/** Screen width the messages must fit: 1366 px less row headers, scroll bar and borders. */
export const VISIBLE_PX = 1366 - 40;
/** A message must show at least this much (about 20 Chinese characters). */
export const MESSAGE_MIN_PX = 280;
const MESSAGE_COLOR = "#C00000";
const VERDICT_WIDTH = 6;

/** Excel's pixel width of a column `w` characters wide (default font, 100 %). */
export function columnPx(w: number): number {
  return Math.trunc(w * 7 + 5);
}

export interface CheckOnSheet {
  key: string;
  severity: "error" | "warning";
  /** The cell the instance is pinned to, and every this-year cell it reads. */
  target: string;
  cells: string[];
  /** The verdict with same-sheet references (no sheet name). */
  violated: string;
  /** The instance's message cell on the 校验 sheet. */
  message: WbRef;
}

export interface FormChecks {
  cells: WbCell[];
  /** 0-based columns to hide, and the widths of the columns from the layout's last on. */
  hiddenColumns: number[];
  extraWidths: number[];
  formats: WbConditionalFormat[];
  /** Per instance key: its verdict cell and the cell that shows its message. */
  verdicts: Map<string, string>;
  shown: Map<string, string>;
}

interface Table {
  first: number;
  last: number;
  /** 0-based column right of the table's last column. */
  right: number;
}

const TABLE_ROLES = new Set(["corner", "header", "label", "unit", "input"]);

/** The tables of the layout (one per section): their rows and right edge. */
export function tablesOf(layout: SheetLayout): Table[] {
  const starts = layout.cells
    .filter((c) => c.role === "section")
    .map((c) => c.row)
    .sort((x, y) => x - y);
  return starts.map((first, i) => {
    const end = starts[i + 1] ?? layout.rowCount;
    const own = layout.cells.filter(
      (c) => TABLE_ROLES.has(c.role) && c.row >= first && c.row < end,
    );
    return {
      first,
      last: Math.max(first, ...own.map((c) => c.row + c.rowSpan - 1)),
      right: Math.max(0, ...own.map((c) => c.col + c.colSpan)),
    };
  });
}

function leftPx(widths: number[], col: number): number {
  let px = 0;
  for (let c = 0; c < col; c++) px += columnPx(widths[c] ?? 8.43);
  return px;
}

/** Where the messages of a row go: right of its table, else the blank row under it. */
function placeOf(layout: SheetLayout, tables: Table[], row: number): { row: number; col: number } {
  const table = tables.find((t) => row >= t.first && row <= t.last);
  if (!table) return { row, col: layout.colCount };
  if (leftPx(layout.columnWidths, table.right) + MESSAGE_MIN_PX <= VISIBLE_PX) {
    return { row, col: table.right };
  }
  const under = table.last + 1;
  const free = !layout.cells.some((c) => c.row <= under && under < c.row + c.rowSpan);
  return free ? { row: under, col: 0 } : { row, col: table.right };
}

/** `IF(m1="","",sep&m1)&…` without the first separator: the non-empty messages on one line. */
function joinMessages(refs: string[], sep: string): string {
  if (refs.length === 1) return `=${refs[0]}`;
  const parts = refs.map((m) => `IF(${m}="","",${stringLiteral(sep)}&${m})`);
  return `=MID(${parts.join("&")},${sep.length + 1},32767)`;
}

export function formChecks(
  layout: SheetLayout,
  sheet: string,
  checks: CheckOnSheet[],
  lang: Lang,
  /** Each input cell's drawn area (its merged range). */
  areas: Record<string, string>,
): FormChecks {
  const cells: WbCell[] = [];
  const verdicts = new Map<string, string>();
  // Verdicts fill hidden columns right of the message column, one layout height each.
  const first = layout.colCount + 1;
  const height = Math.max(1, layout.rowCount);
  const columns = Math.ceil(checks.length / height);
  checks.forEach((c, i) => {
    const address = a1(i % height, first + Math.floor(i / height));
    verdicts.set(c.key, address);
    cells.push({ address, formula: `=${c.violated}` });
  });

  const tables = tablesOf(layout);
  const byPlace = new Map<string, { row: number; col: number; refs: string[]; keys: string[] }>();
  for (const c of checks) {
    const place = placeOf(layout, tables, layout.inputs[c.target]!.row);
    const id = a1(place.row, place.col);
    const entry = byPlace.get(id) ?? { ...place, refs: [], keys: [] };
    entry.refs.push(sheetRef(c.message.sheet, c.message.address));
    entry.keys.push(c.key);
    byPlace.set(id, entry);
  }
  const shown = new Map<string, string>();
  for (const [address, p] of byPlace) {
    // Not wrapped: the text runs on over the empty cells to its right.
    cells.push({
      address,
      formula: joinMessages(p.refs, lang === "zh" ? ";" : "; "),
      fontColor: MESSAGE_COLOR,
      vAlign: "Center",
    });
    for (const k of p.keys) shown.set(k, address);
  }

  const ordered = [
    ...checks.filter((c) => c.severity === "error"),
    ...checks.filter((c) => c.severity === "warning"),
  ];
  const formats = ordered.map((c, i): WbConditionalFormat => ({
    sheet,
    areas: c.cells.map((id) => areas[id]!),
    formula: `=${absoluteRef(verdicts.get(c.key)!)}`,
    severity: c.severity,
    fill: c.severity === "error" ? ERROR_FILL : WARNING_FILL,
    priority: i + 1,
    key: c.key,
  }));
  const hiddenColumns = Array.from({ length: columns }, (_, k) => first + k);
  return {
    cells,
    hiddenColumns,
    extraWidths: [48, ...hiddenColumns.map(() => VERDICT_WIDTH)],
    formats,
    verdicts,
    shown,
  };
}
