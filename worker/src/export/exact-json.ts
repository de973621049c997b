import { formatScaled } from "../domain/scaled";

/**
 * JSON.stringify for values that hold exact sums: a BigInt (a scaled ×10⁴ sum) is written as the
 * exact decimal number it stands for, never through a double.
 */
export function exactJson(value: unknown): string {
  if (typeof value === "bigint") return formatScaled(value);
  if (value === null || typeof value !== "object") return JSON.stringify(value) ?? "null";
  if (Array.isArray(value)) return `[${value.map(exactJson).join(",")}]`;
  const members = Object.entries(value as Record<string, unknown>).filter(
    ([, v]) => v !== undefined,
  );
  return `{${members.map(([k, v]) => `${JSON.stringify(k)}:${exactJson(v)}`).join(",")}}`;
}
