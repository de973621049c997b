/**
 * The report's texts (issue 26) as a section of the page and of the pane: a plain multi-line box
 * per section under the report's own headings, the checks under each box as the clerk types,
 * what is still missing before the due date, 保存草稿 / 提交报告文字, and the document as Word or
 * as a web page. Typing re-renders only the checks, so the caret never jumps.
 */
import { TEXT_STATUS_LABELS, type TextIssue } from "../../../../shared/report/checks";
import type { Lang } from "../../i18n";
import type { TextsController, TextsOutcome } from "../report-texts";
import { h } from "./dom";

export const TEXTS_TEXT = {
  zh: {
    title: "年度报告文字",
    body: "正文",
    intro:
      "年度报告除统计表外,还需要以下几部分文字;统计表的数字由系统自动写入报告,无需重复填写。输入的内容随时保存在本机浏览器中,关闭页面也不会丢失。",
    status: (s: string, r: number) => (r ? `报告文字状态:${s}(第 ${r} 版)` : `报告文字状态:${s}`),
    remark: "上级单位退回意见:",
    restored: "已恢复上次在本机输入但尚未保存的内容。",
    missing: (days: number | null) =>
      days === null
        ? "发布前尚缺:"
        : days >= 0
          ? `距填报截止还有 ${days} 天,发布前尚缺:`
          : `已超过填报截止日期 ${-days} 天,尚缺:`,
    complete: "报告文字已齐全。",
    empty: "此部分尚未填写。",
    save: "保存草稿",
    submit: "提交报告文字",
    docx: "下载年度报告(Word)",
    html: "查看网页版",
    busy: "正在处理……",
    saved: (r: number, submitted: boolean) =>
      submitted ? `已提交第 ${r} 版报告文字,等待上级单位审核。` : `已保存第 ${r} 版草稿。`,
    unchanged: "内容没有变化,无需再次保存。",
    downloaded: (f: string) => `已生成「${f}」。`,
    network: (m: string) => `未能连接服务器(${m}),输入的内容仍保存在本机浏览器中,请稍后再试。`,
    unavailable: "暂不能撰写报告文字:",
    remarkLabel: "审核意见(退回时必填)",
    giveBack: "退回报告文字",
    accept: "通过报告文字",
    returned: "已退回报告文字,填报单位将看到您的意见。",
    accepted: "报告文字已通过审核。",
    zip: "下载所属单位全部年度报告(zip)",
  },
  en: {
    title: "The report's texts",
    body: "Text",
    intro:
      "Besides the tables, the annual report needs the texts below; the tables' figures are written into the report for you. What you type is kept in this browser at once, even if the page is closed.",
    status: (s: string, r: number) => (r ? `Texts: ${s} (revision ${r})` : `Texts: ${s}`),
    remark: "Returned by the supervising unit:",
    restored: "What you typed here last time and had not saved is back.",
    missing: (days: number | null) =>
      days === null
        ? "Still missing:"
        : days >= 0
          ? `${days} day(s) to the due date; still missing:`
          : `${-days} day(s) past the due date; still missing:`,
    complete: "The texts are complete.",
    empty: "This section is empty.",
    save: "Save draft",
    submit: "Submit the texts",
    docx: "Download the report (Word)",
    html: "View as a web page",
    busy: "Working…",
    saved: (r: number, submitted: boolean) =>
      submitted ? `Revision ${r} of the texts submitted for review.` : `Draft ${r} saved.`,
    unchanged: "Nothing changed: nothing to save.",
    downloaded: (f: string) => `“${f}” is ready.`,
    network: (m: string) =>
      `The server could not be reached (${m}); what you typed stays in this browser: try again later.`,
    unavailable: "The texts cannot be written here:",
    remarkLabel: "Remark (needed to return the texts)",
    giveBack: "Return the texts",
    accept: "Accept the texts",
    returned: "The texts were returned; the unit will see your remark.",
    accepted: "The texts are accepted.",
    zip: "Download every unit's annual report (zip)",
  },
};

const boxId = (id: string) => `texts-${id.replace(/\./g, "-")}`;

function outcomeText(o: TextsOutcome, lang: Lang): string {
  const T = TEXTS_TEXT[lang];
  switch (o.kind) {
    case "saved":
      return T.saved(o.revision, o.submitted);
    case "unchanged":
      return T.unchanged;
    case "reviewed":
      return o.status === "returned" ? T.returned : T.accepted;
    case "downloaded":
      return T.downloaded(o.filename);
    case "problem":
      return `${o.title}:${o.detail}`;
    case "network":
      return T.network(o.message);
  }
}

function issueItems(issues: TextIssue[], lang: Lang): HTMLElement[] {
  const T = TEXTS_TEXT[lang];
  return issues.map((i) =>
    h("li", { class: "issue warning" }, i.kind === "empty" ? T.empty : i.message[lang]),
  );
}

