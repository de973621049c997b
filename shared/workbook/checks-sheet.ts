/**
 * The 校验 sheet: one row per rule instance — rule id, instance key, verdict (the three columns of
 * `XXGK_CHECKS`), severity, the message (the engine's text when violated, else ""), the 说明 of a
 * warning (unlocked), the two sides' numbers, and a hidden 0/1 count — under a summary line.
 */
import type { Lang, RuleCheckFormula } from "../layout";
import { a1 } from "../layout/grid";
import { tablePrintSetup, type PrintMeta } from "../print/setup";
import { messageExpr, stringLiteral } from "./message";
import { sheetRef } from "./names";
import { text } from "./text";
import type { WbCell, WbCheck, WbConditionalFormat, WbRef, WbSheet } from "./types";

export const ERROR_FILL = "#FFC7CE";
export const WARNING_FILL = "#FFEB9C";
/** A supervisor's open remark on a cell (the pane and a downloaded file paint it alike). */
export const REMARK_FILL = "#BDD7EE";
const HEADER_FILL = "#F2F2F2";
const FIRST_ROW = 4;
/**
 * Columns: A rule, B key, C verdict, D severity, E message, F 说明, G left, H right; hidden:
 * I count (1 when violated), J the target's address on the form sheet, K 1 when a violated error.
 */
const COL = { rule: 0, key: 1, verdict: 2, severity: 3, message: 4, note: 5, left: 6, right: 7 };
const COUNT_COL = 8;
const ADDRESS_COL = 9;
const ERROR_COL = 10;
const WIDTHS = [6, 34, 7, 6, 60, 30, 12, 12, 6, 6, 6];

export interface ChecksSheet {
  sheet: WbSheet;
  /** The form sheet adds where each verdict and message shows. */
  checks: Omit<WbCheck, "mark" | "shown">[];
  conditionalFormats: WbConditionalFormat[];
  /** The `XXGK_CHECKS` range (A:C of the instance rows). */
  range: string;
  /** Counts of violated errors and warnings, and the summary text. */
  errors: WbRef;
  warnings: WbRef;
  summary: WbRef;
  /** A text formula (no `=`): the form-sheet address of the first violated error, else warning. */
  firstFailing: string;
}

export interface ChecksInput {
  name: string;
  lang: Lang;
  formulas: RuleCheckFormula[];
  /**
   * Per formula: the reference its verdict column reads (the verdict cell on the form sheet);
   * absent: the verdict formula itself.
   */
  verdicts?: string[];
  /** Per formula: the target's address on the form sheet (for the status line). */
  targets: string[];
  explanations?: Record<string, string>;
  /** The unit and year for the printed page's header. */
  print: PrintMeta;
}

function instanceRow(
  f: RuleCheckFormula,
  r: number,
  lang: Lang,
  explanation: string | undefined,
  verdict: string,
  target: string,
): WbCell[] {
  const t = text(lang);
  const at = (col: number) => a1(r, col);
  const vars: Record<string, string> = {};
  for (const [name, label] of Object.entries(f.instance.vars)) vars[name] = label[lang];
  const message = messageExpr(
    f.instance.message[lang],
    vars,
    at(COL.left),
    at(COL.right),
    f.integral,
  );
  const v = at(COL.verdict);
  const side = (expr: string) => `=IF(${v},ROUND(${expr},4),"")`;
  const warning = f.severity === "warning";
  return [
    { address: at(COL.rule), value: f.rule, border: true },
    { address: at(COL.key), value: f.key, border: true },
    { address: at(COL.verdict), formula: `=${verdict}`, hAlign: "Center", border: true },
    { address: at(COL.severity), value: t.severity[f.severity], hAlign: "Center", border: true },
    { address: at(COL.message), formula: `=IF(${v},${message},"")`, wrap: true, border: true },
    {
      address: at(COL.note),
      border: true,
      wrap: true,
      ...(warning ? { unlocked: true } : { fill: HEADER_FILL }),
      ...(warning && explanation ? { value: explanation } : {}),
    },
    { address: at(COL.left), formula: side(f.left), border: true },
    { address: at(COL.right), formula: side(f.right), border: true },
    { address: a1(r, COUNT_COL), formula: `=IF(${v},1,0)` },
    { address: a1(r, ADDRESS_COL), value: target },
    { address: a1(r, ERROR_COL), formula: warning ? "=0" : `=IF(${v},1,0)` },
  ];
}

/** Where the message of the `i`-th instance stands (known before the sheet is drawn). */
export function messageAt(sheet: string, i: number): WbRef {
  return { sheet, address: a1(FIRST_ROW + i, COL.message) };
}

