/**
 * The spreadsheet half of the WPS clerk's day (issue 23), whichever browser carries the file:
 * read whether a downloaded workbook computes its totals, and type figures into a file with
 * LibreOffice Calc (through UNO, as WPS would be used) the way a clerk would — the parts only
 * when the workbook sums them. Shared by the Chromium and the Firefox ESR days.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { expect } from "vitest";
import { derivedCells } from "../../shared/engine";
import { FORM_SHEET_NAME } from "../../shared/workbook";
import ExcelJS, { settle } from "../../shared/workbook/exceljs";
import { layoutForm } from "../../shared/layout/grid";
import { consistentValues, rng } from "../../shared/testing/sample-report";
import { fillInCalc } from "../../shared/test/lo-fill";
import { gov2021 } from "./pane";

export const { form } = gov2021();
export const layout = layoutForm(form, "zh");

export class CalcClerk {
  /**
   * Does the downloaded workbook compute its totals (formulas at the derived cells, issue
   * 23.3)? Then the clerk types the parts only; else the totals too. Set by `readTotals`.
   */
  totalsAreFormulas = false;
  private jobs = 0;

  /** `dir`: a temporary directory for Calc's job files. */
  constructor(private readonly dir: string) {}

  async readTotals(path: string): Promise<void> {
    const wb = new ExcelJS.Workbook();
    const bytes = readFileSync(path);
    await wb.xlsx.load(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.length));
    await settle();
    // The form sheet is the one its marker names (its tab is the clerk's to read).
    const [ref] = wb.definedNames.getRanges(FORM_SHEET_NAME).ranges;
    const tab = ref!.slice(0, ref!.lastIndexOf("!")).replace(/^'|'$/g, "").replace(/''/g, "'");
    const ws = wb.getWorksheet(tab)!;
    const derived = [...derivedCells(form)];
    const formulas = derived.filter((id) => {
      const at = layout.inputs[id];
      // A total the layout no longer offers for typing is the workbook's to compute.
      return !at || ws.getCell(at.address).type === ExcelJS.ValueType.Formula;
    });
    // All or none: a workbook that computes some totals computes every one the form defines.
    expect([0, derived.length]).toContain(formulas.length);
    this.totalsAreFormulas = formulas.length > 0;
  }

  /** What the clerk types: the parts only when the workbook sums them. */
  typed(values: Record<string, number>): Record<string, number> {
    if (!this.totalsAreFormulas) return values;
    const derived = derivedCells(form);
    return Object.fromEntries(Object.entries(values).filter(([id]) => !derived.has(id)));
  }

  /**
   * Type the values (by cell id) into `file` with Calc and save it as `out`. Asynchronous: the
   * browser's connection and the test proxy share this event loop and must not stall meanwhile.
   */
  async calc(file: string, out: string, values: Record<string, number>): Promise<void> {
    const cells = Object.fromEntries(
      Object.entries(this.typed(values)).map(([id, v]) => [layout.inputs[id]!.address, v]),
    );
    const [r] = await fillInCalc([{ file, out, cells }], join(this.dir, `job-${++this.jobs}.json`));
    expect(r!.locked).toEqual([]); // every cell typed was open to typing
  }
}

/** Values consistent with every rule whose `cell` differs from `than`. */
export function valuesDiffering(seed: number, cell: string, than: Record<string, number>) {
  for (let s = seed; ; s++) {
    const v = consistentValues(form, rng(s), 30);
    if (v[cell] !== than[cell]) return v;
  }
}