export function mountReportTexts(
  root: HTMLElement,
  c: TextsController,
  lang: Lang,
  heading: "h2" | "h3" = "h2",
): void {
  const T = TEXTS_TEXT[lang];
  const sub = heading === "h2" ? "h3" : "h4";
  const section = h("section", {
    class: "card",
    id: "report-texts",
    "aria-labelledby": "report-texts-title",
  });
  root.appendChild(section);

  const missingView = (): HTMLElement | null => {
    const m = c.missing();
    if (!m) return null;
    if (!m.items.length) return h("p", { id: "texts-missing", class: "notice ok" }, T.complete);
    return h(
      "div",
      { id: "texts-missing", class: "notice warning" },
      h("p", {}, T.missing(m.daysLeft)),
      h("ul", {}, ...m.items.map((i) => h("li", {}, i[lang]))),
    );
  };

  /** Only the checks: under every box, and what is missing. */
  const refreshChecks = () => {
    const issues = c.issues();
    for (const t of c.sections()) {
      const list = document.getElementById(`${boxId(t.id)}-issues`);
      if (list)
        list.replaceChildren(
          ...issueItems(
            issues.filter((i) => i.text === t.id),
            lang,
          ),
        );
    }
    const old = document.getElementById("texts-missing");
    const fresh = missingView();
    if (old && fresh) old.replaceWith(fresh);
  };

  // The control that had the keyboard: its button is disabled while the server works, and the
  // keyboard comes back to it afterwards.
  let remembered = "";
  let reviewRemark = "";
  const render = () => {
    const focused = section.contains(document.activeElement) ? document.activeElement : null;
    if (focused?.id) remembered = focused.id;
    // Focus lost to the page (a disabled button) counts as still here.
    const here = focused !== null || document.activeElement === document.body;
    const caret =
      focused instanceof HTMLTextAreaElement
        ? { start: focused.selectionStart, end: focused.selectionEnd }
        : null;
    section.textContent = "";
    // Which report the boxes belong to (another one may be loading after a new choice).
    const t = c.server;
    if (t) section.dataset.report = `${t.unit.code}/${t.form}/${t.year}`;
    else delete section.dataset.report;
    // Nothing to write until a report is chosen (or a reason it cannot be written).
    section.hidden = !c.server && !c.unavailable;
    section.append(h(heading, { id: "report-texts-title" }, T.title));
    if (c.unavailable) {
      section.append(h("p", { class: "notice" }, T.unavailable, c.unavailable));
      return;
    }
    if (!c.server) return;
    section.append(h("p", { class: "hint" }, T.intro));
    const status = TEXT_STATUS_LABELS[c.server.status ?? "none"][lang];
    section.append(h("p", { id: "texts-status" }, T.status(status, c.server.revision)));
    if (c.server.status === "returned" && c.server.remark)
      section.append(
        h("p", { class: "notice error", id: "texts-remark" }, T.remark, c.server.remark),
      );
    if (c.restored) section.append(h("p", { class: "notice", id: "texts-restored" }, T.restored));
    const missing = missingView();
    if (missing) section.append(missing);
    const issues = c.issues();
    const reviewing = c.target?.mode === "review";
    for (const part of c.structure!.parts) {
      const texts = part.blocks.filter((b) => b.kind === "text");
      if (!texts.length) continue;
      section.append(h(sub, {}, part.heading[lang]));
      for (const t of texts) {
        const id = boxId(t.id);
        const box = h("textarea", {
          id,
          "data-text": t.id,
          rows: 6,
          "aria-describedby": `${id}-hint ${id}-issues`,
          oninput: (e: Event) => {
            c.type(t.id, (e.target as HTMLTextAreaElement).value);
          },
        }) as HTMLTextAreaElement;
        box.value = c.texts[t.id] ?? "";
        // A supervisor reads a unit's texts; only its clerk writes them.
        if (reviewing) box.readOnly = true;
        section.append(
          h(
            "div",
            { class: "field text-section" },
            // A part's only text sits under the part's heading: its label need not repeat it.
            h("label", { for: id }, t.heading ? t.heading[lang] : T.body),
            h("p", { class: "hint", id: `${id}-hint` }, t.hint[lang]),
            box,
            h(
              "ul",
              { class: "issues", id: `${id}-issues`, "aria-live": "polite" },
              ...issueItems(
                issues.filter((i) => i.text === t.id),
                lang,
              ),
            ),
          ),
        );
      }
    }
    const button = (id: string, text: string, onclick: () => void, primary = false) =>
      h("button", { id, class: primary ? "btn primary" : "btn", disabled: c.busy, onclick }, text);
    if (reviewing) {
      const remark = h("textarea", {
        id: "texts-review-remark",
        rows: 3,
        oninput: (e: Event) => (reviewRemark = (e.target as HTMLTextAreaElement).value),
      }) as HTMLTextAreaElement;
      remark.value = reviewRemark;
      section.append(
        h(
          "div",
          { class: "field" },
          h("label", { for: "texts-review-remark" }, T.remarkLabel),
          remark,
        ),
        h(
          "p",
          { class: "actions" },
          button("texts-return", T.giveBack, () => void c.review("return", reviewRemark)),
          " ",
          button("texts-accept", T.accept, () => void c.review("accept", reviewRemark), true),
        ),
      );
    }
    section.append(
      h(
        "p",
        { class: "actions" },
        ...(reviewing
          ? []
          : [
              button("texts-save", T.save, () => void c.store(false)),
              " ",
              button("texts-submit", T.submit, () => void c.store(true), true),
              " ",
            ]),
        button("texts-docx", T.docx, () => void c.document("docx")),
        " ",
        button("texts-html", T.html, () => void c.document("html")),
        ...(c.target?.node ? [" ", button("texts-zip", T.zip, () => void c.document("zip"))] : []),
      ),
    );
    section.append(
      h(
        "p",
        { id: "texts-result", role: "status", tabindex: -1 },
        c.busy ? T.busy : c.outcome ? outcomeText(c.outcome, lang) : "",
      ),
    );
    const again = here && remembered ? document.getElementById(remembered) : null;
    if (again && !(again as HTMLButtonElement).disabled) {
      again.focus();
      if (caret && again instanceof HTMLTextAreaElement)
        again.setSelectionRange(caret.start, caret.end);
    }
  };

  c.onChange = (typing) => (typing ? refreshChecks() : render());
  render();
}

/** Open an HTML document (the report as a web page) in a new tab. */
export function openPage(html: string): void {
  const url = URL.createObjectURL(new Blob([html], { type: "text/html;charset=utf-8" }));
  window.open(url, "_blank", "noopener");
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}
