/**
 * A workbook model (shared/workbook) loaded into HyperFormula, a real spreadsheet engine: every
 * sheet's constants and formulas and the workbook-scoped names, so tests read what the model's
 * formulas compute. Conditional formats are not loaded: their formulas are the checks' verdicts.
 */
import { HyperFormula, type RawCellContent } from "hyperformula";
import { parseA1 } from "../layout/grid";
import type { WbCell, WbRef, WorkbookModel } from "../workbook/types";

export interface LoadedWorkbook {
  hf: HyperFormula;
  /** The computed value of a cell (an error becomes its message, e.g. `#VALUE!`). */
  read(ref: WbRef): unknown;
  /** Write constants (null clears); one recalculation for the whole batch. */
  write(entries: [WbRef, number | string | null][]): void;
  destroy(): void;
}

/** Text stays text in HyperFormula behind a leading apostrophe (`=…`, `2023`). */
function content(c: WbCell): RawCellContent {
  if (c.formula !== undefined) return c.formula;
  if (typeof c.value === "string") return `'${c.value}`;
  return c.value ?? null;
}

export function loadWorkbook(model: WorkbookModel): LoadedWorkbook {
  const sheets: Record<string, RawCellContent[][]> = {};
  for (const s of model.sheets) {
    const grid: RawCellContent[][] = [];
    for (const c of s.cells) {
      const content_ = content(c);
      if (content_ === null) continue;
      const { row, col } = parseA1(c.address);
      const line = (grid[row] ??= []);
      while (line.length < col) line.push(null);
      line[col] = content_;
    }
    for (let r = 0; r < grid.length; r++) grid[r] ??= [];
    sheets[s.name] = grid;
  }
  const hf = HyperFormula.buildFromSheets(sheets, { licenseKey: "gpl-v3" });
  for (const n of model.names) hf.addNamedExpression(n.name, n.refersTo);
  const at = (ref: WbRef) => ({ sheet: hf.getSheetId(ref.sheet)!, ...parseA1(ref.address) });
  return {
    hf,
    read(ref) {
      const v = hf.getCellValue(at(ref));
      return typeof v === "object" && v !== null && "value" in v ? String(v.value) : v;
    },
    write(entries) {
      hf.batch(() => {
        for (const [ref, value] of entries) {
          const text = typeof value === "string" ? `'${value}` : value;
          hf.setCellContents(at(ref), [[text]]);
        }
      });
    },
    destroy() {
      hf.destroy();
    },
  };
}
