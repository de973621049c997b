/**
 * 比对 in the pane: the cells changed since the revision last returned (or the previous one),
 * old → new, and how many 说明 and remark answers changed. A click selects the cell in the
 * review sheet, like an issue.
 */
import type { ReviewState } from "../core";
import { h, type View } from "./dom";

export function changesPart(v: View, r: ReviewState): HTMLElement | null {
  const { c, L } = v;
  const cmp = r.changes;
  if (!cmp || cmp.basis === "only" || cmp.from === cmp.to) return null;
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
      ? h(
          "ul",
          { class: "issues" },
          ...cmp.cells.map((ch) =>
            h(
              "li",
              { class: "issue changed", "data-cell": ch.cell },
              h("strong", {}, c.cellLabel(ch.cell)),
              `: ${ch.from} → ${ch.to}`,
            ),
          ),
        )
      : h("p", { class: "hint" }, L("changesNone", { revision: cmp.from })),
    extra.length ? h("p", { class: "hint" }, extra.join(" · ")) : null,
  );
}
