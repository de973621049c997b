/**
 * Pure: a form's shared layout (shared/layout) → a SheetDraw the host draws, and the value grid
 * read back → the raw values by cell id.
 */
import type { CellValues } from "../../shared/engine";
import type { Form } from "../../shared/forms/model";
import type { SheetLayout } from "../../shared/layout";
import { boxAddress, parseBox } from "./a1";
import type { DrawCell, DrawValidation, SheetDraw } from "./host/types";
import { t, type Lang } from "./i18n";

/** Excel character units → points (Calibri 11: 7 px a character, 5 px padding, 0.75 pt a px). */
export function charsToPoints(chars: number): number {
  return Math.round((chars * 7 + 5) * 0.75 * 100) / 100;
}

const HEADER_FILL = "#F2F2F2";

export interface DrawOptions {
  lang: Lang;
  /** The reporting unit's name and the year, written in the meta cells. */
  unitName: string;
  year: number;
  /** Values to fill the input cells with (rollup 汇总); absent: inputs left blank. */
  values?: CellValues;
  /** Unlock inputs, add data validation and protect (form sheet); false for a rollup. */
  editable: boolean;
}

function area(row: number, col: number, rowSpan: number, colSpan: number): string {
  return boxAddress({ r0: row, c0: col, r1: row + rowSpan - 1, c1: col + colSpan - 1 });
}

export function drawForm(form: Form, layout: SheetLayout, opts: DrawOptions): SheetDraw {
  const cells: DrawCell[] = [];
  const validations: DrawValidation[] = [];
  for (const c of layout.cells) {
    const address = area(c.row, c.col, c.rowSpan, c.colSpan);
    const merge = c.rowSpan > 1 || c.colSpan > 1;
    const base: DrawCell = { address, ...(merge ? { merge: true } : {}) };
    switch (c.role) {
      case "title":
        cells.push({
          ...base,
          value: c.text ?? "",
          bold: true,
          fontSize: 16,
          hAlign: "Center",
          vAlign: "Center",
        });
        break;
      case "meta-label":
        cells.push({ ...base, value: c.text ?? "", bold: true, hAlign: "Left" });
        break;
      case "meta-value":
        cells.push({ ...base, hAlign: "Left" });
        break;
      case "section":
        cells.push({
          ...base,
          value: c.text ?? "",
          bold: true,
          fontSize: 12,
          hAlign: "Left",
          vAlign: "Center",
        });
        break;
      case "heading":
        cells.push({
          ...base,
          value: c.text ?? "",
          bold: true,
          hAlign: "Left",
          wrap: true,
          border: true,
        });
        break;
      case "corner":
      case "header":
        cells.push({
          ...base,
          value: c.text ?? "",
          bold: true,
          fill: HEADER_FILL,
          hAlign: "Center",
          vAlign: "Center",
          wrap: true,
          border: true,
        });
        break;
      case "label":
        cells.push({
          ...base,
          value: c.text ?? "",
          hAlign: "Left",
          vAlign: "Center",
          wrap: true,
          border: true,
          ...(c.indent ? { indent: c.indent } : {}),
        });
        break;
      case "unit":
        cells.push({
          ...base,
          value: c.text ?? "",
          hAlign: "Center",
          vAlign: "Center",
          border: true,
        });
        break;
      case "input": {
        const value = c.cellId !== undefined ? opts.values?.[c.cellId] : undefined;
        cells.push({
          ...base,
          numberFormat: c.numberFormat ?? (c.kind === "amount" ? "0.00##" : "0"),
          hAlign: "Right",
          border: true,
          ...(value !== undefined ? { value } : {}),
          ...(opts.editable ? { unlocked: true } : {}),
        });
        break;
      }
    }
  }
  // Meta values: unit name and year.
  const metaValue = (address: string, value: string | number) => {
    const i = cells.findIndex((d) => d.address.split(":")[0] === address);
    if (i >= 0) cells[i] = { ...cells[i]!, value };
    else cells.push({ address, value, hAlign: "Left" });
  };
  metaValue(layout.meta.unit.address, opts.unitName);
  metaValue(layout.meta.year.address, opts.year);

  if (opts.editable) {
    for (const run of inputRuns(form, layout)) {
      validations.push({
        address: run.address,
        rule:
          run.kind === "amount"
            ? { decimal: { formula1: 0, operator: "GreaterThanOrEqualTo" } }
            : run.kind === "change"
              ? { wholeNumber: { formula1: -9_999_999, formula2: 9_999_999, operator: "Between" } }
              : { wholeNumber: { formula1: 0, formula2: 9_999_999, operator: "Between" } },
        alert: validationAlert(opts.lang, run.kind),
      });
    }
  }
  return {
    columnWidths: layout.columnWidths.map(charsToPoints),
    cells,
    validations,
    printArea: layout.range,
    landscape: layout.colCount > 6,
    protect: opts.editable,
  };
}

/** Excel's data-validation alert: always zh-CN, followed by English when the pane is English. */
export function validationAlert(lang: Lang, kind: string): { title: string; message: string } {
  const key =
    kind === "amount"
      ? "validationDecimal"
      : kind === "change"
        ? "validationChange"
        : "validationWhole";
  const both = (k: "validationTitle" | typeof key, sep: string) =>
    lang === "zh" ? t("zh", k) : `${t("zh", k)}${sep}${t("en", k)}`;
  return { title: both("validationTitle", " / "), message: both(key, "\n") };
}

/** Input cells grouped into horizontal runs of one kind (one validation per run). */
export function inputRuns(form: Form, layout: SheetLayout): { address: string; kind: string }[] {
  const inputs = Object.entries(layout.inputs)
    .map(([id, p]) => ({
      id,
      row: p.row,
      col: p.col,
      kind: form.cellById.get(id)?.kind ?? "count",
    }))
    .sort((a, b) => a.row - b.row || a.col - b.col);
  const runs: { row: number; c0: number; c1: number; kind: string }[] = [];
  for (const i of inputs) {
    const last = runs[runs.length - 1];
    if (last && last.row === i.row && last.c1 === i.col - 1 && last.kind === i.kind)
      last.c1 = i.col;
    else runs.push({ row: i.row, c0: i.col, c1: i.col, kind: i.kind });
  }
  return runs.map((r) => ({
    address: boxAddress({ r0: r.row, c0: r.c0, r1: r.row, c1: r.c1 }),
    kind: r.kind,
  }));
}

/** Raw input values by cell id from the values grid of `layout.range`. */
export function valuesFromGrid(layout: SheetLayout, grid: unknown[][]): Record<string, unknown> {
  const origin = parseBox(layout.range) ?? { r0: 0, c0: 0, r1: 0, c1: 0 };
  const out: Record<string, unknown> = {};
  for (const [id, p] of Object.entries(layout.inputs)) {
    const v = grid[p.row - origin.r0]?.[p.col - origin.c0];
    if (v !== undefined && v !== null && v !== "") out[id] = v;
  }
  return out;
}
