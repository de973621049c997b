/**
 * A supervisor's remarks on the clerk's sheet: how each stands for the clerk (open, changed,
 * answered), and the marks they get — blue fill and a note (ExcelApi 1.18) or comment (1.14) —
 * planned as the difference from what the sheet shows (marks.ts), so a status that did not
 * change writes nothing. The marks go on without unprotecting the sheet: its protection allows
 * formatting (host `PAINTABLE_PROTECTION`); a sheet an older add-in protected otherwise is
 * unprotected once, at a paint that changes something, and protected again the new way.
 */
import type { Remark } from "../../../shared/api/schemas";
import {
  emptyPlan,
  type MarkMode,
  type PaintPlan,
  type ReadPassResult,
  type WritePassRequest,
} from "../host/types";
import type { SessionCore } from "./core";
import { planIsEmpty, planMarks, type RemarkMark } from "./marks";

/** Every remark of the current report (open ones first). */
export function orderedRemarks(s: SessionCore): Remark[] {
  const all = s.report?.remarks ?? [];
  return [...all.filter((r) => !r.resolved), ...all.filter((r) => r.resolved)];
}

/**
 * How a remark stands for the clerk: resolved by the server, or locally `changed` (the cell no
 * longer holds the remarked revision's value) or `answered` (an answer is typed), else open.
 */
export function remarkState(s: SessionCore, r: Remark): "open" | "changed" | "answered" {
  if (r.resolved) return r.resolution === "answered" ? "answered" : "changed";
  const base = s.report?.values[r.cell] ?? 0;
  const now = s.lastResult ? (s.lastResult.values[r.cell] ?? 0) : base;
  // An open remark's cell still holds the returned revision's value in every later revision
  // (else the server resolved it), so the current revision is the reference.
  if (s.report && now !== base) return "changed";
  if ((s.state.answers[r.id] ?? "").trim()) return "answered";
  return "open";
}

/**
 * The marks follow the server's remarks only: one the clerk changed or answered stays blue (the
 * pane says 已修改 / 已答复) until 提交 resolves it, so neither typing nor 刷新状态 of a status
 * that did not change writes to the sheet.
 */
function remarksToPaint(s: SessionCore): RemarkMark[] {
  return orderedRemarks(s)
    .filter((r) => !r.resolved)
    .map((r) => ({ cell: r.cell, author: r.author.name, text: r.text }));
}

/** What a paint's read must probe: the notes or comments painted before and to paint now. */
export function remarkProbes(
  s: SessionCore,
  mode: MarkMode,
): { noteProbes: string[]; commentProbes: string[] } {
  const addresses = remarksToPaint(s).flatMap((r) => {
    const pos = s.layout.inputs[r.cell];
    return pos ? [pos.address] : [];
  });
  return {
    noteProbes: mode === "note" ? [...new Set(s.state.marks.notes.concat(addresses))] : [],
    commentProbes: mode === "comment" ? Object.values(s.state.marks.comments) : [],
  };
}

/**
 * The write of an explicit action (null: nothing to write): totals (`values`), and with `paint`
 * the remarks' marks where they differ from the sheet's, with the sheet's state (the marks) in
 * the same sync. Unprotects only a sheet whose protection does not allow the marks.
 */
export function planWrite(
  s: SessionCore,
  read: ReadPassResult,
  values: PaintPlan["values"],
  paint: boolean,
  mode: MarkMode,
): WritePassRequest | null {
  const planned = paint
    ? planMarks({
        layout: s.layout,
        remarks: remarksToPaint(s),
        lang: s.deps.lang,
        mode,
        previous: s.state.marks,
        probe: read,
        values,
      })
    : null;
  const plan = planned?.plan ?? { ...emptyPlan(), values };
  if (planIsEmpty(plan)) return null;
  const marksChange = !planIsEmpty({ ...plan, values: [] });
  if (planned) s.state = { ...s.state, marks: planned.marks };
  return {
    sheet: s.sheetId,
    wasProtected: read.protected && !read.paintable && marksChange,
    plan,
    state: planned && marksChange ? s.paintXml() : null,
  };
}
