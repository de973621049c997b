/**
 * The one function vocabulary of every formula the workbook holds: functions that Excel 2010+,
 * WPS 表格 and LibreOffice Calc evaluate the same way, each defined in both file formats' specs
 * (ECMA-376 Part 1 §18.17.7 "Predefined Function Definitions"; OASIS OpenDocument 1.2 Part 2
 * "OpenFormula" §6). docs/FORMULAS.md lists them with what each is used for; a test fails on a
 * formula using any other.
 */
export const FUNCTIONS = [
  "AND",
  "COUNT",
  "COUNTIF",
  "IF",
  "IFERROR",
  "INDEX",
  "ISNUMBER",
  "LEFT",
  "LEN",
  "MATCH",
  "MID",
  "NOT",
  "RIGHT",
  "ROUND",
  "SUM",
  "SUMIF",
  "TEXT",
  "ABS",
] as const;

const CALL = /([A-Za-z][A-Za-z0-9._]*)\s*\(/g;

/** The function names a formula calls (string literals skipped), upper-case. */
export function functionsIn(formula: string): string[] {
  const code = formula.replace(/"(?:[^"]|"")*"/g, '""').replace(/'(?:[^']|'')*'!/g, "S!");
  return [...code.matchAll(CALL)].map((m) => m[1]!.toUpperCase());
}
