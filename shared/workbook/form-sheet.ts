/**
 * The form sheet: the official layout (shared/layout) drawn as cells — title, unit and year,
 * grouped headers, borders, number formats — with input cells unlocked and validated, plus a
 * status line and a message column that read the 校验 sheet.
 */
import { MAX_AMOUNT, MAX_COUNT, type CellValues } from "../engine/values";
import type { Form } from "../forms/model";
import { a1 } from "../layout/grid";
import type { Lang, LayoutCell, SheetLayout } from "../layout/types";
import { formPrintSetup, type PrintSetup } from "../print/setup";
import { signatureEntries } from "../print/signature";
import { signatureFields, signatureText } from "./signature-cells";
import type { FormChecks } from "./form-checks";
import type { WbCell, WbSheet, WbValidation } from "./types";
import { validationAlert } from "./text";

const HEADER_FILL = "#F2F2F2";
/** A total the workbook computes: locked, faintly shaded so it reads as not to be typed. */
export const TOTAL_FILL = "#F7F7F7";
const MESSAGE_COLOR = "#C00000";

/** A column header: bold, grey, centred, wrapped, bordered (the form's and any table's). */
export const HEADER_STYLE = {
  bold: true,
  fill: HEADER_FILL,
  hAlign: "Center",
  vAlign: "Center",
  wrap: true,
  border: true,
} as const satisfies Partial<WbCell>;

/** Values of input cells: numbers, or an exact decimal too long for a number (as text). */
export type DrawnValues = Readonly<Record<string, number | string>>;

/** A1 of a layout cell, or of its merged area. */
export function areaOf(c: { row: number; col: number; rowSpan: number; colSpan: number }): string {
  const first = a1(c.row, c.col);
  return c.rowSpan > 1 || c.colSpan > 1
    ? `${first}:${a1(c.row + c.rowSpan - 1, c.col + c.colSpan - 1)}`
    : first;
}

function drawn(
  c: LayoutCell,
  values: DrawnValues | undefined,
  editable: boolean,
  totals?: ReadonlyMap<string, string>,
): WbCell {
  const address = areaOf(c);
  const base: WbCell = { address, ...(c.rowSpan > 1 || c.colSpan > 1 ? { merge: true } : {}) };
  const shown = { ...base, value: c.text ?? "" };
  switch (c.role) {
    case "title":
      return { ...shown, bold: true, fontSize: 16, hAlign: "Center", vAlign: "Center" };
    case "meta-label":
      return { ...shown, bold: true, hAlign: "Left" };
    case "meta-value":
      return { ...base, hAlign: "Left" };
    case "section":
      return { ...shown, bold: true, fontSize: 12, hAlign: "Left", vAlign: "Center" };
    case "heading":
      return { ...shown, bold: true, hAlign: "Left", wrap: true, border: true };
    case "corner":
    case "header":
      return { ...shown, ...HEADER_STYLE };
    case "label":
      return {
        ...shown,
        hAlign: "Left",
        vAlign: "Center",
        wrap: true,
        border: true,
        ...(c.indent ? { indent: c.indent } : {}),
      };
    case "unit":
      return { ...shown, hAlign: "Center", vAlign: "Center", border: true };
    case "input": {
      const value = c.cellId !== undefined ? values?.[c.cellId] : undefined;
      const total = c.cellId !== undefined ? totals?.get(c.cellId) : undefined;
      const input: WbCell = {
        ...base,
        numberFormat: c.numberFormat ?? (c.kind === "amount" ? "0.00##" : "0"),
        hAlign: "Right",
        border: true,
      };
      if (total) return { ...input, formula: total, fill: TOTAL_FILL };
      return {
        ...input,
        ...(editable ? { unlocked: true } : {}),
        ...(value !== undefined ? { value } : {}),
      };
    }
  }
}

