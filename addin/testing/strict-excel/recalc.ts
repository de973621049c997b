/**
 * Excel's recalculation, for the stand-in: the whole workbook (constants, formulas, workbook-
 * and sheet-scoped names) loaded into HyperFormula, a real spreadsheet engine, so formula cells
 * show what they compute and conditional formats show their fill only where their formula is
 * TRUE. The marks the harness and the screenshots show come from the workbook's own formulas,
 * never from the add-in's paint. Test-only code: never part of the pane bundle.
 */
import { HyperFormula, type RawCellContent } from "hyperformula";
import type { CellModel, SheetModel, WorkbookModel } from "./model";

export interface Recalculated {
  /** The value a cell shows: a formula's result (an error as its text), else the stored value. */
  value(sheet: SheetModel, r: number, c: number): unknown;
  /**
   * The fill a cell shows: the first conditional format (top priority first) over it whose
   * formula is TRUE, else the cell's own fill.
   */
  fill(sheet: SheetModel, r: number, c: number): string | null;
}

function content(cell: CellModel): RawCellContent {
  if (cell.formula !== undefined) return cell.formula;
  const v = cell.value;
  if (typeof v === "string") return v === "" ? null : `'${v}`;
  return typeof v === "number" || typeof v === "boolean" ? v : null;
}

function grid(sheet: SheetModel): RawCellContent[][] {
  const out: RawCellContent[][] = [];
  for (const [k, cell] of sheet.cells) {
    const v = content(cell);
    if (v === null) continue;
    const [r, c] = k.split(":").map(Number) as [number, number];
    const line = (out[r] ??= []);
    while (line.length < c) line.push(null);
    line[c] = v;
  }
  for (let r = 0; r < out.length; r++) out[r] ??= [];
  return out;
}

function plain(v: unknown): unknown {
  return typeof v === "object" && v !== null && "value" in v ? String(v.value) : v;
}

/** Recalculate a stand-in workbook (one HyperFormula instance; call `destroy` when done). */
export function recalculate(wb: WorkbookModel): Recalculated & { destroy(): void } {
  const sheets: Record<string, RawCellContent[][]> = {};
  for (const s of wb.sheets) sheets[s.name] = grid(s);
  const hf = HyperFormula.buildFromSheets(sheets, { licenseKey: "gpl-v3" });
  const add = (name: string, ref: string, scope?: number) => {
    try {
      hf.addNamedExpression(name, ref, scope);
    } catch {
      // A name HyperFormula cannot hold (e.g. the meta formula) is not needed by any formula.
    }
  };
  for (const [name, ref] of wb.names) add(name, ref);
  for (const s of wb.sheets)
    for (const [name, ref] of s.names) add(name, ref, hf.getSheetId(s.name));
  const verdicts = new Map<string, boolean>();
  const verdict = (s: SheetModel, i: number, formula: string): boolean => {
    const k = `${s.id}#${i}`;
    let v = verdicts.get(k);
    if (v === undefined) {
      // The model's rule formulas are absolute: one verdict for every cell they cover.
      v = plain(hf.calculateFormula(formula, hf.getSheetId(s.name)!)) === true;
      verdicts.set(k, v);
    }
    return v;
  };
  return {
    value(s, r, c) {
      const cell = s.cells.get(`${r}:${c}`);
      if (cell?.formula === undefined) return cell?.value ?? "";
      return plain(hf.getCellValue({ sheet: hf.getSheetId(s.name)!, row: r, col: c })) ?? "";
    },
    fill(s, r, c) {
      const list = s.conditionalFormats;
      for (let i = 0; i < list.length; i++) {
        const cf = list[i]!;
        if (!cf.formula || !cf.fill) continue;
        if (!cf.areas.some((a) => a.r0 <= r && r <= a.r1 && a.c0 <= c && c <= a.c1)) continue;
        if (verdict(s, i, cf.formula)) return cf.fill;
      }
      return s.cells.get(`${r}:${c}`)?.fill ?? null;
    },
    destroy: () => hf.destroy(),
  };
}
