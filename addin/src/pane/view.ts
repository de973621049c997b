/** The task pane's DOM: plain elements styled like Fluent (taskpane.css), re-rendered on change. */
import { MIN_EXPLANATION_CHARS } from "../../../shared/api/schemas";
import type { Issue } from "../../../shared/engine";
import { debounce } from "../debounce";
import { t, type StringKey } from "../i18n";
import type { PaneController } from "./controller";

type Attrs = Record<string, string | number | boolean | ((e: Event) => void) | undefined>;

function h(
  tag: string,
  attrs: Attrs = {},
  ...children: (Node | string | null | false)[]
): HTMLElement {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === false) continue;
    if (typeof v === "function") el.addEventListener(k.slice(2).toLowerCase(), v);
    else if (k === "value") (el as HTMLInputElement).value = String(v);
    else el.setAttribute(k, v === true ? "" : String(v));
  }
  for (const c of children) {
    if (c !== null && c !== false)
      el.appendChild(typeof c === "string" ? document.createTextNode(c) : c);
  }
  return el;
}

export function mountPane(root: HTMLElement, c: PaneController): () => void {
  const L = (k: StringKey, vars?: Record<string, string | number>) => t(c.lang, k, vars);
  const saveExplanation = new Map<string, ReturnType<typeof debounce>>();
  const explain = (key: string, text: string) => {
    let d = saveExplanation.get(key);
    if (!d) {
      d = debounce(() => void c.explain(key, pending.get(key) ?? ""), 600, c.deps.timer);
      saveExplanation.set(key, d);
    }
    pending.set(key, text);
    d();
  };
  const pending = new Map<string, string>();
  // Answers to remarks: kept like 说明 (debounced, flushed before a submission).
  const answerPending = new Map<string, string>();
  const saveAnswer = new Map<string, ReturnType<typeof debounce>>();
  const answer = (id: string, text: string) => {
    let d = saveAnswer.get(id);
    if (!d) {
      d = debounce(() => void c.answer(id, answerPending.get(id) ?? ""), 600, c.deps.timer);
      saveAnswer.set(id, d);
    }
    answerPending.set(id, text);
    d();
  };
  // Review inputs survive re-renders.
  const draft = { remark: "", reason: "" };

  const connectSection = () => {
    const server = h("input", {
      id: "server",
      type: "url",
      value: c.server,
      autocomplete: "url",
    }) as HTMLInputElement;
    const token = h("input", {
      id: "token",
      type: "password",
      value: c.token,
      autocomplete: "off",
    }) as HTMLInputElement;
    const me = c.me;
    return h(
      "section",
      { class: "card", id: "connect" },
      h("h2", {}, L("connect")),
      me
        ? h(
            "div",
            { class: "me" },
            h("span", { class: "badge ok" }, L("connected")),
            h("div", {}, `${L("unit")}: `, h("strong", {}, me.unit.name), ` (${me.unit.code})`),
            h("div", {}, `${L("role")}: ${L(`role_${me.role}` as StringKey)}`),
            h("button", { class: "btn subtle", onclick: () => c.disconnect() }, L("disconnect")),
          )
        : h(
            "form",
            {
              onsubmit: (e: Event) => {
                e.preventDefault();
                void c.connect(server.value.trim(), token.value.trim());
              },
            },
            h("label", { for: "server" }, L("serverUrl")),
            server,
            h("label", { for: "token" }, L("token")),
            token,
            h("p", { class: "hint" }, L("tokenHint")),
            h("button", { class: "btn primary", type: "submit", disabled: c.busy }, L("connect")),
          ),
    );
  };

  const formPicker = () => {
    const select = h(
      "select",
      { id: "form", onchange: (e: Event) => (c.formId = (e.target as HTMLSelectElement).value) },
      ...c.forms.map((f) => {
        const o = h("option", { value: f.id }, `${f.title[c.lang]} (${f.id})`) as HTMLOptionElement;
        o.selected = f.id === c.formId;
        return o;
      }),
    );
    const year = h("input", {
      id: "year",
      type: "number",
      min: 2000,
      max: 2100,
      value: c.year,
      onchange: (e: Event) => (c.year = Number((e.target as HTMLInputElement).value)),
    });
    return [
      h("label", { for: "form" }, L("form")),
      select,
      h("label", { for: "year" }, L("year")),
      year,
    ];
  };

  const issueItem = (issue: Issue) => {
    const s = c.session!;
    const text = c.lang === "zh" ? issue.message_zh : issue.message_en;
    const item = h(
      "li",
      { class: `issue ${issue.severity}` },
      h(
        "button",
        { class: "issue-link", title: issue.key, onclick: () => void c.selectIssue(issue) },
        h(
          "span",
          { class: `chip ${issue.severity}` },
          issue.severity === "error" ? L("chipError") : L("chipWarning"),
        ),
        " ",
        text,
      ),
    );
    if (issue.severity === "warning") {
      const value = pending.get(issue.key) ?? s.state.explanations[issue.key] ?? "";
      const short = value.trim().length < MIN_EXPLANATION_CHARS;
      item.appendChild(
        h("label", { class: "explain-label", for: `x-${issue.key}` }, L("explanation")),
      );
      item.appendChild(
        h("textarea", {
          id: `x-${issue.key}`,
          "data-key": issue.key,
          class: short ? "explain missing" : "explain",
          rows: 2,
          value,
          oninput: (e: Event) => explain(issue.key, (e.target as HTMLTextAreaElement).value),
          onchange: () => saveExplanation.get(issue.key)?.flush(),
        }),
      );
      (item.lastChild as HTMLTextAreaElement).value = value;
      const review = s.report?.explanationReviews?.[issue.key];
      if (review)
        item.appendChild(
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
        item.appendChild(
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
                  pending.delete(issue.key);
                  void c.useLastYear(issue);
                },
              },
              L("useLastYear"),
            ),
          ),
        );
    }
    return item;
  };

  const remarksBlock = () => {
    const s = c.session;
    const remarks = s?.remarks() ?? [];
    const reason = s?.report?.returnReason;
    if (!s || (!remarks.length && !reason)) return null;
    return h(
      "div",
      { id: "remarks" },
      h("h3", {}, L("remarks")),
      reason
        ? h("p", { class: "notice error return-reason" }, L("returnReason", { reason }))
        : null,
      h(
        "ul",
        { class: "issues" },
        ...remarks.map((r) => {
          const st = s.remarkState(r);
          const value = answerPending.get(r.id) ?? r.answer ?? s.state.answers[r.id] ?? "";
          const box = h("textarea", {
            id: `a-${r.id}`,
            class: "answer",
            "data-remark": r.id,
            rows: 2,
            disabled: r.resolved,
            oninput: (e: Event) => answer(r.id, (e.target as HTMLTextAreaElement).value),
            onchange: () => saveAnswer.get(r.id)?.flush(),
          }) as HTMLTextAreaElement;
          box.value = value;
          return h(
            "li",
            { class: `issue remark ${st}`, "data-remark": r.id },
            h(
              "button",
              { class: "issue-link", onclick: () => void c.selectCell(r.cell) },
              h(
                "span",
                { class: `chip ${st === "open" ? "remark" : "resolved"}` },
                st === "open"
                  ? L("remarkChip")
                  : st === "changed"
                    ? L("remarkChanged")
                    : L("remarkAnswered"),
              ),
              " ",
              h("strong", {}, c.cellLabel(r.cell, s.form)),
              h("br", {}),
              `${L("remarkBy", { name: r.author.name, revision: r.revision })}: ${r.text}`,
            ),
            h("label", { class: "explain-label", for: `a-${r.id}` }, L("answer")),
            box,
          );
        }),
      ),
    );
  };

  const clerkSection = () => {
    const s = c.session;
    const groups = c.groups();
    const status = c.statusText();
    const canRetry = s?.submitStatus.kind === "network";
    return h(
      "section",
      { class: "card", id: "clerk" },
      h("h2", {}, L("clerkSection")),
      ...formPicker(),
      h(
        "div",
        { class: "actions" },
        h(
          "button",
          { class: "btn", id: "insert", disabled: c.busy || !c.me, onclick: () => void c.insert() },
          L("insertForm"),
        ),
        h(
          "button",
          { class: "btn", id: "fill", disabled: c.busy || !s, onclick: () => void c.fillTotals() },
          L("fillTotals"),
        ),
        h(
          "button",
          {
            class: "btn primary",
            id: "submit",
            disabled: c.busy || !s || !c.me,
            onclick: () => {
              // What was just typed in a 说明 or answer box is saved before the request.
              for (const d of saveExplanation.values()) d.flush();
              for (const d of saveAnswer.values()) d.flush();
              void c.submit();
            },
          },
          canRetry ? L("retry") : L("submit"),
        ),
        h(
          "button",
          {
            class: "btn subtle",
            id: "refresh",
            disabled: c.busy || !s || !c.me,
            onclick: () => void c.refresh(),
          },
          L("refresh"),
        ),
      ),
      s && c.me
        ? h("p", { class: `workflow ${c.reportStatus()}`, id: "workflow" }, c.workflowText())
        : null,
      status
        ? h(
            "p",
            {
              class: `status ${s?.submitStatus.kind === "submitted" ? c.reportStatus() : s?.submitStatus.kind}`,
              id: "status",
              role: "status",
            },
            status,
          )
        : null,
      remarksBlock(),
      s
        ? h("h3", {}, `${L("issues")} · ${s.form.id} · ${s.year}`)
        : h("p", { class: "hint" }, L("noSheet")),
      s?.outdated ? h("p", { class: "notice error" }, L("outdated")) : null,
      s && s.warnings().length
        ? h("p", { class: "hint" }, L("explanationHint", { n: MIN_EXPLANATION_CHARS }))
        : null,
      s && groups.length === 0 ? h("p", { class: "ok-text" }, L("noIssues")) : null,
      ...groups.map((g) =>
        h(
          "div",
          { class: "group" },
          h("h4", {}, g.table),
          h("ul", { class: "issues" }, ...g.issues.map(issueItem)),
        ),
      ),
    );
  };

  const reviewSection = () => {
    const r = c.review;
    const acts = c.reviewActions();
    const unitSelect = h(
      "select",
      {
        id: "review-unit",
        onchange: (e: Event) => (c.reviewUnit = (e.target as HTMLSelectElement).value),
      },
      ...c.reviewUnits.map((u) => {
        const o = h("option", { value: u.code }, `${u.name} (${u.code})`) as HTMLOptionElement;
        o.selected = u.code === c.reviewUnit;
        return o;
      }),
    );
    const decision = (key: string, d: "accepted" | "rejected", current: string | null) =>
      h(
        "button",
        {
          class: `btn subtle toggle ${current === d ? "on" : ""}`,
          "data-decision": d,
          "data-key": key,
          "aria-pressed": current === d ? "true" : "false",
          onclick: () => c.decide(key, current === d ? null : d),
        },
        d === "accepted" ? L("decisionAccept") : L("decisionReject"),
      );
    const remarkBox = h("textarea", {
      id: "remark-text",
      rows: 2,
      oninput: (e: Event) => (draft.remark = (e.target as HTMLTextAreaElement).value),
    }) as HTMLTextAreaElement;
    remarkBox.value = draft.remark;
    const reasonBox = h("input", {
      id: "review-reason",
      oninput: (e: Event) => (draft.reason = (e.target as HTMLInputElement).value),
    }) as HTMLInputElement;
    reasonBox.value = draft.reason;
    const act = (a: "return" | "accept" | "reopen") => async () => {
      if (await c.reviewAction(a, draft.reason)) {
        draft.reason = "";
        render();
      }
    };
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
      r
        ? h(
            "div",
            { class: "review-body" },
            h(
              "p",
              { class: `workflow ${r.report.status}`, id: "review-status" },
              `${r.unit.name} · ${L("wfStatus", { status: L(`status_${r.report.status ?? "submitted"}`) })}` +
                (r.report.late ? ` · ${L("wfLate")}` : "") +
                (r.report.dueDate ? ` · ${L("wfDue", { date: r.report.dueDate })}` : ""),
            ),
            h("h4", {}, L("reviewWarnings")),
            c.reviewWarnings().length
              ? h(
                  "ul",
                  { class: "issues" },
                  ...c.reviewWarnings().map((w) => {
                    const comment = h("input", {
                      class: "decision-comment",
                      "data-key": w.issue.key,
                      placeholder: L("decisionComment"),
                      onchange: (e: Event) =>
                        c.decide(
                          w.issue.key,
                          w.decision ?? "rejected",
                          (e.target as HTMLInputElement).value,
                        ),
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
                      h(
                        "div",
                        { class: "actions" },
                        decision(w.issue.key, "accepted", w.decision),
                        decision(w.issue.key, "rejected", w.decision),
                      ),
                      w.decision === "rejected" ? comment : null,
                    );
                  }),
                )
              : h("p", { class: "hint" }, L("reviewNoWarnings")),
            h("h4", {}, L("remarks")),
            r.remarks.length
              ? h(
                  "ul",
                  { class: "issues", id: "pinned" },
                  ...r.remarks.map((m) =>
                    h(
                      "li",
                      { class: "issue remark open" },
                      h("strong", {}, c.cellLabel(m.cell)),
                      `: ${m.text} `,
                      h(
                        "button",
                        { class: "btn subtle", onclick: () => void c.removeRemark(m.cell) },
                        L("remove"),
                      ),
                    ),
                  ),
                )
              : null,
            h("label", { for: "remark-text" }, L("remarkText")),
            remarkBox,
            h(
              "div",
              { class: "actions" },
              h(
                "button",
                {
                  class: "btn",
                  id: "pin-remark",
                  disabled: c.busy,
                  onclick: async () => {
                    if (await c.pinRemark(draft.remark)) {
                      draft.remark = "";
                      render();
                    }
                  },
                },
                L("pinRemark"),
              ),
            ),
            r.history.length
              ? h(
                  "details",
                  { id: "history" },
                  h("summary", {}, L("history")),
                  h(
                    "ul",
                    { class: "history" },
                    ...r.history.map((e) =>
                      h(
                        "li",
                        {},
                        `${new Date(e.at).toLocaleString(c.lang === "zh" ? "zh-CN" : "en-US")} · ` +
                          `${L(`event_${e.action}`)} · ${L("revisionN", { n: e.revision })} · ${e.by.unit.name}` +
                          (e.reason ? ` · ${e.reason}` : ""),
                      ),
                    ),
                  ),
                )
              : null,
            h("label", { for: "review-reason" }, L("reason")),
            reasonBox,
            h(
              "div",
              { class: "actions" },
              acts.return
                ? h(
                    "button",
                    { class: "btn", id: "review-return", disabled: c.busy, onclick: act("return") },
                    L("returnReport"),
                  )
                : null,
              acts.accept
                ? h(
                    "button",
                    {
                      class: "btn primary",
                      id: "review-accept",
                      disabled: c.busy,
                      onclick: act("accept"),
                    },
                    L("acceptReport"),
                  )
                : null,
              acts.reopen
                ? h(
                    "button",
                    { class: "btn", id: "review-reopen", disabled: c.busy, onclick: act("reopen") },
                    L("reopenReport"),
                  )
                : null,
            ),
          )
        : null,
    );
  };

  const supervisorSection = (reviewer: boolean) =>
    h(
      "section",
      { class: "card", id: "supervisor" },
      h("h2", {}, L("supervisorSection")),
      h("label", { for: "unit" }, L("unitCode")),
      h("input", {
        id: "unit",
        list: "units",
        value: c.unitCode,
        onchange: (e: Event) => (c.unitCode = (e.target as HTMLInputElement).value.trim()),
      }),
      h("datalist", { id: "units" }, ...c.units.map((u) => h("option", { value: u.code }, u.name))),
      ...formPicker(),
      h("label", { for: "include" }, L("include")),
      h(
        "select",
        {
          id: "include",
          onchange: (e: Event) =>
            (c.include = (e.target as HTMLSelectElement).value as typeof c.include),
        },
        ...(["submitted", "accepted"] as const).map((v) => {
          const o = h(
            "option",
            { value: v },
            v === "submitted" ? L("includeSubmitted") : L("includeAccepted"),
          ) as HTMLOptionElement;
          o.selected = v === c.include;
          return o;
        }),
      ),
      h(
        "div",
        { class: "actions" },
        h(
          "button",
          {
            class: "btn primary",
            id: "pull",
            disabled: c.busy || !c.me,
            onclick: () => void c.pullRollup(),
          },
          L("pullRollup"),
        ),
      ),
      reviewer ? reviewSection() : null,
    );

  const render = () => {
    const focused = document.activeElement as HTMLElement | null;
    const focusId = focused?.id;
    const sel =
      focused instanceof HTMLTextAreaElement || focused instanceof HTMLInputElement
        ? [focused.selectionStart, focused.selectionEnd]
        : null;
    const role = c.me?.role;
    const parts = [
      h("header", { class: "top" }, h("h1", {}, L("appTitle"))),
      connectSection(),
      role !== "supervisor" ? clerkSection() : null,
      role === "supervisor" || role === "admin" ? supervisorSection(role === "supervisor") : null,
      c.notice
        ? h("p", { class: `notice ${c.notice.kind}`, role: "alert", id: "notice" }, c.notice.text)
        : null,
    ];
    root.textContent = "";
    for (const p of parts) if (p) root.appendChild(p);
    if (focusId) {
      const again = document.getElementById(focusId) as HTMLInputElement | null;
      if (again) {
        again.focus();
        if (sel && typeof sel[0] === "number") again.setSelectionRange?.(sel[0], sel[1] ?? sel[0]);
      }
    }
  };
  render();
  return c.subscribe(render);
}
