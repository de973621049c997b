/** The plain-data workbook the strict stand-in edits (rendered by the harness and the demo). */
import type { Box } from "../../src/host/a1";
import type { XlDataValidationRule } from "../../src/host/xl";

export class StrictExcelError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(`${code}: ${message}`);
    this.name = "StrictExcelError";
  }
}

export type Edge = "top" | "bottom" | "left" | "right";
export interface BorderModel {
  style: string;
  color: string;
  weight: string;
}

export interface CellModel {
  /** What `values` reads: a number, string or boolean (a formula's cell: its error value). */
  value: unknown;
  /** The formula, when a string starting with = (or +, - or @) was written to a non-text cell. */
  formula?: string;
  numberFormat: string;
  fill: string | null;
  bold: boolean;
  fontColor: string;
  fontSize: number;
  hAlign: string;
  vAlign: string;
  wrap: boolean;
  indent: number;
  locked: boolean;
  borders: Partial<Record<Edge, BorderModel>>;
  validation: { rule?: XlDataValidationRule; errorAlert?: Record<string, unknown> } | null;
}

export interface SheetModel {
  id: string;
  name: string;
  cells: Map<string, CellModel>;
  merges: Box[];
  /** Points by column index. */
  columnWidths: Map<number, number>;
  rowHeights: Map<number, number>;
  protected: boolean;
  protectOptions: Record<string, boolean> | null;
  names: Map<string, string>;
  /** "Visible", "Hidden" or "VeryHidden". */
  visibility: string;
  /** Conditional formats: the areas they apply to, the formula, the format. */
  conditionalFormats: ConditionalFormatModel[];
  notes: Map<string, string>;
  comments: Map<string, { address: string; content: string }>;
  pageLayout: Record<string, unknown>;
}

export interface WorkbookModel {
  sheets: SheetModel[];
  active: string | null;
  selection: { sheet: string; address: string } | null;
  parts: { id: string; namespaceUri: string; xml: string }[];
  /** Workbook-scoped names (sheet-scoped ones are on each sheet). */
  names: Map<string, string>;
  nextId: number;
}

export interface ConditionalFormatModel {
  areas: Box[];
  formula: string | null;
  fill: string | null;
  fontColor: string | null;
  bold: boolean | null;
  stopIfTrue: boolean;
}

export function emptyCell(): CellModel {
  return {
    value: "",
    numberFormat: "General",
    fill: null,
    bold: false,
    fontColor: "#000000",
    fontSize: 11,
    hAlign: "General",
    vAlign: "Bottom",
    wrap: false,
    indent: 0,
    locked: true,
    borders: {},
    validation: null,
  };
}

export const key = (r: number, c: number) => `${r}:${c}`;

export function* boxCells(b: Box): Generator<[number, number]> {
  for (let r = b.r0; r <= b.r1; r++) for (let c = b.c0; c <= b.c1; c++) yield [r, c];
}

/** Formatting a protected sheet needs `allowFormatCells`. */
export function formatAllowed(s: SheetModel, what: string): void {
  if (s.protected && !s.protectOptions?.allowFormatCells) {
    throw new StrictExcelError("AccessDenied", `${what}: cannot format cells of a protected sheet`);
  }
}
