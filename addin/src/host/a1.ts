/** A1 addresses: pure helpers shared by the host module and the strict Excel stand-in. */

export interface Box {
  r0: number;
  c0: number;
  r1: number;
  c1: number;
}

// Column letters and cell addresses come from the shared layout, which placed the cells.
export { a1 as cellAddress, columnLetter as colLetter } from "../../../shared/layout/grid";
import { a1 as cellAddress } from "../../../shared/layout/grid";

export function boxAddress(b: Box): string {
  const a = cellAddress(b.r0, b.c0);
  return b.r0 === b.r1 && b.c0 === b.c1 ? a : `${a}:${cellAddress(b.r1, b.c1)}`;
}

/** Strip a sheet prefix (`'2024年 年报统计表'!A1` → `A1`) and `$` signs. */
export function localAddress(address: string): string {
  const bang = address.lastIndexOf("!");
  return (bang >= 0 ? address.slice(bang + 1) : address).replace(/\$/g, "").toUpperCase();
}

function parseCell(s: string): { row: number; col: number } | null {
  const m = /^([A-Z]{1,3})(\d{1,7})$/.exec(s);
  if (!m) return null;
  let col = 0;
  for (const ch of m[1]!) col = col * 26 + (ch.charCodeAt(0) - 64);
  const row = Number(m[2]);
  if (row < 1) return null;
  return { row: row - 1, col: col - 1 };
}

/** Parse `A1` or `A1:C5` (optionally sheet-qualified); null when it is not an address. */
export function parseBox(address: string): Box | null {
  const [a, b, extra] = localAddress(address).split(":");
  if (extra !== undefined || !a) return null;
  const p = parseCell(a);
  const q = b === undefined ? p : parseCell(b);
  if (!p || !q) return null;
  return {
    r0: Math.min(p.row, q.row),
    c0: Math.min(p.col, q.col),
    r1: Math.max(p.row, q.row),
    c1: Math.max(p.col, q.col),
  };
}

/** A sheet-qualified address, quoting the name as Excel does. */
export function qualified(sheet: string, address: string): string {
  const quoted = /^[A-Za-z_][A-Za-z0-9_.]*$/.test(sheet) ? sheet : `'${sheet.replace(/'/g, "''")}'`;
  return `${quoted}!${address}`;
}
