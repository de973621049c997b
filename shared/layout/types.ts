import type { CellKind } from "../forms/schema";

import type { Lang } from "../lang";

export type { Lang };

export type LayoutRole =
  | "title" // the sheet title (merged across the sheet)
  | "meta-label" // 填报单位 / 报告年度 captions
  | "meta-value" // where the unit name and year are written
  | "section" // a table's title (二、主动公开政府信息情况 …)
  | "heading" // a block heading (第二十条第(一)项) or a heading row with no value
  | "corner" // the top-left header cell of a block (信息内容, or table 三's 勾稽 note)
  | "header" // column headers (possibly merged, several levels)
  | "label" // row labels (possibly merged, up to three levels)
  | "unit" // the unit column
  | "input"; // a cell that holds a value of the form

/** One drawn cell; a merged range appears once, at its top-left cell. 0-based positions. */
export interface LayoutCell {
  row: number;
  col: number;
  rowSpan: number;
  colSpan: number;
  role: LayoutRole;
  /** Shown text (every role but `input` and `meta-value`). */
  text?: string;
  /** For `input`: the form's cell id. */
  cellId?: string;
  kind?: CellKind;
  /** Label indentation level (single-label-column forms). */
  indent?: number;
  /** Excel number format for `input` cells. */
  numberFormat?: string;
}

export interface Position {
  row: number;
  col: number;
  /** A1 address, e.g. "D7". */
  address: string;
}

/** A form drawn as a worksheet grid: pure data, the same for the add-in and the xlsx export. */
export interface SheetLayout {
  formId: string;
  /** Form definition version: stored in the workbook to recognise it later. */
  version: number;
  lang: Lang;
  rowCount: number;
  colCount: number;
  /** Column widths in Excel character units, one per column. */
  columnWidths: number[];
  cells: LayoutCell[];
  /** Where each input cell of the form sits. */
  inputs: Record<string, Position>;
  /** The cells that hold the reporting unit's name and the report year. */
  meta: { unit: Position; year: Position };
  /** The whole drawn area, e.g. "A1:P84" (print area). */
  range: string;
}
