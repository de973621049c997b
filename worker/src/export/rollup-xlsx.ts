import writeXlsxFile, {
  type Cell,
  type CellObject,
  type SheetData,
} from "write-excel-file/universal";
import type { Rollup } from "../../../shared/api/schemas";
import type { ExactRollup } from "../domain/rollup";
import { formatScaled, spreadsheetNumber } from "../domain/scaled";
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

/** The consolidated figures drawn in the official table form (the shared worksheet layout). */
/**
 * An exact sum in a cell: a number when Excel holds it exactly (15 significant digits), else its
 * exact decimal as right-aligned text, so no digit is lost.
 */
function exact(v: bigint | undefined, format: string): CellObject {
  const n = spreadsheetNumber(v ?? 0n);
  return n !== null
    ? { type: Number, value: n, format }
    : { type: String, value: formatScaled(v ?? 0n), align: "right" };
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
  put(layout.meta.unit, `${rollup.unit.name}(汇总 ${rollup.submitted}/${rollup.units} 个单位)`);
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

function text(value: string | null): CellObject {
  return { ...FONT, ...BORDER, type: String, value: value ?? "" };
}
function num(value: number | null, format = "0"): CellObject {
  return value === null
    ? { ...FONT, ...BORDER }
    : { ...FONT, ...BORDER, type: Number, value, format };
}

/** 分单位: each child's subtotal of the form's key figures. */
function childrenSheet(form: Form, rollup: ExactRollup): SheetData {
  const cells = form.keyFigures.map((id) => form.cellById.get(id)!);
  const head = ["单位代码", "单位名称", "单位数", "已报送", ...cells.map((c) => c.label.zh)];
  const rows: SheetData = [head.map((h) => ({ ...HEADER, type: String, value: h }))];
  const line = (
    code: string,
    name: string,
    units: number,
    submitted: number,
    values: Record<string, bigint>,
  ) => [
    text(code),
    text(name),
    num(units),
    num(submitted),
    ...cells.map((c) => ({
      ...FONT,
      ...BORDER,
      ...exact(values[c.id], c.kind === "amount" ? "#,##0.0000" : "0"),
    })),
  ];
  for (const c of rollup.children) rows.push(line(c.code, c.name, c.units, c.submitted, c.values));
  rows.push(
    line(
      rollup.unit.code,
      `${rollup.unit.name}(合计)`,
      rollup.units,
      rollup.submitted,
      rollup.values,
    ).map((cell) => ({
      ...cell,
      fontWeight: "bold",
    })),
  );
  return rows;
}

const STATUS_ZH: Record<Rollup["completeness"][number]["status"], string> = {
  missing: "未报送",
  submitted: "已报送",
  returned: "已退回",
  accepted: "已通过",
};

/** 报送情况: every unit of the subtree with its status (docs/WORKFLOW.md) and timeliness. */
function completenessSheet(rollup: ExactRollup): SheetData {
  const head = [
    "单位代码",
    "单位名称",
    "上级单位",
    "层级",
    "状态",
    "版本",
    "提交时间",
    "错误",
    "提示",
    "报送时效",
  ];
  const rows: SheetData = [head.map((h) => ({ ...HEADER, type: String, value: h }))];
  for (const u of rollup.completeness) {
    const missing = u.status === "missing";
    rows.push([
      text(u.code),
      { ...text(`${"  ".repeat(u.depth)}${u.name}`) },
      text(u.parent),
      num(u.depth),
      {
        ...text(STATUS_ZH[u.status]),
        ...(missing ? { backgroundColor: "#FFC7CE" } : {}),
      },
      num(u.revision),
      text(u.submittedAt),
      num(u.errors),
      num(u.warnings),
      text(u.timeliness === "late" ? "逾期" : u.timeliness === "on_time" ? "按时" : null),
    ]);
  }
  return rows;
}

/** The rollup as an .xlsx workbook: 汇总 (official form), 分单位, 报送情况. */
export async function rollupXlsx(form: Form, rollup: ExactRollup): Promise<ArrayBuffer> {
  const layout = layoutForm(form, "zh");
  const blob = await writeXlsxFile([
    {
      data: formSheet(layout, rollup),
      sheet: "汇总",
      columns: layout.columnWidths.map((width) => ({ width })),
      orientation: "landscape",
    },
    {
      data: childrenSheet(form, rollup),
      sheet: "分单位",
      columns: [
        { width: 14 },
        { width: 30 },
        { width: 8 },
        { width: 8 },
        ...form.keyFigures.map(() => ({ width: 16 })),
      ],
      stickyRowsCount: 1,
    },
    {
      data: completenessSheet(rollup),
      sheet: "报送情况",
      columns: [
        { width: 14 },
        { width: 34 },
        { width: 14 },
        { width: 6 },
        { width: 8 },
        { width: 6 },
        { width: 24 },
        { width: 6 },
        { width: 6 },
      ],
      stickyRowsCount: 1,
    },
  ]).toBlob();
  return blob.arrayBuffer();
}
