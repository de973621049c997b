/**
 * The pane's issue list, one renderer for both places it appears: the clerk's list of the sheet's
 * issues inside Excel, and the issues of a refused workbook upload in a plain browser. Each
 * caller wraps an item's head (chip and message) with what it adds (a link to the cell and the
 * 说明 box in Excel; the cell addresses in the browser).
 */
import type { Issue } from "../../../../shared/engine";
import { t, type Lang } from "../../common/i18n";
import type { IssueGroup } from "../issues";
import { h } from "./dom";

/** The chip (错误 / 提示) and the message, in the pane's language. */
export function issueHead(lang: Lang, issue: Issue): (HTMLElement | string)[] {
  const chip = t(lang, issue.severity === "error" ? "chipError" : "chipWarning");
  return [
    h("span", { class: `chip ${issue.severity}` }, chip),
    " ",
    lang === "zh" ? issue.message_zh : issue.message_en,
  ];
}

/** The groups under their table's title, each issue an `<li>` built by `item`. */
export function issueGroups(
  groups: readonly IssueGroup[],
  item: (issue: Issue) => HTMLElement,
): HTMLElement[] {
  return groups.map((g) =>
    h(
      "div",
      { class: "group" },
      g.table ? h("h4", {}, g.table) : null,
      h("ul", { class: "issues" }, ...g.issues.map(item)),
    ),
  );
}
