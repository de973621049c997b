/**
 * Pure: a supervisor's open remarks → what to change on the form sheet when the status is fetched:
 * only the difference from what the sheet shows (the last paint, kept in the sheet's state, and
 * the notes or comments probed), so a status that did not change writes nothing and the clerk's
 * Ctrl+Z history is kept. Remarks are blue, with the text in a note (ExcelApi 1.18)
 * or a comment (1.14); validation marks are the workbook's own conditional formats (red, amber),
 * which win the fill over a remark's. Marks an older add-in painted (fills, outlines, notes,
 * comments, message-column text) are cleared by the same plan.
 */
import type { SheetLayout } from "../../../shared/layout";
import { ERROR_FILL, REMARK_FILL, WARNING_FILL } from "../../../shared/workbook/checks-sheet";
import { emptyPlan, type MarkMode, type PaintPlan, type ReadPassResult } from "../host/types";
import { t, type Lang } from "../common/i18n";
import { emptyMarks, type Marks } from "./state";

export const COLORS = {
  /** The workbook's conditional formats (shared/workbook): defined once there. */
  errorFill: ERROR_FILL,
  warningFill: WARNING_FILL,
  remarkFill: REMARK_FILL,
  /** A cell changed since the revision the supervisor returned (the review sheet's 比对). */
  changedFill: "#C6E0B4",
};

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

/** Is a note one of ours (so the add-in may replace or delete it)? */
export function isOurNote(text: string | null): boolean {
  return (
    text !== null &&
    /^(【错误】|【提示】|\[Error\] |\[Warning\] |审核意见 · |Review remark · )/.test(text)
  );
}

export interface PlanInput {
  layout: SheetLayout;
  remarks: RemarkMark[];
  lang: Lang;
  mode: MarkMode;
  previous: Marks;
  probe: Pick<ReadPassResult, "notes" | "comments"> & Partial<Pick<ReadPassResult, "commentTexts">>;
  values?: PaintPlan["values"];
}

export interface MarksPlan {
  plan: PaintPlan;
  /** The marks after the paint (comment ids of added comments are filled in afterwards). */
  marks: Marks;
}

/** The remarks by the cell address they are shown at (several remarks of a cell: one per line). */
function targets(input: PlanInput): Map<string, string> {
  const out = new Map<string, string[]>();
  for (const r of input.remarks) {
    const pos = input.layout.inputs[r.cell];
    if (pos) out.set(pos.address, [...(out.get(pos.address) ?? []), remarkLine(input.lang, r)]);
  }
  return new Map([...out].map(([a, lines]) => [a, lines.join("\n")]));
}

export function planMarks(input: PlanInput): MarksPlan {
  const { mode, previous, probe } = input;
  const plan = emptyPlan();
  if (input.values) plan.values = input.values;
  const marks = emptyMarks();
  const now = targets(input);

  const filled = new Set(previous.fills);
  for (const a of now.keys()) {
    if (!filled.has(a)) plan.fills.push({ address: a, color: COLORS.remarkFill });
    marks.fills.push(a);
  }
  for (const a of previous.fills) if (!now.has(a)) plan.fills.push({ address: a, color: null });
  // Outlines and message-column text were an older add-in's validation marks.
  for (const a of previous.outlines) plan.outlines.push({ address: a, color: null });
  for (const a of previous.messages) plan.messages.push({ address: a, text: "" });

  const ours = new Set(previous.notes);
  for (const [a, text] of mode === "note" ? now : []) {
    const existing = probe.notes[a] ?? null;
    if (existing !== null && !ours.has(a) && !isOurNote(existing)) continue; // the clerk's own note
    if (existing !== text) plan.notes.push({ address: a, text, exists: existing !== null });
    marks.notes.push(a);
  }
  for (const a of previous.notes) {
    if (mode === "note" && now.has(a)) continue;
    if ((probe.notes[a] ?? null) !== null)
      plan.notes.push({ address: a, text: null, exists: true });
  }

  for (const [a, text] of mode === "comment" ? now : []) {
    const id = previous.comments[a];
    const alive = id !== undefined && probe.comments[id] === true;
    if (!alive || probe.commentTexts?.[id] !== text)
      plan.comments.push({ address: a, text, id: alive ? id : null });
    if (alive) marks.comments[a] = id;
  }
  for (const [a, id] of Object.entries(previous.comments)) {
    if (mode === "comment" && now.has(a)) continue;
    if (probe.comments[id] === true) plan.commentDeletes.push(id);
  }
  return { plan, marks };
}

/** Nothing to write: the sheet already shows what the plan would paint. */
export function planIsEmpty(plan: PaintPlan): boolean {
  return Object.values(plan).every((list: unknown[]) => list.length === 0);
}
