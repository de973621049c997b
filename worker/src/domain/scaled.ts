/**
 * Values as the aggregates keep them: integers ×10⁴ (exact for amounts with 4 decimals). One
 * unit's values fit a double exactly; sums over a subtree may not, so they are read as BigInt.
 */
import { SCALE } from "../../../shared/engine/scale";

export { SCALE };

/** Integer (×10⁴) differences new − old, zero cells left out. */
export function scaledDelta(
  next: Record<string, number>,
  prev: Record<string, number> | null,
): Record<string, number> {
  const out: Record<string, number> = {};
  const keys = new Set([...Object.keys(next), ...Object.keys(prev ?? {})]);
  for (const k of keys) {
    const d = Math.round((next[k] ?? 0) * SCALE) - Math.round((prev?.[k] ?? 0) * SCALE);
    if (d !== 0) out[k] = d;
  }
  return out;
}

/** `sign` × the values, scaled, zero cells left out (an accept adds, a reopen removes). */
export function scaledValues(values: Record<string, number>, sign: 1 | -1): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [k, v] of Object.entries(values)) {
    const d = sign * Math.round(v * SCALE);
    if (d !== 0) out[k] = d;
  }
  return out;
}