const BOUNDS: Record<string, { type: WbValidation["type"]; min: number; max: number }> = {
  count: { type: "whole", min: 0, max: MAX_COUNT },
  change: { type: "whole", min: -MAX_COUNT, max: MAX_COUNT },
  amount: { type: "decimal", min: 0, max: MAX_AMOUNT },
};

/** Input cells grouped into horizontal runs of one kind; one validation per kind. */
export function inputValidations(
  form: Form,
  layout: SheetLayout,
  lang: "zh" | "en",
  /** Cells that are not typed (the totals the workbook computes). */
  computed: { has(id: string): boolean } = new Set(),
): WbValidation[] {
  const inputs = Object.entries(layout.inputs)
    .filter(([id]) => !computed.has(id))
    .map(([id, p]) => ({ row: p.row, col: p.col, kind: form.cellById.get(id)?.kind ?? "count" }))
    .sort((a, b) => a.row - b.row || a.col - b.col);
  const runs: { row: number; c0: number; c1: number; kind: string }[] = [];
  for (const i of inputs) {
    const last = runs[runs.length - 1];
    if (last && last.row === i.row && last.c1 === i.col - 1 && last.kind === i.kind)
      last.c1 = i.col;
    else runs.push({ row: i.row, c0: i.col, c1: i.col, kind: i.kind });
  }
  const byKind = new Map<string, string[]>();
  for (const r of runs) {
    const area = r.c0 === r.c1 ? a1(r.row, r.c0) : `${a1(r.row, r.c0)}:${a1(r.row, r.c1)}`;
    byKind.set(r.kind, [...(byKind.get(r.kind) ?? []), area]);
  }
  return [...byKind].map(([kind, areas]) => ({
    areas,
    ...BOUNDS[kind]!,
    alert: validationAlert(lang, kind),
  }));
}

export interface FormSheetInput {
  name: string;
  form: Form;
  layout: SheetLayout;
  lang: Lang;
  unitName: string;
  year: number;
  values?: CellValues;
  /** 报出日期 of the signature block, when known. */
  sentOn?: string;
  /** Total cell id → its formula: locked and computed, never typed. */
  totals: ReadonlyMap<string, string>;
  /** The status formula (leading `=`), shown in the blank row under the meta lines. */
  status: string;
  /** The verdict and message cells (./form-checks.ts). */
  checks: FormChecks;
}

export interface FormSheet {
  sheet: WbSheet;
  /** The status line's cell (A1 of its merged area), when the layout leaves a row for it. */
  status: string | null;
}

export interface LayoutDrawOptions {
  /** The reporting unit's name (text) and the year, written in the meta cells. */
  unitName: string;
  year: number;
  /** Values of the input cells (absent: blank); text is written as text, right-aligned. */
  values?: DrawnValues;
  /** Unlock the input cells (a form to fill in); false for a read-only sheet (a rollup). */
  editable: boolean;
}

/**
 * The official layout as cells: title, unit and year, grouped headers, labels, borders, number
 * formats, inputs. The form sheet adds its checks to these; a read-only sheet (a rollup's 汇总)
 * can be drawn from them alone.
 */
export function layoutCells(
  layout: SheetLayout,
  opts: LayoutDrawOptions & { totals?: ReadonlyMap<string, string> },
): WbCell[] {
  const cells = layout.cells.map((c) => drawn(c, opts.values, opts.editable, opts.totals));
  const setMeta = (address: string, value: string | number) => {
    const i = cells.findIndex((d) => d.address.split(":")[0] === address);
    cells[i] = { ...cells[i]!, value };
  };
  setMeta(layout.meta.unit.address, opts.unitName);
  setMeta(layout.meta.year.address, opts.year);
  return cells;
}

export interface PrintedFormOptions {
  lang: Lang;
  /** The unit that stamps the sheet, also named in the page header. */
  unit: string;
  year: number;
  /** A rollup's 汇总: the block names the consolidating unit. */
  rollup?: boolean;
  /** 报出日期, when known (a blank line otherwise). */
  sentOn?: string;
  /**
   * The checking workbook's form: each signature value in an unlocked cell of its own, to type
   * before printing; otherwise caption and value share one text cell (a read-only sheet).
   */
  fillable?: boolean;
}

