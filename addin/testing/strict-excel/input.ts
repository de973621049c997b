/**
 * What Excel stores when a string is written to `Range.values` or typed into a cell: the docs of
 * `Range.values` say a value starting with "+", "-" or "=" is taken as a formula; numbers, ISO
 * dates and TRUE/FALSE become numbers and booleans ("007" → 7, "2025-01-31" → a date serial).
 * A cell formatted as text ("@") keeps the string exactly. The stand-in computes no formula: a
 * formula cell reads back as Excel's #NAME? (what an unknown name or a DDE link gives).
 */
import type { CellModel } from "./model";

export interface Stored {
  value: unknown;
  formula?: string;
  /** Excel gives a date typed or written as text a date format. */
  numberFormat?: string;
}

const NUMBER = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?%?$/;
const ISO_DATE = /^(\d{4})-(\d{1,2})-(\d{1,2})$/;

/** Days since 1899-12-30 (Excel's serial dates, 1900 system). */
function serial(y: number, m: number, d: number): number | null {
  const t = Date.UTC(y, m - 1, d);
  const back = new Date(t);
  if (back.getUTCMonth() !== m - 1 || back.getUTCDate() !== d) return null;
  return Math.round((t - Date.UTC(1899, 11, 30)) / 86_400_000);
}

export function storeInput(value: unknown, numberFormat: string): Stored {
  if (typeof value !== "string" || numberFormat === "@") return { value };
  const s = value.trim();
  if (s === "") return { value };
  if (NUMBER.test(s)) {
    const pct = s.endsWith("%");
    const n = Number(pct ? s.slice(0, -1) : s);
    return { value: pct ? n / 100 : n };
  }
  if (/^(true|false)$/i.test(s)) return { value: s.toLowerCase() === "true" };
  const date = ISO_DATE.exec(s);
  if (date) {
    const n = serial(Number(date[1]), Number(date[2]), Number(date[3]));
    if (n !== null) return { value: n, numberFormat: "yyyy-mm-dd" };
  }
  if (value.length > 1 && /^[=+\-@]/.test(value)) {
    return { value: "#NAME?", formula: value.startsWith("=") ? value : `=${value}` };
  }
  return { value };
}

/** Store a value written to (or typed into) a cell as Excel does. */
export function writeValue(cell: CellModel, value: unknown): void {
  const stored = storeInput(value, cell.numberFormat);
  cell.value = stored.value;
  if (stored.formula === undefined) delete cell.formula;
  else cell.formula = stored.formula;
  if (stored.numberFormat && cell.numberFormat === "General")
    cell.numberFormat = stored.numberFormat;
}
