/**
 * The review sheet: the form's layout with the report's values, warnings amber, remarks blue, and
 * the cells changed since the revision last returned (比对) green with their old value beside.
 */
import type { Issue } from "../../../shared/engine";
import type { Report, RevisionCompare } from "../../../shared/api/schemas";
import type { SheetLayout } from "../../../shared/layout";
import { sentDate } from "../../../shared/print/signature";
import { officialFormSheet } from "../../../shared/workbook/form-sheet";
import type { WbSheet } from "../../../shared/workbook";
import { cellAddress } from "../host/a1";
import { t, type Lang, type StringKey } from "../common/i18n";
import { COLORS, remarkLine } from "../session/marks";

/** What the review sheet shows: the revision under review and the remarks pinned so far. */
export interface ReviewSheetData {
  /** The sheet's name. */
  sheet: string;
  unit: { code: string; name: string };
  year: number;
  layout: SheetLayout;
  report: Report;
  remarks: { cell: string; address: string; text: string }[];
  /** The comparison with the revision last returned (比对), when loaded. */
  changes?: RevisionCompare | null;
}

/** A warning of the revision, with the clerk's 说明. */
export interface ReviewSheetWarning {
  issue: Issue;
  explanation: string;
}

/** The cells changed since the compared revision, by id (none without a comparison). */
export function changedCells(r: ReviewSheetData): Map<string, { from: number; to: number }> {
  return new Map((r.changes?.cells ?? []).map((c) => [c.cell, { from: c.from, to: c.to }]));
}

/** The fill a cell of the review sheet should have now (issue, remark, change or none). */
export function reviewFill(r: ReviewSheetData, address: string): string | null {
  let fill: string | null = null;
  const at = (cell: string) => r.layout.inputs[cell]?.address === address;
  for (const c of r.changes?.cells ?? []) if (at(c.cell)) fill = COLORS.changedFill;
  if ((r.report.remarks ?? []).some((m) => !m.resolved && at(m.cell))) fill = COLORS.remarkFill;
  if (r.remarks.some((m) => m.address === address)) fill = COLORS.remarkFill;
  for (const i of r.report.issues ?? [])
    if (at(i.cell)) fill = i.severity === "error" ? COLORS.errorFill : COLORS.warningFill;
  return fill;
}

const SPANNING = new Set(["title", "section", "heading", "meta-label", "meta-value"]);

/**
 * The review sheet's drawing. Beside the numbers, in a column right of the table: each warning
 * with the clerk's 说明, and the open remarks, on one line (no wrap: the row keeps its height,
 * the text runs on to the right), in the first column after the table's cells on that row.
 */
export function reviewSheet(
  r: ReviewSheetData,
  lang: Lang,
  warnings: readonly ReviewSheetWarning[],
): WbSheet {
  const sentOn = sentDate(r.report.submittedAt);
  const draw = officialFormSheet(r.layout, {
    name: r.sheet,
    lang,
    unitName: r.unit.name,
    year: r.year,
    values: r.report.values,
    // Printed for signing as sent: 报出日期 is the day the revision was submitted.
    ...(sentOn ? { sentOn } : {}),
  });
  // The official form merges an input across columns ("E15:G15"): its top-left is the input.
  draw.cells = draw.cells.map((c) => {
    const f = reviewFill(r, c.address.split(":")[0]!);
    return f ? { ...c, fill: f } : c;
  });
  const L = (k: StringKey) => t(lang, k);
  const lines = new Map<number, string[]>();
  const put = (cell: string, text: string) => {
    const pos = r.layout.inputs[cell];
    if (pos) lines.set(pos.row, [...(lines.get(pos.row) ?? []), text]);
  };
  for (const w of warnings)
    put(
      w.issue.cell,
      `${L("markWarning")}${lang === "zh" ? w.issue.message_zh : w.issue.message_en}\n` +
        `${L("explanation")}: ${w.explanation || L("noExplanation")}`,
    );
  for (const m of r.report.remarks ?? [])
    if (!m.resolved) put(m.cell, remarkLine(lang, { author: m.author.name, text: m.text }));
  for (const [cell, ch] of changedCells(r))
    put(cell, t(lang, "changedMark", { from: ch.from, to: ch.to, revision: r.changes!.from }));
  for (const [row, text] of lines) {
    let end = 0;
    for (const c of r.layout.cells)
      if (!SPANNING.has(c.role) && c.row <= row && row < c.row + c.rowSpan)
        end = Math.max(end, c.col + c.colSpan);
    draw.cells.push({
      address: cellAddress(row, end),
      value: text.join(" / ").replace(/\n/g, " "),
    });
  }
  draw.protected = true;
  return draw;
}