/**
 * What a printed form adds to its layout: the signature block one row under the last table, and
 * the print setup down to the block. The form's own cells do not move.
 */
export function printedForm(
  layout: SheetLayout,
  opts: PrintedFormOptions,
): { cells: WbCell[]; print: PrintSetup } {
  const entries = signatureEntries({
    lang: opts.lang,
    unit: opts.unit,
    rollup: opts.rollup,
    values: opts.sentOn ? { date: opts.sentOn } : {},
  });
  const top = layout.rowCount + 1;
  const block = opts.fillable
    ? signatureFields(top, layout.columnWidths, entries)
    : signatureText(opts.lang, top, layout.colCount, entries);
  const cells = block.cells.map((c): WbCell => ({
    address: areaOf({ ...c, rowSpan: 1 }),
    ...(c.colSpan > 1 ? { merge: true } : {}),
    ...c.cell,
  }));
  return { cells, print: formPrintSetup(layout, block.lastRow, opts) };
}

export interface OfficialFormOptions extends Omit<LayoutDrawOptions, "editable"> {
  name: string;
  lang: Lang;
  /** Who stamps the printed sheet (default: `unitName`); a rollup names the consolidating unit. */
  signer?: { unit: string; rollup?: boolean };
  /** 报出日期 (`YYYY-MM-DD`), when the report was sent. */
  sentOn?: string;
}

/**
 * The official form alone, read-only, ready to print and sign: a rollup's 汇总 (the add-in's and
 * the xlsx export's) and the add-in's review sheet. No checks, no protection.
 */
export function officialFormSheet(layout: SheetLayout, opts: OfficialFormOptions): WbSheet {
  const printed = printedForm(layout, {
    lang: opts.lang,
    unit: opts.signer?.unit ?? opts.unitName,
    year: opts.year,
    ...(opts.signer?.rollup ? { rollup: true } : {}),
    ...(opts.sentOn ? { sentOn: opts.sentOn } : {}),
  });
  return {
    name: opts.name,
    role: "form",
    visibility: "visible",
    protected: false,
    columnWidths: layout.columnWidths,
    hiddenColumns: [],
    cells: [...layoutCells(layout, { ...opts, editable: false }), ...printed.cells],
    validations: [],
    print: printed.print,
  };
}

export function formSheet(input: FormSheetInput): FormSheet {
  const { layout, lang } = input;
  const cells = layoutCells(layout, { ...input, editable: true });
  const printed = printedForm(layout, {
    lang,
    unit: input.unitName,
    year: input.year,
    ...(input.sentOn ? { sentOn: input.sentOn } : {}),
    fillable: true,
  });
  cells.push(...printed.cells);

  // The row between the meta lines and the first table is blank in the layout.
  const statusRow = layout.meta.year.row + 1;
  let status: string | null = null;
  if (!layout.cells.some((c) => c.row <= statusRow && statusRow < c.row + c.rowSpan)) {
    status = a1(statusRow, 0);
    cells.push({
      address: areaOf({ row: statusRow, col: 0, rowSpan: 1, colSpan: layout.colCount }),
      merge: layout.colCount > 1,
      formula: input.status,
      bold: true,
      fontColor: MESSAGE_COLOR,
      hAlign: "Left",
    });
  }
  cells.push(...input.checks.cells);
  const sheet: WbSheet = {
    name: input.name,
    role: "form",
    visibility: "visible",
    protected: true,
    columnWidths: [...layout.columnWidths, ...input.checks.extraWidths],
    hiddenColumns: input.checks.hiddenColumns,
    cells,
    validations: inputValidations(input.form, layout, lang, input.totals),
    print: printed.print,
  };
  return { sheet, status };
}