/** `INDEX(J, MATCH(1, K, 0))` of the first violated error, else of the first violated check. */
function firstFailing(sheet: string, last: number): string {
  const col = (c: number) => sheetRef(sheet, `${a1(FIRST_ROW, c)}:${a1(last, c)}`);
  const first = (flag: number) => `INDEX(${col(ADDRESS_COL)},MATCH(1,${col(flag)},0))`;
  return `IFERROR(${first(ERROR_COL)},IFERROR(${first(COUNT_COL)},""))`;
}

export function checksSheet(input: ChecksInput): ChecksSheet {
  const { name, lang, formulas } = input;
  const t = text(lang);
  const last = FIRST_ROW + Math.max(formulas.length, 1) - 1;
  const column = (col: number) => `$${a1(FIRST_ROW, col).replace(/\d+/, "")}$`;
  const span = (col: number) => `${column(col)}${FIRST_ROW + 1}:${column(col)}${last + 1}`;
  const count = (severity: "error" | "warning") =>
    formulas.length
      ? `=SUMIF(${span(COL.severity)},${stringLiteral(t.severity[severity])},${span(COUNT_COL)})`
      : "=0";
  const cells: WbCell[] = [
    { address: "A1:H1", merge: true, value: t.checksTitle, bold: true, fontSize: 14 },
    { address: "A2", value: t.errors, bold: true },
    { address: "B2", formula: count("error"), bold: true },
    { address: "C2", value: t.warnings, bold: true },
    { address: "D2", formula: count("warning"), bold: true },
    {
      address: "E2",
      formula: `=IF(B2+D2=0,${stringLiteral(t.ok)},${stringLiteral(t.summary[0]!)}&B2&${stringLiteral(t.summary[1]!)}&D2&${stringLiteral(t.summary[2]!)})`,
      bold: true,
    },
    { address: "A3:H3", merge: true, value: t.checksNote, wrap: true },
    ...t.headers.slice(0, 8).map((h, col) => ({
      address: a1(FIRST_ROW - 1, col),
      value: h,
      bold: true,
      fill: HEADER_FILL,
      hAlign: "Center" as const,
      border: true,
    })),
    ...[COUNT_COL, ADDRESS_COL, ERROR_COL].map((col) => ({
      address: a1(FIRST_ROW - 1, col),
      value: t.headers[col]!,
    })),
  ];
  const checks: ChecksSheet["checks"] = [];
  formulas.forEach((f, i) => {
    const r = FIRST_ROW + i;
    cells.push(
      ...instanceRow(
        f,
        r,
        lang,
        input.explanations?.[f.key],
        input.verdicts?.[i] ?? f.violated,
        input.targets[i]!,
      ),
    );
    checks.push({
      rule: f.rule,
      key: f.key,
      severity: f.severity,
      target: f.target,
      cells: f.instance.cells,
      formula: `=${f.violated}`,
      verdict: { sheet: name, address: a1(r, COL.verdict) },
      message: messageAt(name, i),
      explanation: f.severity === "warning" ? { sheet: name, address: a1(r, COL.note) } : null,
    });
  });
  const rows = `A${FIRST_ROW + 1}:H${last + 1}`;
  const mark = (severity: "error" | "warning"): WbConditionalFormat => ({
    sheet: name,
    areas: [rows],
    // Relative to the top-left cell of the area: each row reads its own verdict and severity.
    formula: `=AND($C${FIRST_ROW + 1},$D${FIRST_ROW + 1}=${stringLiteral(t.severity[severity])})`,
    severity,
    fill: severity === "error" ? ERROR_FILL : WARNING_FILL,
    priority: severity === "error" ? 1 : 2,
  });
  return {
    sheet: {
      name,
      role: "checks",
      visibility: "visible",
      protected: true,
      columnWidths: WIDTHS,
      hiddenColumns: [COUNT_COL, ADDRESS_COL, ERROR_COL],
      cells,
      validations: [],
      // The visible columns, their header row repeated on every printed page.
      print: tablePrintSetup(
        WIDTHS.slice(0, COUNT_COL),
        last + 1,
        { first: FIRST_ROW, last: FIRST_ROW },
        input.print,
      ),
    },
    checks,
    conditionalFormats: formulas.length ? [mark("error"), mark("warning")] : [],
    range: `A${FIRST_ROW + 1}:C${last + 1}`,
    errors: { sheet: name, address: "B2" },
    warnings: { sheet: name, address: "D2" },
    summary: { sheet: name, address: "E2" },
    firstFailing: firstFailing(name, last),
  };
}
