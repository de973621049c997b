import * as z from "zod/mini";
import { formatNumber } from "../engine/format";
import type { Form } from "../forms/model";
import { layoutForm, type LayoutCell } from "../layout";

/**
 * A report ready to publish, as tables: the official layout (shared/layout/grid.ts) cut into one
 * table per section of the form (表二, 表三 … or 附表1–4), with the figures filled in. The HTML and
 * Word renderers (./html.ts, ./docx.ts) draw this model, so both show the same cells.
 */

export const PublishLangSchema = z.enum(["zh", "en"]);

export const PublishOptionsSchema = z.strictObject({
  /** The reporting unit's name (a rollup: the supervisor's unit). */
  unit: z.string().check(z.trim(), z.minLength(1)),
  year: z.number().check(z.int()),
  lang: PublishLangSchema,
  /** A line under the title, e.g. what a rollup consolidates. */
  note: z.optional(z.string()),
});
export type PublishOptions = z.infer<typeof PublishOptionsSchema>;

export const PublishedCellSchema = z.object({
  text: z.string(),
  rowSpan: z.number().check(z.int(), z.positive()),
  colSpan: z.number().check(z.int(), z.positive()),
  /**
   * `header`: a column header or a block's top-left cell; `heading`: a block heading across the
   * table; `label`: a row label; `unit`: a unit of measure; `value`: a figure; `blank`: filler.
   */
  kind: z.enum(["header", "heading", "label", "unit", "value", "blank"]),
  /** For `value`: the form's cell id. */
  cellId: z.optional(z.string()),
});
export type PublishedCell = z.infer<typeof PublishedCellSchema>;

export const PublishedTableSchema = z.object({
  caption: z.string(),
  /** Grid columns, and their widths in spreadsheet character units. */
  columnWidths: z.array(z.number().check(z.positive())),
  /** The header rows at the top of the table (no cell spans out of them). */
  head: z.array(z.array(PublishedCellSchema)),
  body: z.array(z.array(PublishedCellSchema)),
});
export type PublishedTable = z.infer<typeof PublishedTableSchema>;

export const PublishedReportSchema = z.object({
  lang: PublishLangSchema,
  title: z.string(),
  /** 填报单位 / 报告年度 with their values. */
  meta: z.array(z.object({ label: z.string(), value: z.string() })),
  note: z.nullable(z.string()),
  tables: z.array(PublishedTableSchema),
});
export type PublishedReport = z.infer<typeof PublishedReportSchema>;

const KIND: Record<LayoutCell["role"], PublishedCell["kind"]> = {
  title: "heading",
  "meta-label": "label",
  "meta-value": "label",
  section: "heading",
  heading: "heading",
  corner: "header",
  header: "header",
  label: "label",
  unit: "unit",
  input: "value",
};

const HEAD_ROLES = new Set<LayoutCell["role"]>(["heading", "corner", "header"]);

/** Label indentation that survives any editor: ideographic spaces (zh) or no-break spaces (en). */
function indent(level: number | undefined, lang: "zh" | "en"): string {
  return (lang === "zh" ? "\u3000" : "\u00a0\u00a0").repeat(level ?? 0);
}

interface Piece {
  row: number;
  cell: PublishedCell;
  col: number;
}

/** One section of the layout (rows `from`..`to`, exclusive) as a table `width` columns wide. */
function sectionTable(
  caption: string,
  cells: LayoutCell[],
  widths: number[],
  text: (c: LayoutCell) => string,
): PublishedTable {
  const width = Math.max(
    1,
    ...cells.filter((c) => c.role !== "heading").map((c) => c.col + c.colSpan),
  );
  const rows = [...new Set(cells.map((c) => c.row))].sort((a, b) => a - b);
  // The header rows: the leading rows that hold only headings and headers.
  let headRows = 0;
  while (
    headRows < rows.length - 1 &&
    cells.filter((c) => c.row === rows[headRows]).every((c) => HEAD_ROLES.has(c.role))
  )
    headRows++;
  const headEnd = headRows > 0 ? rows[headRows]! : -1;
  const pieces: Piece[] = cells.map((c) => {
    const colSpan = Math.min(c.col + c.colSpan, width) - c.col;
    // A header cell spanning down into the body stops at the head (a rowspan cannot leave its
    // row group); the filler below takes its place.
    const rowSpan =
      headRows > 0 && c.row < headEnd ? Math.min(c.rowSpan, headEnd - c.row) : c.rowSpan;
    const kind = KIND[c.role];
    const piece: PublishedCell = { text: text(c), rowSpan, colSpan, kind };
    if (c.cellId) piece.cellId = c.cellId;
    return { row: c.row, col: c.col, cell: piece };
  });
  const grid = rows.map((r) => fillRow(r, pieces, width));
  // Columns with no text in this table (table 四's label columns under an empty corner) are
  // drawn narrow: the form-wide widths are for the longest labels of other tables.
  const used = new Array<boolean>(width).fill(false);
  for (const p of pieces)
    if (p.cell.text.trim() !== "")
      for (let k = p.col; k < p.col + p.cell.colSpan; k++) used[k] = true;
  return {
    caption,
    columnWidths: widths.slice(0, width).map((w, k) => (used[k] ? w : 2)),
    head: grid.slice(0, headRows),
    body: grid.slice(headRows),
  };
}

/** The cells that start in row `r`, left to right, with blanks where nothing covers the grid. */
function fillRow(r: number, pieces: Piece[], width: number): PublishedCell[] {
  const covered = new Array<boolean>(width).fill(false);
  for (const p of pieces)
    if (p.row < r && p.row + p.cell.rowSpan > r)
      for (let k = p.col; k < p.col + p.cell.colSpan; k++) covered[k] = true;
  const starting = pieces.filter((p) => p.row === r).sort((a, b) => a.col - b.col);
  const out: PublishedCell[] = [];
  let col = 0;
  const blank = (to: number) => {
    while (col < to) {
      if (covered[col]) {
        col++;
        continue;
      }
      let end = col;
      while (end < to && !covered[end]) end++;
      out.push({ text: "", rowSpan: 1, colSpan: end - col, kind: "blank" });
      col = end;
    }
  };
  for (const p of starting) {
    blank(p.col);
    out.push(p.cell);
    col = p.col + p.cell.colSpan;
  }
  blank(width);
  return out;
}

/** The form's official tables with these figures (missing cells are 0, as stored). */
export function publishedReport(
  form: Form,
  values: Readonly<Record<string, number>>,
  options: PublishOptions,
): PublishedReport {
  const { lang } = options;
  const layout = layoutForm(form, lang);
  const text = (c: LayoutCell): string => {
    if (c.role === "input") return formatNumber(values[c.cellId!] ?? 0);
    return indent(c.indent, lang) + (c.text ?? "");
  };
  const sections = layout.cells.filter((c) => c.role === "section").sort((a, b) => a.row - b.row);
  const tables = sections.map((s, i) => {
    const end = sections[i + 1]?.row ?? layout.rowCount;
    const inside = layout.cells.filter((c) => c.row > s.row && c.row < end);
    return sectionTable(s.text ?? "", inside, layout.columnWidths, text);
  });
  const captions = layout.cells.filter((c) => c.role === "meta-label").map((c) => c.text ?? "");
  return {
    lang,
    title: form.title[lang],
    meta: [
      { label: captions[0] ?? "", value: options.unit },
      { label: captions[1] ?? "", value: String(options.year) },
    ],
    note: options.note ?? null,
    tables,
  };
}
