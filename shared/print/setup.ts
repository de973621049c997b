/**
 * The print setup of every sheet the product writes (the checking workbook, the rollup export,
 * the add-in's sheets), derived from the drawn layout: A4, the orientation the width needs, one
 * page wide, margins for binding, the unit and year in the header, 第 N 页 共 M 页 in the footer,
 * and the header rows of a long table repeated on every page. Pure data; each host writes it.
 */
import type { Lang } from "../lang";
import { a1 } from "../layout/grid";
import type { SheetLayout } from "../layout/types";

/** Margins in centimetres: the left one leaves room to bind (装订). */
export const MARGINS_CM = { left: 2.5, right: 1.5, top: 2, bottom: 2, header: 0.8, footer: 0.8 };

/** Widest drawn area (Excel character units) printed portrait: ~17 cm at 100 %. */
export const PORTRAIT_MAX_CHARS = 95;

/** A table with more body rows than this may cross a page: its header rows are repeated. */
export const LONG_TABLE_ROWS = 15;

export interface PrintSetup {
  paperSize: "A4";
  orientation: "portrait" | "landscape";
  /** A1 range printed. */
  area: string;
  /** Rows repeated at the top of every page, 1-based inclusive (Excel's `5:7`); null: none. */
  titleRows: { first: number; last: number } | null;
  /** One page wide, as many pages tall as needed (0: automatic). */
  fitToWidth: 1;
  fitToHeight: 0;
  centerHorizontally: true;
  margins: typeof MARGINS_CM;
  /** Page header and footer, by section, in Excel's codes (&P page, &N pages, && a literal &). */
  header: HeaderFooterText;
  footer: HeaderFooterText;
}

export interface HeaderFooterText {
  left: string;
  center: string;
  right: string;
}

export interface PrintMeta {
  lang: Lang;
  /** The unit named in the header (the reporting or consolidating unit); absent: none. */
  unit?: string;
  /** The report year in the header; absent: none (a sheet of no one year). */
  year?: number;
}

const TEXT = {
  year: { zh: (y: number) => `${y}年度`, en: (y: number) => `Report year ${y}` },
  page: { zh: "第 &P 页 共 &N 页", en: "Page &P of &N" },
};

/**
 * A header or footer, its three sections and their codes together, holds at most 255 characters
 * (MS-XLSB 2.5.73 HeaderFooterString; Excel refuses a longer one).
 */
export const HEADER_FOOTER_MAX = 255;

/** `&` starts a code in a header or footer: a literal one is doubled. */
const literal = (s: string) => s.replace(/&/g, "&&");

/** The sections as one xlsx header or footer (`&L…&C…&R…`), empty sections left out. */
export function headerFooterCode(t: HeaderFooterText): string {
  return [t.left && `&L${t.left}`, t.center && `&C${t.center}`, t.right && `&R${t.right}`].join("");
}

export function headerFooter(meta: PrintMeta): Pick<PrintSetup, "header" | "footer"> {
  const right = meta.year === undefined ? "" : literal(TEXT.year[meta.lang](meta.year));
  // A very long unit name is cut to fit (the full name is printed on the sheet itself).
  const room = HEADER_FOOTER_MAX - headerFooterCode({ left: "", center: "", right }).length - 3;
  const unit = meta.unit ?? "";
  let left = literal(unit);
  if (left.length > room) left = literal([...unit].slice(0, room / 2).join("")) + "…";
  return {
    header: { left, center: "", right },
    footer: { left: "", center: TEXT.page[meta.lang], right: "" },
  };
}

/** Portrait when the widths fit a portrait page, else landscape. */
export function orientationFor(columnWidths: number[]): PrintSetup["orientation"] {
  const width = columnWidths.reduce((a, b) => a + b, 0);
  return width > PORTRAIT_MAX_CHARS ? "landscape" : "portrait";
}

/**
 * The header rows of the longest table of the layout when it is long enough to cross a page
 * (a block starts at its corner cell; its body runs to the next section, heading or corner).
 */
export function longTableHeader(layout: SheetLayout): PrintSetup["titleRows"] {
  const starts = layout.cells
    .filter((c) => c.role === "section" || c.role === "corner" || c.role === "heading")
    .filter((c) => c.role === "corner" || c.colSpan === layout.colCount)
    .map((c) => c.row)
    .sort((a, b) => a - b);
  let best: { rows: number; first: number; last: number } | null = null;
  for (const c of layout.cells.filter((x) => x.role === "corner")) {
    const bodyStart = c.row + c.rowSpan;
    const end = starts.find((r) => r >= bodyStart) ?? layout.rowCount;
    const rows = end - bodyStart;
    if (rows > LONG_TABLE_ROWS && (!best || rows > best.rows))
      best = { rows, first: c.row + 1, last: c.row + c.rowSpan };
  }
  return best && { first: best.first, last: best.last };
}

/** The setup of any table sheet: `rows` × `columnWidths`, with its own title rows. */
export function tablePrintSetup(
  columnWidths: number[],
  rows: number,
  titleRows: PrintSetup["titleRows"],
  meta: PrintMeta,
): PrintSetup {
  return {
    paperSize: "A4",
    orientation: orientationFor(columnWidths),
    area: `A1:${a1(Math.max(0, rows - 1), Math.max(0, columnWidths.length - 1))}`,
    titleRows,
    fitToWidth: 1,
    fitToHeight: 0,
    centerHorizontally: true,
    margins: MARGINS_CM,
    ...headerFooter(meta),
  };
}

/**
 * A form sheet drawn from the layout, printed down to `lastRow` (0-based; the signature block's
 * last row), with the long table's header rows repeated.
 */
export function formPrintSetup(layout: SheetLayout, lastRow: number, meta: PrintMeta): PrintSetup {
  return tablePrintSetup(layout.columnWidths, lastRow + 1, longTableHeader(layout), meta);
}

/** `$5:$7`, as Excel and Office.js name title rows. */
export const titleRowsRef = (t: NonNullable<PrintSetup["titleRows"]>) => `$${t.first}:$${t.last}`;

/** Centimetres to inches (xlsx) and to points (Office.js). */
export const cmToInches = (cm: number) => cm / 2.54;
export const cmToPoints = (cm: number) => (cm / 2.54) * 72;
