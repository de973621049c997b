/**
 * Pure: issues → what to paint on the sheet, and what to clear from the last pass. Errors red,
 * warnings amber; the message in a note, a comment or the message column; every cell a violated
 * rule reads outlined in the rule's colour.
 */
import type { Issue } from "../../shared/engine";
import type { SheetLayout } from "../../shared/layout";
import { cellAddress } from "./a1";
import { emptyPlan, type MarkMode, type PaintPlan, type ReadPassResult } from "./host/types";
import { t, type Lang } from "./i18n";
import { emptyMarks, type Marks } from "./state";

export const COLORS = {
  errorFill: "#FFC7CE",
  warningFill: "#FFEB9C",
  errorLine: "#C00000",
  warningLine: "#BF8F00",
};

type Severity = Issue["severity"];

function worse(a: Severity | undefined, b: Severity): Severity {
  return a === "error" || b === "error" ? "error" : "warning";
}

export interface MarkTarget {
  address: string;
  row: number;
  severity: Severity;
  text: string;
}

/** Issues grouped by the cell they are shown at. */
export function markTargets(layout: SheetLayout, issues: Issue[], lang: Lang): MarkTarget[] {
  const byAddress = new Map<string, { row: number; severity: Severity; lines: string[] }>();
  for (const issue of issues) {
    const pos = layout.inputs[issue.cell];
    if (!pos) continue;
    const cur = byAddress.get(pos.address) ?? { row: pos.row, severity: issue.severity, lines: [] };
    cur.severity = worse(cur.severity, issue.severity);
    const prefix = t(lang, issue.severity === "error" ? "markError" : "markWarning");
    cur.lines.push(prefix + (lang === "zh" ? issue.message_zh : issue.message_en));
    byAddress.set(pos.address, cur);
  }
  return [...byAddress].map(([address, v]) => ({
    address,
    row: v.row,
    severity: v.severity,
    text: v.lines.join("\n"),
  }));
}

/** Every cell a violated rule reads, with the worst severity among its rules. */
export function contributingCells(layout: SheetLayout, issues: Issue[]): Map<string, Severity> {
  const out = new Map<string, Severity>();
  for (const issue of issues) {
    for (const id of issue.cells) {
      const pos = layout.inputs[id];
      if (pos) out.set(pos.address, worse(out.get(pos.address), issue.severity));
    }
  }
  return out;
}

/** Is a note one of ours (so the add-in may replace or delete it)? */
export function isOurNote(text: string | null): boolean {
  return text !== null && /^(【错误】|【提示】|\[Error\] |\[Warning\] )/.test(text);
}

export interface PlanInput {
  layout: SheetLayout;
  issues: Issue[];
  lang: Lang;
  mode: MarkMode;
  previous: Marks;
  probe: Pick<ReadPassResult, "notes" | "comments">;
  values?: PaintPlan["values"];
}

export interface MarksPlan {
  plan: PaintPlan;
  /** The marks after the pass (comment ids of added comments are filled in afterwards). */
  marks: Marks;
}

export function planMarks(input: PlanInput): MarksPlan {
  const { layout, issues, lang, mode, previous, probe } = input;
  const plan = emptyPlan();
  if (input.values) plan.values = input.values;
  const marks = emptyMarks();
  const targets = markTargets(layout, issues, lang);
  const targetSet = new Set(targets.map((x) => x.address));

  for (const x of targets) {
    plan.fills.push({
      address: x.address,
      color: x.severity === "error" ? COLORS.errorFill : COLORS.warningFill,
    });
    marks.fills.push(x.address);
  }
  for (const a of previous.fills)
    if (!targetSet.has(a)) plan.fills.push({ address: a, color: null });

  const contributing = contributingCells(layout, issues);
  for (const [a, sev] of contributing) {
    plan.outlines.push({
      address: a,
      color: sev === "error" ? COLORS.errorLine : COLORS.warningLine,
    });
    marks.outlines.push(a);
  }
  for (const a of previous.outlines)
    if (!contributing.has(a)) plan.outlines.push({ address: a, color: null });

  // Messages: notes, comments or the message column; stale ones of any kind are cleared.
  const ours = new Set(previous.notes);
  for (const x of mode === "note" ? targets : []) {
    const existing = probe.notes[x.address] ?? null;
    if (existing !== null && !ours.has(x.address) && !isOurNote(existing)) continue; // the clerk's own note
    plan.notes.push({ address: x.address, text: x.text, exists: existing !== null });
    marks.notes.push(x.address);
  }
  for (const a of previous.notes) {
    if (mode === "note" && targetSet.has(a)) continue;
    if ((probe.notes[a] ?? null) !== null)
      plan.notes.push({ address: a, text: null, exists: true });
  }

  for (const x of mode === "comment" ? targets : []) {
    const id = previous.comments[x.address];
    const alive = id !== undefined && probe.comments[id] === true;
    plan.comments.push({ address: x.address, text: x.text, id: alive ? id : null });
    if (alive) marks.comments[x.address] = id;
  }
  for (const [a, id] of Object.entries(previous.comments)) {
    if (mode === "comment" && targetSet.has(a)) continue;
    if (probe.comments[id] === true) plan.commentDeletes.push(id);
  }

  const messageCol = layout.colCount;
  const rows = new Map<number, string[]>();
  for (const x of mode === "column" ? targets : [])
    rows.set(x.row, [...(rows.get(x.row) ?? []), x.text]);
  for (const [row, lines] of [...rows].sort((a, b) => a[0] - b[0])) {
    const address = cellAddress(row, messageCol);
    plan.messages.push({ address, text: lines.join("\n") });
    marks.messages.push(address);
  }
  const nowMessages = new Set(marks.messages);
  for (const a of previous.messages)
    if (!nowMessages.has(a)) plan.messages.push({ address: a, text: "" });

  return { plan, marks };
}
