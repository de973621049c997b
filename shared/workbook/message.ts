/**
 * A rule's message as a spreadsheet formula that yields exactly the engine's text
 * (`shared/engine/format.ts`: `fillTemplate` and `formatNumber`).
 */

/** Excel limits a string constant in a formula to 255 characters. */
const LITERAL_MAX = 200;

/** An Excel string constant (`"` doubled), split into pieces joined by `&` when long. */
export function stringLiteral(s: string): string {
  const chars = Array.from(s);
  if (chars.length <= LITERAL_MAX) return `"${s.replace(/"/g, '""')}"`;
  const parts: string[] = [];
  for (let i = 0; i < chars.length; i += LITERAL_MAX) {
    parts.push(stringLiteral(chars.slice(i, i + LITERAL_MAX).join("")));
  }
  return parts.join("&");
}

/**
 * The text of a number as `formatNumber` prints it (no grouping, up to 4 decimals, no trailing
 * zeros, `-` for negatives), for a reference holding a number already rounded to 4 decimals
 * (`integral`: known to be a whole number). Number-to-text conversion and decimal format codes
 * follow the user's locale (a `,` separator, scientific notation), and LibreOffice's INT rounds
 * at 15 digits: so the digits come from `TEXT(…,"00000")` of the number scaled to an integer
 * (exact up to 15 digits, |x| < 10¹¹), cut with string functions, and the `.` is a literal.
 */
export function numberText(ref: string, integral = false): string {
  // A whole number needs no decimal separator: TEXT(…,"0") prints it as String() does.
  if (integral) return `TEXT(${ref},"0")`;
  const s = `TEXT(ROUND(ABS(${ref})*10000,0),"00000")`;
  const decimals = (n: number) => `MID(${s},LEN(${s})-3,${n})`;
  const trimmed =
    `IF(RIGHT(${s},3)="000",${decimals(1)},IF(RIGHT(${s},2)="00",${decimals(2)},` +
    `IF(RIGHT(${s},1)="0",${decimals(3)},RIGHT(${s},4))))`;
  return (
    `IF(${ref}<0,"-","")&LEFT(${s},LEN(${s})-4)` + `&IF(RIGHT(${s},4)="0000","","."&${trimmed})`
  );
}

const PLACEHOLDER = /\{([a-z_]+)\}/g;

/**
 * The message template as a text expression: `{left}` and `{right}` become the number texts of
 * the two references, other placeholders the labels in `vars` (unknown ones stay, as the engine
 * leaves them).
 */
export function messageExpr(
  template: string,
  vars: Record<string, string>,
  left: string,
  right: string,
  integral = false,
): string {
  const parts: string[] = [];
  let literal = "";
  let last = 0;
  for (const m of template.matchAll(PLACEHOLDER)) {
    literal += template.slice(last, m.index);
    last = m.index + m[0].length;
    const name = m[1]!;
    if (name === "left" || name === "right") {
      if (literal) parts.push(stringLiteral(literal));
      literal = "";
      parts.push(numberText(name === "left" ? left : right, integral));
    } else {
      literal += vars[name] ?? m[0];
    }
  }
  literal += template.slice(last);
  if (literal) parts.push(stringLiteral(literal));
  return parts.length ? parts.join("&") : '""';
}
