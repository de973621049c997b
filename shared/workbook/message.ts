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
 * zeros, `-` for negatives), for a reference holding a number already rounded to 4 decimals.
 * Built from integer parts with `TEXT(…,"0")` / `TEXT(…,"0000")` because number-to-text
 * conversion and decimal format codes follow the user's locale (a `,` decimal separator, or
 * scientific notation for long numbers); the `.` is a literal here.
 */
export function numberText(ref: string): string {
  const abs = `ABS(${ref})`;
  const digits = `ROUND((${abs}-INT(${abs}))*10000,0)`;
  const kept = `IF(MOD(${digits},1000)=0,1,IF(MOD(${digits},100)=0,2,IF(MOD(${digits},10)=0,3,4)))`;
  return (
    `IF(${ref}<0,"-","")&TEXT(INT(${abs}),"0")` +
    `&IF(${digits}=0,"","."&LEFT(TEXT(${digits},"0000"),${kept}))`
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
      parts.push(numberText(name === "left" ? left : right));
    } else {
      literal += vars[name] ?? m[0];
    }
  }
  literal += template.slice(last);
  if (literal) parts.push(stringLiteral(literal));
  return parts.length ? parts.join("&") : '""';
}
