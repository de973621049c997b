/** The clerk's card: actions, status lines, remarks of a return, and the issues with 说明. */
import { MIN_EXPLANATION_CHARS } from "../../../../shared/api/schemas";
import type { Issue } from "../../../../shared/engine";
import { formSheetName } from "../../../../shared/layout/sheet-names";
import { formPicker } from "./connect";
import { h, type View } from "./dom";
import { issueGroups, issueHead } from "./issues";

function explanationBox(v: View, issue: Issue): HTMLElement[] {
  const { c, L, explanations } = v;
  const s = c.session!;
  const value = explanations.pending.get(issue.key) ?? s.state.explanations[issue.key] ?? "";
  const short = value.trim().length < MIN_EXPLANATION_CHARS;
  const box = h("textarea", {
    id: `x-${issue.key}`,
    "data-key": issue.key,
    class: short ? "explain missing" : "explain",
    rows: 2,
    value,
    oninput: (e: Event) => explanations.type(issue.key, (e.target as HTMLTextAreaElement).value),
    onchange: () => explanations.flush(issue.key),
  }) as HTMLTextAreaElement;
  box.value = value;
  const out = [
    h("label", { class: "explain-label", for: `x-${issue.key}` }, L("explanation")),
    box,
  ];
  const review = s.report?.explanationReviews?.[issue.key];
  if (review)
    out.push(
      h(
        "p",
        { class: `review-note ${review.decision}` },
        review.decision === "accepted"
          ? L("explanationAccepted")
          : L("explanationRejected", { comment: review.comment ?? "" }),
      ),
    );
  const last = s.lastYearExplanation(issue);
  if (last && last.trim() !== value.trim())
    out.push(
      h(
        "div",
        { class: "last-year" },
        h("p", { class: "hint" }, L("lastYearExplanation", { text: last })),
        h(
          "button",
          {
            class: "btn subtle use-last-year",
            "data-key": issue.key,
            onclick: () => {
              explanations.pending.delete(issue.key);
              void c.useLastYear(issue);
            },
          },
          L("useLastYear"),
        ),
      ),
    );
  return out;
}

function issueItem(v: View, issue: Issue): HTMLElement {
  const { c } = v;
  return h(
    "li",
    { class: `issue ${issue.severity}` },
    h(
      "button",
      { class: "issue-link", title: issue.key, onclick: () => void c.selectIssue(issue) },
      ...issueHead(c.lang, issue),
    ),
    ...(issue.severity === "warning" ? explanationBox(v, issue) : []),
  );
}

function remarksBlock(v: View): HTMLElement | null {
  const { c, L, answers } = v;
  const s = c.session;
  const remarks = s?.remarks() ?? [];
  const reason = s?.report?.returnReason;
  if (!s || (!remarks.length && !reason)) return null;
  const item = (r: (typeof remarks)[number]) => {
    const st = s.remarkState(r);
    const value = answers.pending.get(r.id) ?? r.answer ?? s.state.answers[r.id] ?? "";
    const box = h("textarea", {
      id: `a-${r.id}`,
      class: "answer",
      "data-remark": r.id,
      rows: 2,
      disabled: r.resolved,
      oninput: (e: Event) => answers.type(r.id, (e.target as HTMLTextAreaElement).value),
      onchange: () => answers.flush(r.id),
    }) as HTMLTextAreaElement;
    box.value = value;
    const chip =
      st === "open" ? L("remarkChip") : st === "changed" ? L("remarkChanged") : L("remarkAnswered");
    return h(
      "li",
      { class: `issue remark ${st}`, "data-remark": r.id },
      h(
        "button",
        { class: "issue-link", onclick: () => void c.selectCell(r.cell) },
        h("span", { class: `chip ${st === "open" ? "remark" : "resolved"}` }, chip),
        " ",
        h("strong", {}, c.cellLabel(r.cell, s.form)),
        h("br", {}),
        `${L("remarkBy", { name: r.author.name, revision: r.revision })}: ${r.text}`,
      ),
      h("label", { class: "explain-label", for: `a-${r.id}` }, L("answer")),
      box,
    );
  };
  return h(
    "div",
    { id: "remarks" },
    h("h3", {}, L("remarks")),
    reason ? h("p", { class: "notice error return-reason" }, L("returnReason", { reason })) : null,
    h("ul", { class: "issues" }, ...remarks.map(item)),
  );
}

