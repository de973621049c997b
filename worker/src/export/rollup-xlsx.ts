import writeXlsxFile, {
  type Cell,
  type CellObject,
  type SheetData,
} from "write-excel-file/universal";
import {
  byUnitTable,
  rollupCaption,
  ROLLUP_SHEETS,
  rulesTable,
  statusColumns,
  statusTable,
  type RollupColumn,
  type RollupRow,
  type RollupTable,
  type RollupValue,
  type RowTone,
} from "../../../shared/rollup/index";
import type { ExactRollup } from "../domain/rollup";
import { formatScaled, SCALE, spreadsheetNumber } from "../domain/scaled";
import type { Form } from "../../../shared/forms/catalogue";
import { layoutForm, type LayoutCell, type SheetLayout } from "../../../shared/layout/index";

const BORDER = { borderStyle: "thin", borderColor: "#000000" } as const;
const FONT = { fontFamily: "宋体", fontSize: 10 } as const;

function styleOf(cell: LayoutCell): CellObject {
  const base: CellObject = { ...FONT, wrap: true, alignVertical: "center" };
  switch (cell.role) {
    case "title":
      return { ...base, fontSize: 16, fontWeight: "bold", align: "center" };
    case "meta-label":
      return { ...base, fontWeight: "bold" };
    case "meta-value":
      return { ...base };
    case "section":
      return { ...base, fontSize: 12, fontWeight: "bold" };
    case "heading":
      return { ...base, ...BORDER, fontWeight: "bold" };
    case "corner":
    case "header":
      return {
        ...base,
        ...BORDER,
        fontWeight: "bold",
        align: "center",
        backgroundColor: "#F2F2F2",
      };
    case "label":
      return { ...base, ...BORDER, ...(cell.indent ? { indent: cell.indent } : {}) };
    case "unit":
      return { ...base, ...BORDER, align: "center" };
    case "input":
      return { ...base, ...BORDER, align: "right" };
  }
}

/**
 * An exact sum in a cell: a number when Excel holds it exactly (15 significant digits), else its
 * exact decimal as right-aligned text, so no digit is lost.
 */
function exact(v: bigint | number | undefined, format: string): CellObject {
  const big = typeof v === "bigint" ? v : BigInt(Math.round((v ?? 0) * SCALE));
  const n = spreadsheetNumber(big);
  return n !== null
    ? { type: Number, value: n, format }
    : { type: String, value: formatScaled(big), align: "right" };
}

function formSheet(layout: SheetLayout, rollup: ExactRollup): SheetData {
  const grid: Cell[][] = Array.from({ length: layout.rowCount }, () =>
    Array.from({ length: layout.colCount }, () => null),
  );
  for (const cell of layout.cells) {
    const obj: CellObject = styleOf(cell);
    if (cell.rowSpan > 1) obj.rowSpan = cell.rowSpan;
    if (cell.colSpan > 1) obj.columnSpan = cell.colSpan;
    if (cell.role === "input" && cell.cellId) {
      const format = cell.numberFormat ?? (cell.kind === "amount" ? "#,##0.0000" : "0");
      Object.assign(obj, exact(rollup.values[cell.cellId], format));
    } else if (cell.text !== undefined) {
      obj.type = String;
      obj.value = cell.text;
    }
    grid[cell.row]![cell.col] = obj;
  }
  const put = (pos: { row: number; col: number }, value: string | number) => {
    const existing = (grid[pos.row]![pos.col] ?? {}) as CellObject;
    grid[pos.row]![pos.col] = {
      ...FONT,
      ...existing,
      type: typeof value === "number" ? Number : String,
      value,
    } as CellObject;
  };
  put(layout.meta.unit, rollupCaption(rollup, "zh"));
  put(layout.meta.year, rollup.year);
  return grid;
}

const HEADER: CellObject = {
  ...FONT,
  ...BORDER,
  fontWeight: "bold",
  align: "center",
  wrap: true,
  backgroundColor: "#F2F2F2",
};

/** A row's tone as a fill (the pane uses the same colours). */
const TONE_FILL: Partial<Record<RowTone, string>> = {
  missing: "#FFC7CE",
  returned: "#FFEB9C",
  late: "#FFEB9C",
  accepted: "#C6EFCE",
};

const AMOUNT = "#,##0.0000";

/** One value in its column's type; `by-row` columns take the row's cell kind. */
function valueCell(v: RollupValue, type: RollupColumn["type"], row: RollupRow): CellObject {
  const base: CellObject = { ...FONT, ...BORDER };
  if (v === null) return base;
  if (typeof v === "string") return { ...base, type: String, value: v };
  const amount = type === "amount" || (type === "by-row" && row.kind === "amount");
  if (type === "integer" && typeof v === "number") return { ...base, type: Number, value: v };
  return { ...base, ...exact(v, amount ? AMOUNT : "0") };
}

/** A table of the shared renderer as rows of cells: a header line, then its rows. */
function tableRows(t: RollupTable): SheetData {
  const rows: SheetData = [t.columns.map((c) => ({ ...HEADER, type: String, value: c.label }))];
  for (const row of t.rows) {
    const fill = row.tone ? TONE_FILL[row.tone] : undefined;
    rows.push(
      row.values.map((v, i) => {
        const column = t.columns[i]!;
        return {
          ...valueCell(v, column.type, row),
          ...(fill ? { backgroundColor: fill } : {}),
          ...(row.tone === "total" ? { fontWeight: "bold" } : {}),
          ...(column.key === "name" && row.depth ? { indent: row.depth } : {}),
        } as CellObject;
      }),
    );
  }
  return rows;
}

/** 报送情况, then (two rows below) the rules failing in most units under their own header. */
function statusSheet(form: Form, rollup: ExactRollup): SheetData {
  const rules = rulesTable(form, rollup.rules, "zh");
  const rows = tableRows(statusTable(rollup.completeness, { lang: "zh" }));
  if (!rules.rows.length) return rows;
  const title: CellObject = { ...FONT, type: String, value: rules.title, fontWeight: "bold" };
  return [...rows, [], [title], ...tableRows(rules)];
}

const widths = (t: RollupTable) => t.columns.map((c) => ({ width: c.width }));

/** The rollup as an .xlsx workbook: 汇总 (official form), 分单位, 报送情况 (shared/rollup's tables). */
export async function rollupXlsx(form: Form, rollup: ExactRollup): Promise<ArrayBuffer> {
  const layout = layoutForm(form, "zh");
  const byUnit = byUnitTable(form, rollup, "zh");
  const blob = await writeXlsxFile([
    {
      data: formSheet(layout, rollup),
      sheet: ROLLUP_SHEETS.summary,
      columns: layout.columnWidths.map((width) => ({ width })),
      orientation: "landscape",
    },
    {
      data: tableRows(byUnit),
      sheet: ROLLUP_SHEETS.byUnit,
      columns: widths(byUnit),
      stickyRowsCount: 1,
    },
    {
      data: statusSheet(form, rollup),
      sheet: ROLLUP_SHEETS.status,
      columns: widths({ title: "", columns: statusColumns("zh"), rows: [] }),
      stickyRowsCount: 1,
    },
  ]).toBlob();
  return blob.arrayBuffer();
}
