/**
 * Values are compared and summed as integers ×10⁴ (amounts carry at most 4 decimals), so rules,
 * totals and the Worker's aggregates add exactly.
 */
export const SCALE = 10_000;

/**
 * Below 10^15 a double holds a scaled sum's decimal exactly. (No BigInt literals or BigInt calls
 * outside functions given one: the pane bundles this module, and Edge Legacy has no BigInt.)
 */
const FAST_LIMIT = 1e15;

/** A scaled sum as an exact decimal (`999999999990.0001`, `12`, `-0.5`). */
export function formatScaled(v: bigint): string {
  // The fast path: a double prints it shortest.
  if (Math.abs(Number(v)) < FAST_LIMIT) return String(Number(v) / SCALE);
  // Only ever handed a bigint, which Edge Legacy (no BigInt) cannot make: unreached there.
  // eslint-disable-next-line compat/compat
  const negative = v < BigInt(0);
  const abs = negative ? -v : v;
  // eslint-disable-next-line compat/compat
  const scale = BigInt(SCALE);
  const whole = (abs / scale).toString();
  const frac = (abs % scale).toString().padStart(4, "0").replace(/0+$/, "");
  return `${negative ? "-" : ""}${whole}${frac ? `.${frac}` : ""}`;
}

/**
 * The sum as a spreadsheet number when a double holds it exactly to 15 significant digits (what
 * Excel keeps); otherwise null: write the exact decimal as text.
 */
export function spreadsheetNumber(v: bigint): number | null {
  const text = formatScaled(v);
  const n = Number(text);
  const digits = text.replace(/^-/, "").replace(".", "").replace(/^0+/, "").length;
  return digits <= 15 && String(n) === text ? n : null;
}

/**
 * A figure as a spreadsheet cell holds it: a number when Excel keeps it exactly (15 significant
 * digits), else its exact decimal as text, so no digit is lost. BigInts are scaled sums.
 */
export function spreadsheetValue(v: bigint | number | undefined): number | string {
  // A number (the API's JSON) is a double already: to the four decimals a figure has.
  if (typeof v !== "bigint") return Math.round((v ?? 0) * SCALE) / SCALE;
  return spreadsheetNumber(v) ?? formatScaled(v);
}
