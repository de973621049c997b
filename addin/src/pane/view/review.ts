/** The supervisor's review: pick a unit, load it, decide on 说明, pin remarks, act. */
import type { ReviewState } from "../core";
import type { ReviewWarning } from "../review";
import { changesPart } from "./changes";
import { h, option, type View } from "./dom";

function warningItem(v: View, r: ReviewState, w: ReviewWarning): HTMLElement {
  const { c, L } = v;
  const decision = (d: "accepted" | "rejected") =>
    h(
      "button",
      {
        class: `btn subtle toggle ${w.decision === d ? "on" : ""}`,
        "data-decision": d,
        "data-key": w.issue.key,
        "aria-pressed": w.decision === d ? "true" : "false",
        onclick: () => c.decide(w.issue.key, w.decision === d ? null : d),
      },
      d === "accepted" ? L("decisionAccept") : L("decisionReject"),
    );
  const comment = h("input", {
    class: "decision-comment",
    "data-key": w.issue.key,
    placeholder: L("decisionComment"),
    onchange: (e: Event) =>
      c.decide(w.issue.key, w.decision ?? "rejected", (e.target as HTMLInputElement).value),
  }) as HTMLInputElement;
  comment.value = r.decisions[w.issue.key]?.comment ?? "";
  return h(
    "li",
    { class: "issue warning review-item", "data-key": w.issue.key },
    h(
      "p",
      {},
      h("span", { class: "chip warning" }, L("chipWarning")),
      " ",
      c.lang === "zh" ? w.issue.message_zh : w.issue.message_en,
    ),
    h(
      "p",
      { class: "explanation-text" },
      `${L("explanation")}: ${w.explanation || L("noExplanation")}`,
    ),
    h("div", { class: "actions" }, decision("accepted"), decision("rejected")),
    w.decision === "rejected" ? comment : null,
  );
}

function remarksPart(v: View, r: ReviewState): (HTMLElement | null)[] {
  const { c, L, draft } = v;
  const box = h("textarea", {
    id: "remark-text",
    rows: 2,
    oninput: (e: Event) => (draft.remark = (e.target as HTMLTextAreaElement).value),
  }) as HTMLTextAreaElement;
  box.value = draft.remark;
  const pinned = r.remarks.map((m) =>
    h(
      "li",
      { class: "issue remark open" },
      h("strong", {}, c.cellLabel(m.cell)),
      `: ${m.text} `,
      h("button", { class: "btn subtle", onclick: () => void c.removeRemark(m.cell) }, L("remove")),
    ),
  );
  const pin = async () => {
    if (await c.pinRemark(draft.remark)) {
      draft.remark = "";
      v.render();
    }
  };
  return [
    h("h4", {}, L("remarks")),
    pinned.length ? h("ul", { class: "issues", id: "pinned" }, ...pinned) : null,
    h("label", { for: "remark-text" }, L("remarkText")),
    box,
    h(
      "div",
      { class: "actions" },
      h(
        "button",
        { class: "btn", id: "pin-remark", disabled: c.busy, onclick: pin },
        L("pinRemark"),
      ),
    ),
  ];
}

function historyPart({ c, L }: View, r: ReviewState): HTMLElement | null {
  if (!r.history.length) return null;
  const line = (e: ReviewState["history"][number]) =>
    `${new Date(e.at).toLocaleString(c.lang === "zh" ? "zh-CN" : "en-US")} · ` +
    `${L(`event_${e.action}`)} · ${L("revisionN", { n: e.revision })} · ${e.by.unit.name}` +
    (e.reason ? ` · ${e.reason}` : "");
  return h(
    "details",
    { id: "history" },
    h("summary", {}, L("history")),
    h("ul", { class: "history" }, ...r.history.map((e) => h("li", {}, line(e)))),
  );
}

function actionsPart(v: View): HTMLElement[] {
  const { c, L, draft } = v;
  const acts = c.reviewActions();
  const reasonBox = h("input", {
    id: "review-reason",
    oninput: (e: Event) => (draft.reason = (e.target as HTMLInputElement).value),
  }) as HTMLInputElement;
  reasonBox.value = draft.reason;
  const act = (a: "return" | "accept" | "reopen") => async () => {
    if (await c.reviewAction(a, draft.reason)) {
      draft.reason = "";
      v.render();
    }
  };
  const button = (a: "return" | "accept" | "reopen", id: string, cls: string, text: string) =>
    acts[a] ? h("button", { class: cls, id, disabled: c.busy, onclick: act(a) }, text) : null;
  return [
    h("label", { for: "review-reason" }, L("reason")),
    reasonBox,
    h(
      "div",
      { class: "actions" },
      button("return", "review-return", "btn", L("returnReport")),
      button("accept", "review-accept", "btn primary", L("acceptReport")),
      button("reopen", "review-reopen", "btn", L("reopenReport")),
    ),
  ];
}

function loadedReview(v: View, r: ReviewState): HTMLElement {
  const { c, L } = v;
  const warnings = c.reviewWarnings();
  return h(
    "div",
    { class: "review-body" },
    h(
      "p",
      { class: `workflow ${r.report.status}`, id: "review-status" },
      `${r.unit.name} · ${L("wfStatus", { status: L(`status_${r.report.status ?? "submitted"}`) })}` +
        (r.report.late ? ` · ${L("wfLate")}` : "") +
        (r.report.dueDate ? ` · ${L("wfDue", { date: r.report.dueDate })}` : ""),
    ),
    changesPart(v, r),
    h("h4", {}, L("reviewWarnings")),
    warnings.length
      ? h("ul", { class: "issues" }, ...warnings.map((w) => warningItem(v, r, w)))
      : h("p", { class: "hint" }, L("reviewNoWarnings")),
    ...remarksPart(v, r),
    historyPart(v, r),
    ...actionsPart(v),
  );
}

export function reviewSection(v: View): HTMLElement {
  const { c, L } = v;
  const unitSelect = h(
    "select",
    {
      id: "review-unit",
      onchange: (e: Event) => c.choose({ reviewUnit: (e.target as HTMLSelectElement).value }),
    },
    ...c.reviewUnits.map((u) => option(u.code, `${u.name} (${u.code})`, u.code === c.reviewUnit)),
  );
  return h(
    "div",
    { id: "review" },
    h("h3", {}, L("reviewSection")),
    h("label", { for: "review-unit" }, L("reviewUnit")),
    c.reviewUnits.length ? unitSelect : h("p", { class: "hint" }, L("reviewPickHint")),
    h(
      "div",
      { class: "actions" },
      h(
        "button",
        {
          class: "btn",
          id: "load-review",
          disabled: c.busy || !c.me || !c.reviewUnit,
          onclick: () => void c.loadReview(),
        },
        L("loadReview"),
      ),
    ),
    c.review ? loadedReview(v, c.review) : null,
  );
}