function clerkActions(v: View): HTMLElement {
  const { c, L } = v;
  const s = c.session;
  const canRetry = s?.submitStatus.kind === "network";
  const button = (id: string, cls: string, disabled: boolean, onclick: () => void, text: string) =>
    h("button", { class: cls, id, disabled, onclick }, text);
  return h(
    "div",
    { class: "actions" },
    button("insert", "btn", c.busy || !c.me, () => void c.insert(), L("insertForm")),
    // A sheet whose totals are formulas computes them itself: the button only on older sheets.
    s?.formulaTotals
      ? null
      : button("fill", "btn", c.busy || !s, () => void c.fillTotals(), L("fillTotals")),
    button(
      "submit",
      "btn primary",
      c.busy || !s || !c.me,
      () => {
        // What was just typed in a 说明 or answer box is saved before the request.
        v.explanations.flush();
        v.answers.flush();
        void c.submit();
      },
      canRetry ? L("retry") : L("submit"),
    ),
    button("refresh", "btn subtle", c.busy || !s || !c.me, () => void c.refresh(), L("refresh")),
    // Typing keeps 说明 and answers outside the workbook (Ctrl+Z keeps working); 保存 puts them in.
    s
      ? h(
          "button",
          {
            class: "btn subtle",
            id: "save-texts",
            title: L("saveTextsHint"),
            disabled: c.busy,
            onclick: () => {
              v.explanations.flush();
              v.answers.flush();
              void c.saveTexts();
            },
          },
          L("saveTexts"),
        )
      : null,
    button(
      "publish-html",
      "btn subtle",
      c.busy || !c.me,
      () => void c.publish("report", "html"),
      L("publishHtml"),
    ),
    button(
      "publish-docx",
      "btn subtle",
      c.busy || !c.me,
      () => void c.publish("report", "docx"),
      L("publishWord"),
    ),
  );
}

export function clerkSection(v: View): HTMLElement {
  const { c, L } = v;
  const s = c.session;
  const groups = c.groups();
  const status = c.statusText();
  const statusClass =
    s?.submitStatus.kind === "submitted" ? c.reportStatus() : s?.submitStatus.kind;
  return h(
    "section",
    { class: "card", id: "clerk" },
    h("h2", {}, L("clerkSection")),
    ...formPicker(v),
    clerkActions(v),
    s && c.me
      ? h("p", { class: `workflow ${c.reportStatus()}`, id: "workflow" }, c.workflowText())
      : null,
    status
      ? h("p", { class: `status ${statusClass}`, id: "status", role: "status" }, status)
      : null,
    remarksBlock(v),
    s
      ? // The sheet by its tab (「2024年 年报统计表」), never by the form's id (issue 23.4).
        h("h3", {}, `${L("issues")} · ${formSheetName(s.form, s.year, v.c.lang)}`)
      : h("p", { class: "hint" }, L("noSheet")),
    s?.outdated ? h("p", { class: "notice error" }, L("outdated")) : null,
    s?.legacy && !s.outdated ? h("p", { class: "notice" }, L("legacySheet")) : null,
    s && s.warnings().length
      ? h("p", { class: "hint" }, L("explanationHint", { n: MIN_EXPLANATION_CHARS }))
      : null,
    s && groups.length === 0 ? h("p", { class: "ok-text" }, L("noIssues")) : null,
    ...issueGroups(groups, (i) => issueItem(v, i)),
  );
}
