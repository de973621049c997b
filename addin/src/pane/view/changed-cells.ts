/**
 * 比对's changed cells, drawn alike in the pane (view/changes.ts) and on the page without Excel
 * (view/compare.ts): one list, each cell in the words of where it is shown.
 */
import type { RevisionCompare } from "../../../../shared/api/schemas";
import { h } from "./dom";

/** A comparison worth showing: two different revisions (else there is nothing to list). */
export function comparable(cmp: RevisionCompare | null | undefined): RevisionCompare | null {
  return !cmp || cmp.basis === "only" || cmp.from === cmp.to ? null : cmp;
}

/**
 * The changed cells old → new, each by the words the caller gives it (the pane: its address and
 * label on the review sheet; the page: on the downloaded workbook's form sheet).
 */
export function changedCellList(
  cells: RevisionCompare["cells"],
  words: (cell: string) => string,
): HTMLElement {
  return h(
    "ul",
    { class: "issues" },
    ...cells.map((ch) =>
      h(
        "li",
        { class: "issue changed", "data-cell": ch.cell },
        h("strong", {}, words(ch.cell)),
        `: ${ch.from} → ${ch.to}`,
      ),
    ),
  );
}
