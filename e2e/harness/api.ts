/** What the harness page exposes on `window.harness` (used by the tests through page.evaluate). */
export interface HarnessCell {
  /** What the cell shows (a formula's result, as Excel recalculates it). */
  value: unknown;
  /** The fill shown (e.g. "#FFC7CE"): a conditional format's when its formula is TRUE; null when none. */
  fill: string | null;
  /** The cell's note or comment text, null when none. */
  note: string | null;
  locked: boolean;
}

export interface HarnessApi {
  /** A user typing into a cell of the stand-in (fires onChanged like Excel does). */
  type(sheet: string, address: string, value: unknown): Promise<void>;
  /** A user clicking a cell (activating its sheet, as Excel does). */
  select(sheet: string, address: string): void;
  cell(sheet: string, address: string): HarnessCell;
  sheets(): string[];
  /** The sheet drawn in the grid: null = the active sheet. */
  show(sheet: string | null): void;
  /** Draw now (the grid is also redrawn on a short interval). */
  redraw(): void;
  /**
   * A table of a sheet as a user reads it: the header texts of row `headerRow` (1-based) and the
   * rows below it up to the first empty row, in column order.
   */
  table(sheet: string, headerRow: number): { headers: string[]; rows: unknown[][] };
  /** Every note/comment of a sheet: address → text. */
  notes(sheet: string): Record<string, string>;
}

export type HarnessWindow = Window & { harness: HarnessApi };
