/**
 * The one builder of list sheets (rollup 分单位 and 报送情况, 考核, the admin's lists): a title over
 * one or more tables of header + rows, as a `WbSheet` that the add-in's host draws and the .xlsx
 * writer writes alike. What a table holds is decided by its caller (shared/rollup,
 * shared/assessment, the pane's admin sheets); how a list looks is decided here, once.
 */
import { a1 } from "../layout/grid";
import { tablePrintSetup, type PrintMeta } from "../print/setup";
import { HEADER_STYLE } from "./form-sheet";
import type { WbCell, WbSheet } from "./types";

/** One cell of a table: text (always text), a number, or nothing. */
export interface TableCell {
  value: string | number | null;
  numberFormat?: string;
  /** Indent level (a unit's depth below the rollup's unit). */
  indent?: number;
}

export interface TableRow {
  cells: TableCell[];
  fill?: string;
  bold?: boolean;
}

export interface ListTable {
  /** Printed above the table when it is not the first one of its sheet. */
  title?: string;
  header: string[];
  rows: TableRow[];
}

export interface ListSheetSpec {
  name: string;
  /** A merged, centred title on row 1; the first table's header is then on row 3. */
  title?: string;
  /** A line under the title (row 2, merged across the table), e.g. a notice's text. */
  notice?: string;
  /** Column widths in characters. */
  widths: number[];
  /** The first table; any further one two rows below the one before, under its own title. */
  tables: [ListTable, ...ListTable[]];
  print: PrintMeta;
  /** Lines drawn around each value cell (a list to read); off for lists to type into. */
  bordered?: boolean;
  /** Header cells' fill (default the grey of every header). */
  headerFill?: string;
  /** Empty text rows below the first table, for additions typed in (codes keep leading zeros). */
  blankRows?: number;
}

/** A plain value in its cell: numbers right-aligned, text as text, nothing as an empty cell. */
function valueCell(address: string, c: TableCell, bordered: boolean, row: TableRow): WbCell {
  const cell: WbCell = { address };
  if (bordered) cell.border = true;
  if (c.value !== null) cell.value = c.value;
  if (typeof c.value === "number") cell.hAlign = "Right";
  if (c.numberFormat && typeof c.value === "number") cell.numberFormat = c.numberFormat;
  if (c.indent) cell.indent = c.indent;
  if (row.fill) cell.fill = row.fill;
  if (row.bold) cell.bold = true;
  return cell;
}

function tableCells(t: ListTable, top: number, spec: ListSheetSpec): WbCell[] {
  const head = spec.headerFill ? { ...HEADER_STYLE, fill: spec.headerFill } : HEADER_STYLE;
  const cells = t.header.map((value, col): WbCell => ({ address: a1(top, col), value, ...head }));
  t.rows.forEach((row, i) =>
    row.cells.forEach((c, col) =>
      cells.push(valueCell(a1(top + 1 + i, col), c, spec.bordered !== false, row)),
    ),
  );
  return cells;
}

/** A list sheet: the title, the tables, the header row frozen and repeated on every page. */
export function listSheet(spec: ListSheetSpec): WbSheet {
  const [main, ...extra] = spec.tables;
  const cols = spec.widths.length;
  const cells: WbCell[] = [];
  const headerRow = spec.title === undefined ? 0 : 2;
  if (spec.title !== undefined)
    cells.push({
      address: `A1:${a1(0, cols - 1)}`,
      ...(cols > 1 ? { merge: true } : {}),
      value: spec.title,
      bold: true,
      fontSize: 14,
      hAlign: "Center",
    });
  if (spec.notice !== undefined)
    cells.push({
      address: `A2:${a1(1, cols - 1)}`,
      ...(cols > 1 ? { merge: true } : {}),
      value: spec.notice,
    });
  cells.push(...tableCells(main, headerRow, spec));
  let next = headerRow + 1 + main.rows.length;
  const blank = spec.blankRows ?? 0;
  for (let i = 0; i < blank; i++)
    main.header.forEach((_, col) => cells.push({ address: a1(next + i, col), value: "" }));
  let printed = next;
  for (const t of extra) {
    if (!t.rows.length) continue;
    const top = next + 1;
    cells.push({ address: a1(top, 0), value: t.title ?? "", bold: true, fontSize: 12 });
    cells.push(...tableCells(t, top + 1, spec));
    next = top + 2 + t.rows.length;
    printed = next;
  }
  return {
    name: spec.name,
    role: "form",
    visibility: "visible",
    protected: false,
    columnWidths: spec.widths,
    hiddenColumns: [],
    frozenRows: headerRow + 1,
    cells,
    validations: [],
    print: tablePrintSetup(
      spec.widths,
      printed,
      { first: headerRow + 1, last: headerRow + 1 },
      spec.print,
    ),
  };
}
