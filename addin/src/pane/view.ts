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
    }
    return item;
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
              // What was just typed in a 说明 box is saved before the request.
              for (const d of saveExplanation.values()) d.flush();
              void c.submit();
            },
          },
          canRetry ? L("retry") : L("submit"),
        ),
      ),
      status
        ? h("p", { class: `status ${s?.submitStatus.kind}`, id: "status", role: "status" }, status)
        : null,
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

  const supervisorSection = () =>
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
      role === "supervisor" || role === "admin" ? supervisorSection() : null,
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
