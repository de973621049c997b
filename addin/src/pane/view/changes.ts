/**
 * 比对 in the pane: the cells changed since the revision last returned (or the previous one),
 * old → new, and how many 说明 and remark answers changed. A click selects the cell in the
 * review sheet, like an issue.
 */
import type { ReviewState } from "../core";
import { changedCellList, comparable } from "./changed-cells";
import { h, type View } from "./dom";

export function changesPart(v: View, r: ReviewState): HTMLElement | null {
  const { c, L } = v;
  const cmp = comparable(r.changes);
  if (!cmp) return null;
  const basis = cmp.basis === "returned" ? L("changesBasis_returned") : L("changesBasis_previous");
  const extra = [
    cmp.explanations.length ? L("changesExplanations", { n: cmp.explanations.length }) : null,
    cmp.answers.length ? L("changesAnswers", { n: cmp.answers.length }) : null,
  ].filter((x): x is string => x !== null);
  return h(
    "div",
    { id: "changes", "data-from": String(cmp.from) },
    h("h4", {}, `${L("changesTitle", { revision: cmp.from, n: cmp.cells.length })} · ${basis}`),
    cmp.cells.length
      ? changedCellList(cmp.cells, (cell) => c.cellLabel(cell))
      : h("p", { class: "hint" }, L("changesNone", { revision: cmp.from })),
    extra.length ? h("p", { class: "hint" }, extra.join(" · ")) : null,
  );
}
