/**
 * The workbook model: a form's whole workbook as plain data, the same for every host that writes
 * it (the xlsx writer in ./xlsx.ts, the add-in's Office.js host). Conventions:
 *
 * - Addresses are A1 (`D7`, `D7:E7`), without `$` and without a sheet name unless stated; rows
 *   and columns are 0-based where numbers are used.
 * - A formula is a string with a leading `=`, in Excel's en-US syntax (`,` between arguments).
 *   Hosts without the `=` convention (xlsx) strip it.
 * - A `value` string is text and must be written as text: a unit name starting with `=` never
 *   becomes a formula (Office.js: set the number format to `@` before the value).
 * - Colours are `#RRGGBB`.
 */
import type { Lang } from "../layout/types";
import type { PrintSetup } from "../print/setup";

export type Visibility = "visible" | "hidden" | "veryHidden";

/** What the model's sheets are for (a host may treat each kind differently). */
export type SheetRole = "form" | "checks" | "previous";

export interface WbCell {
  /** A1 of the cell, or of the whole merged area (`A1:C1`). */
  address: string;
  merge?: boolean;
  /** A constant: text (always written as text), number or boolean. */
  value?: string | number | boolean;
  /** A formula (leading `=`); a cell has a value or a formula, never both. */
  formula?: string;
  numberFormat?: string;
  bold?: boolean;
  fontSize?: number;
  fontColor?: string;
  fill?: string;
  hAlign?: "Left" | "Center" | "Right";
  vAlign?: "Top" | "Center" | "Bottom";
  wrap?: boolean;
  indent?: number;
  /** Thin black border around the cell or merged area. */
  border?: boolean;
  /** Thin black line under the cell or merged area only: a line to write or sign on. */
  bottomBorder?: boolean;
  /**
   * Editable on the protected sheet (input cells, 说明, the signature block's values); every other
   * cell stays locked.
   */
  unlocked?: boolean;
}

/** Data validation of a range of input cells, with Excel's error alert. */
export interface WbValidation {
  /** A1 ranges (one validation for all of them). */
  areas: string[];
  type: "whole" | "decimal";
  min: number;
  max: number;
  alert: { title: string; message: string };
}

export interface WbSheet {
  name: string;
  role: SheetRole;
  visibility: Visibility;
  /** Protected without a password: only `unlocked` cells can be edited (rows and columns can be resized). */
  protected: boolean;
  /** Column widths in Excel character units, from column A. */
  columnWidths: number[];
  /** 0-based columns hidden from view (helper columns). */
  hiddenColumns: number[];
  /** Top rows kept in view when scrolling (a list's header row), in the .xlsx file. */
  frozenRows?: number;
  cells: WbCell[];
  validations: WbValidation[];
  /** How the sheet prints (shared/print). Absent: not printed specially. */
  print?: PrintSetup;
}

/** A workbook-scoped defined name. */
export interface WbName {
  name: string;
  sheet: string;
  /** A1 of the cell or range (without `$`). */
  address: string;
  /** What the name refers to, as Excel writes it: `='2024年 年报统计表'!$D$7`. */
  refersTo: string;
}

/**
 * One conditional format: a fill when the formula is TRUE. The formula's references are
 * absolute (the same for every cell of the areas) unless stated; relative ones are relative to
 * the top-left cell of the first area, as in Excel.
 */
export interface WbConditionalFormat {
  sheet: string;
  /** One or more A1 ranges (`RangeAreas` in Office.js, a space-separated sqref in xlsx). */
  areas: string[];
  formula: string;
  severity: "error" | "warning";
  fill: string;
  /** 1 is applied first; errors come before warnings so red wins over amber. */
  priority: number;
  /** The rule instance it marks (absent for the 校验 sheet's row colouring). */
  key?: string;
}

/** A cell of the model by sheet and A1 address. */
export interface WbRef {
  sheet: string;
  address: string;
}

/** One rule instance in the workbook: a row of `XXGK_CHECKS` and its companions. */
export interface WbCheck {
  rule: string;
  /** The engine's `RuleInstance.key` (`N6:requests.carried_in.natural`). */
  key: string;
  severity: "error" | "warning";
  /** The cell id the instance is pinned to, and every this-year cell it reads (target first). */
  target: string;
  cells: string[];
  /**
   * The verdict formula (TRUE when violated) in its hidden cell on the form sheet (`mark`), whose
   * value the conditional format and the 校验 sheet's verdict read.
   */
  formula: string;
  mark: WbRef;
  /** The form-sheet cell that shows the message (with the other messages of its row). */
  shown: WbRef;
  /** Where the verdict, the message (zh-CN text or "") and the warning's 说明 are. */
  verdict: WbRef;
  message: WbRef;
  explanation: WbRef | null;
}

/** Identity of the workbook, kept in `XXGK_META` (key/value rows) for parsers. */
export interface WbMeta {
  formId: string;
  year: number;
  /** The form definition's layout version. */
  version: number;
  lang: Lang;
  unitName: string;
  unitCode: string | null;
  revision: number | null;
  /**
   * This download's id: the server records it on each revision stored from the file, so the same
   * file uploaded again is recognised as the one that made the current revision.
   */
  file: string | null;
}

export interface WorkbookModel {
  meta: WbMeta;
  /** In tab order: the form sheet first. */
  sheets: WbSheet[];
  names: WbName[];
  conditionalFormats: WbConditionalFormat[];
  /** One per rule instance, in rule order (the rows of `XXGK_CHECKS`). */
  checks: WbCheck[];
  /** This year's input cells by cell id (named `xxgk.<cell id>`). */
  inputs: Record<string, WbRef>;
  /** Last year's value cells by cell id (numbers, or blank when unknown). */
  previous: Record<string, WbRef>;
  /** The `XXGK_CHECKS` range: rule id, instance key, verdict; one row per check. */
  checksRange: WbRef;
  /** How many errors and warnings are violated now, and the summary line (formulas). */
  summary: { errors: WbRef; warnings: WbRef; text: WbRef; status: WbRef | null };
}
