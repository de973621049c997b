/**
 * Values as the aggregates keep them: integers ×10⁴ (exact for amounts with 4 decimals). One
 * unit's values fit a double exactly; sums over a subtree may not, so they are read as BigInt.
 */
import { SCALE } from "../../../shared/engine/scale";

// The exact decimal of a sum lives with the scale in shared/: the list sheets write it too.
export { formatScaled, SCALE, spreadsheetNumber } from "../../../shared/engine/scale";

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

/** Sums as the aggregates keep them: integers ×10⁴, as BigInt (exact beyond 2^53). */
export type ScaledValues = Record<string, bigint>;

const MEMBER = /"((?:[^"\\]|\\.)*)":(-?\d+)/g;
/** A whole object of integer members, as the Worker and SQLite write aggregates. */
const INTEGER_OBJECT = /^\{(?:"(?:[^"\\]|\\.)*":-?\d+(?:,"(?:[^"\\]|\\.)*":-?\d+)*)?\}$/;

/**
 * A stored aggregate (`{"cell": scaled integer, …}`, written by SQLite's 64-bit sums) read
 * exactly: JSON.parse would round integers beyond 2^53. Any other JSON (never written by the
 * Worker) falls back to the parsed numbers.
 */
export function parseScaled(json: string | null): Map<string, bigint> {
  const out = new Map<string, bigint>();
  if (!json) return out;
  if (!INTEGER_OBJECT.test(json)) {
    for (const [k, v] of Object.entries(JSON.parse(json) as Record<string, number>)) {
      out.set(k, BigInt(Math.round(v)));
    }
    return out;
  }
  for (const m of json.matchAll(MEMBER)) {
    const key = m[1]!.includes("\\") ? (JSON.parse(`"${m[1]!}"`) as string) : m[1]!;
    out.set(key, BigInt(m[2]!));
  }
  return out;
}
