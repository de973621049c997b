/**
 * Pure: issues and a supervisor's open remarks → what to paint on the sheet, and what to clear
 * from the last pass. Errors red, warnings amber, remarks blue (a validation mark on the same cell
 * wins the fill; both messages are in the note); the message in a note, a comment or the message
 * column; every cell a violated rule reads outlined in the rule's colour.
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
  remarkFill: "#BDD7EE",
};

type Severity = Issue["severity"];
/** What a marked cell shows, worst first: error, warning, then a remark. */
type MarkKind = Severity | "remark";

function worse(a: Severity | undefined, b: Severity): Severity {
  return a === "error" || b === "error" ? "error" : "warning";
}

function worseMark(a: MarkKind | undefined, b: MarkKind): MarkKind {
  if (a === "error" || b === "error") return "error";
  if (a === "warning" || b === "warning") return "warning";
  return "remark";
}

/** An open remark of a supervisor, pinned to a cell id. */
export interface RemarkMark {
  cell: string;
  author: string;
  text: string;
}

/** The note line of a remark: 「审核意见 · <author>:<text>」. */
export function remarkLine(lang: Lang, r: Pick<RemarkMark, "author" | "text">): string {
  return t(lang, "markRemark", { name: r.author }) + r.text;
}

export interface MarkTarget {
  address: string;
  row: number;
  severity: MarkKind;
  text: string;
}

/** Issues (then remarks) grouped by the cell they are shown at. */
export function markTargets(
  layout: SheetLayout,
  issues: Issue[],
  lang: Lang,
  remarks: RemarkMark[] = [],
): MarkTarget[] {
  const byAddress = new Map<string, { row: number; severity: MarkKind; lines: string[] }>();
  const add = (cell: string, kind: MarkKind, line: string) => {
    const pos = layout.inputs[cell];
    if (!pos) return;
    const cur = byAddress.get(pos.address) ?? { row: pos.row, severity: kind, lines: [] };
    cur.severity = worseMark(cur.severity, kind);
    cur.lines.push(line);
    byAddress.set(pos.address, cur);
  };
  for (const issue of issues) {
    const prefix = t(lang, issue.severity === "error" ? "markError" : "markWarning");
    add(issue.cell, issue.severity, prefix + (lang === "zh" ? issue.message_zh : issue.message_en));
  }
  for (const r of remarks) add(r.cell, "remark", remarkLine(lang, r));
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
  return (
    text !== null &&
    /^(【错误】|【提示】|\[Error\] |\[Warning\] |审核意见 · |Review remark · )/.test(text)
  );
}

export interface PlanInput {
  layout: SheetLayout;
  issues: Issue[];
  /** Open remarks to paint (blue) beside the issues. */
  remarks?: RemarkMark[];
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
  const targets = markTargets(layout, issues, lang, input.remarks ?? []);
  const targetSet = new Set(targets.map((x) => x.address));

  for (const x of targets) {
    plan.fills.push({
      address: x.address,
      color:
        x.severity === "error"
          ? COLORS.errorFill
          : x.severity === "warning"
            ? COLORS.warningFill
            : COLORS.remarkFill,
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
