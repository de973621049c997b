/** Pure: the values grid a read pass returns → the raw values typed, by cell id. */
import type { SheetLayout } from "../../../shared/layout";
import { parseBox } from "../host/a1";

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
