/**
 * The clerk's page without the add-in (issue 23): connect with an invite code; the report by
 * name, its due date and status; 下载报表文件, 上传报表文件; what the server refused, by table with
 * the cells; a returned report's reason and remarks; the report's history. The same section sits
 * below the add-in's inside Excel. Re-rendered on every change, keeping the keyboard focus.
 */
import { MIN_EXPLANATION_CHARS, type ReportEvent } from "../../../../shared/api/schemas";
import { chinaTime } from "../../../../shared/china-time";
import type { Issue } from "../../../../shared/engine";
import { t } from "../../common/i18n";
import type {
  FilesController,
  FilesLang,
  FilesOutcome,
  RefusedIssues,
  RemarkView,
  ReportView,
} from "../files";
import { compareView } from "./compare";
import { h, noteFocus, option, restoreFocus, type Focus } from "./dom";
import { issueGroups, issueHead } from "./issues";
import { WITHDRAW_TEXT, withdrawView } from "./withdraw";

/** The notes after a sentence, when there are any: `(代「…」上传;3 个提示已附说明)`. */
function notes(parts: (string | null | 0)[], open: string, sep: string, close: string): string {
  const shown = parts.filter((p): p is string => !!p);
  return shown.length ? open + shown.join(sep) + close : "";
}

/** The level of the section's own headings, one below its title. */
type Sub = "h2" | "h3";

const time = (iso: string) => chinaTime(iso) ?? iso;

export const FILES_TEXT = {
  zh: {
    title: "报表填报",
    intro:
      "无需安装插件:下载本单位的报表文件,用 WPS 表格、Excel 或 LibreOffice 填写(文件自带校验,填错的单元格标红),保存为 .xlsx 后上传。",
    connectTitle: "连接填报系统",
    connectIntro: "首次使用请输入上级单位发给您的邀请码;以后打开本页会自动连接。",
    server: "服务器地址",
    code: "邀请码",
    codeHint: "形如 ABCDE-FGHJK;也可以输入已有的访问令牌。",
    connect: "连接",
    disconnect: "断开连接",
    connectedAs: (unit: string, role: string) => `当前单位:${unit}(${role})`,
    connectAbove: "请先在上方连接服务器。",
    role: { clerk: "填报员", supervisor: "审核员", admin: "管理员" } as Record<string, string>,
    choose: "选择报表",
    unit: "单位代码",
    unitHint: "上级单位可填写下级单位的代码,代其下载或上传。",
    form: "报表",
    noForms: "该年度没有适用于本单位的报表。",
    year: "报告年度",
    dueDate: (d: string, closed: boolean) => `填报截止日期:${d}${closed ? "(填报期已结束)" : ""}`,
    noPeriod: "本年度的填报期尚未开启。",
    status: "状态:",
    statusNone: "未报送",
    statusSubmitted: (r: number, at: string, again: boolean) =>
      `已${again ? "重新" : ""}报送第 ${r} 版(${at}),等待上级单位审核`,
    statusReturned: (r: number) => `第 ${r} 版已被退回,请按审核意见修改后重新上传`,
    statusAccepted: (r: number) => `第 ${r} 版已通过审核,报表已锁定`,
    statusWithdrawn: (r: number) => `第 ${r} 版已撤回,修改后请重新上传`,
    steps: "填报步骤",
    step1: "下载报表文件(已有报送的,文件中是最近一版的数据和审核意见)。",
    step2:
      "用 WPS 表格、Excel 或 LibreOffice 打开并填写,按红色提示改正,保存为 .xlsx。合计、总计由文件自动计算(浅灰底,不需填写);「上年结转」已按本单位上年的报表预填,请核对,可以修改。",
    step3: "上传报表文件。同一个文件改正后可以再次上传。",
    download: "下载报表文件",
    upload: "上传报表文件",
    busy: "正在处理…",
    stored: (r: number, w: number, unit: string | null) =>
      `已报送,已保存为第 ${r} 版${notes([unit && `代「${unit}」上传`, w && `${w} 个提示已附说明`], "(", ";", ")")}。`,
    downloaded: (f: string) => `已下载「${f}」。请在电子表格软件中打开填写。`,
    network: "无法连接服务器,请检查网络后重试(所选文件仍在您的电脑上):",
    outdatedTitle: "该文件不是最新的报表文件",
    downloadLatest: "下载最新的报表文件",
    overwrite: "仍用此文件覆盖",
    remarksTitle: "退回原因与审核意见",
    reason: "退回原因:",
    remarkAt: (address: string, label: string) => `单元格 ${address}「${label}」`,
    remarkBy: (author: string, at: string, r: number) => `${author},${at}(第 ${r} 版)`,
    remarkState: { open: "待修改", changed: "已修改", answered: "已答复" },
    answer: "答复:",
    historyTitle: "报送记录",
    historyNone: "尚无报送记录。",
    historyHead: ["版次", "操作", "操作人", "时间", "状态"],
    revision: (r: number) => `第 ${r} 版`,
    action: {
      submit: "报送",
      return: "退回",
      accept: "审核通过",
      reopen: "重新打开",
      withdraw: "撤回",
    },
    to: { submitted: "已报送", returned: "已退回", accepted: "已通过", withdrawn: "已撤回" },
  },
  en: {
    title: "Report filing",
    intro:
      "No add-in needed: download your unit's report file, fill it in WPS, Excel or LibreOffice (it checks itself: wrong cells turn red), save it as .xlsx and upload it.",
    connectTitle: "Connect",
    connectIntro:
      "The first time, enter the invite code your supervising office gave you; afterwards this page connects by itself.",
    server: "Server address",
    code: "Invite code",
    codeHint: "Like ABCDE-FGHJK; an existing access token works too.",
    connect: "Connect",
    disconnect: "Disconnect",
    connectedAs: (unit: string, role: string) => `Unit: ${unit} (${role})`,
    connectAbove: "Connect to the server above first.",
    role: { clerk: "clerk", supervisor: "supervisor", admin: "administrator" } as Record<
      string,
      string
    >,
    choose: "Choose the report",
    unit: "Unit code",
    unitHint: "A supervisor may enter the code of a unit below to download or upload for it.",
    form: "Form",
    noForms: "No form applies to your unit for this year.",
    year: "Report year",
    dueDate: (d: string, closed: boolean) => `Due date: ${d}${closed ? " (period closed)" : ""}`,
    noPeriod: "The reporting period for this year is not open yet.",
    status: "Status: ",
    statusNone: "not sent",
    statusSubmitted: (r: number, at: string, again: boolean) =>
      `revision ${r} ${again ? "sent again" : "sent"} (${at}), awaiting review`,
    statusReturned: (r: number) =>
      `revision ${r} was returned: correct it as remarked and upload again`,
    statusAccepted: (r: number) => `revision ${r} was accepted; the report is locked`,
    statusWithdrawn: (r: number) =>
      `revision ${r} was withdrawn: upload the report again when ready`,
    steps: "Steps",
    step1: "Download the report file (once sent, it holds the latest revision and its remarks).",
    step2:
      "Open and fill it in WPS, Excel or LibreOffice, fix what turns red, and save it as .xlsx. Totals are computed by the file (light grey, not to be typed); carried-in figures are prefilled from your unit's report of last year: check them, they can be changed.",
    step3: "Upload the report file. The same file may be uploaded again after a fix.",
    download: "Download the report file",
    upload: "Upload the report file",
    busy: "Working…",
    stored: (r: number, w: number, unit: string | null) =>
      `Sent and stored as revision ${r}${notes([unit && `uploaded for ${unit}`, w && `${w} explained warnings`], " (", "; ", ")")}.`,
    downloaded: (f: string) => `Downloaded "${f}". Open it in your spreadsheet program.`,
    network:
      "Cannot reach the server; check the network and try again (your file is still on your computer): ",
    outdatedTitle: "This is not the latest report file",
    downloadLatest: "Download the latest report file",
    overwrite: "Overwrite with this file anyway",
    remarksTitle: "Reason for return and remarks",
    reason: "Reason: ",
    remarkAt: (address: string, label: string) => `Cell ${address} "${label}"`,
    remarkBy: (author: string, at: string, r: number) => `${author}, ${at} (revision ${r})`,
    remarkState: { open: "to correct", changed: "corrected", answered: "answered" },
    answer: "Answer: ",
    historyTitle: "History",
    historyNone: "Nothing sent yet.",
    historyHead: ["Revision", "Action", "By", "Time", "Status"],
    revision: (r: number) => `revision ${r}`,
    action: {
      submit: "sent",
      return: "returned",
      accept: "accepted",
      reopen: "reopened",
      withdraw: "withdrawn",
    },
    to: { submitted: "sent", returned: "returned", accepted: "accepted", withdrawn: "withdrawn" },
  },
};

/** One refused issue: chip and message, the cells it concerns, the 说明 it lacks. */
function refusedItem(issue: Issue, refused: RefusedIssues, lang: FilesLang): HTMLElement {
  const cells = refused.addresses[issue.key] ?? [];
  return h(
    "li",
    { class: `issue ${issue.severity}`, "data-key": issue.key },
    ...issueHead(lang, issue),
    cells.length
      ? h(
          "div",
          { class: "issue-cells" },
          t(lang, "issueCells", { cells: cells.join(lang === "zh" ? "、" : ", ") }),
        )
      : null,
    refused.missing.includes(issue.key)
      ? h(
          "div",
          { class: "hint" },
          t(lang, "issueNoExplanation", { key: issue.key, n: MIN_EXPLANATION_CHARS }),
        )
      : null,
  );
}

/** The result's title: one level below the section's headings (the tables' h4 follow it). */
const resultTitle = (sub: Sub) => (sub === "h2" ? "h3" : "h4");

function problemView(
  o: Extract<FilesOutcome, { kind: "problem" }>,
  lang: FilesLang,
  sub: Sub,
): HTMLElement {
  const refused = o.issues;
  return h(
    "div",
    { id: "files-result", role: "alert", tabindex: -1 },
    h(
      "div",
      { class: "notice error" },
      h(resultTitle(sub), { class: "result-title" }, o.title),
      h("p", {}, o.detail),
      o.lines.length ? h("ul", {}, ...o.lines.map((l) => h("li", {}, l))) : null,
    ),
    ...(refused ? issueGroups(refused.groups, (i) => refusedItem(i, refused, lang)) : []),
  );
}

function outdatedView(
  c: FilesController,
  o: Extract<FilesOutcome, { kind: "outdated" }>,
  lang: FilesLang,
  sub: Sub,
): HTMLElement {
  const T = FILES_TEXT[lang];
  return h(
    "div",
    { id: "files-result", role: "alert", tabindex: -1, class: "notice error" },
    h(resultTitle(sub), { class: "result-title" }, T.outdatedTitle),
    h("p", {}, o.detail),
    h(
      "div",
      { class: "actions" },
      h(
        "button",
        { class: "btn primary", id: "files-latest", onclick: () => void c.download() },
        T.downloadLatest,
      ),
      h(
        "button",
        {
          class: "btn",
          id: "files-overwrite",
          onclick: () => void c.upload(o.bytes, o.currentRevision),
        },
        T.overwrite,
      ),
    ),
  );
}

function outcomeView(c: FilesController, lang: FilesLang, sub: Sub): HTMLElement | null {
  const T = FILES_TEXT[lang];
  const o = c.outcome;
  if (!o) return null;
  const say = (cls: string, role: string, text: string) =>
    h("p", { class: `notice ${cls}`, id: "files-result", role, tabindex: -1 }, text);
  switch (o.kind) {
    case "stored":
      return say("ok", "status", T.stored(o.revision, o.warnings, o.onBehalfOf));
    case "downloaded":
      return say("ok", "status", T.downloaded(o.filename));
    case "network":
      return say("error", "alert", T.network + o.message);
    case "problem":
      return problemView(o, lang, sub);
    case "outdated":
      return outdatedView(c, o, lang, sub);
    case "withdrawn":
      return say("ok", "status", WITHDRAW_TEXT[lang].done(o.revision));
  }
}

function connectForm(c: FilesController, lang: FilesLang, sub: Sub): HTMLElement {
  const T = FILES_TEXT[lang];
  const server = h("input", {
    id: "files-server",
    type: "url",
    value: c.conn?.server ?? location.origin,
    autocomplete: "url",
  }) as HTMLInputElement;
  const token = h("input", {
    id: "files-token",
    type: "password",
    autocomplete: "off",
    "aria-describedby": "files-token-hint",
  }) as HTMLInputElement;
  return h(
    "form",
    {
      id: "files-connect",
      "aria-labelledby": "files-connect-title",
      onsubmit: (e: Event) => {
        e.preventDefault();
        void c.connect(server.value.trim(), token.value.trim());
      },
    },
    h(sub, { id: "files-connect-title" }, T.connectTitle),
    h("p", {}, T.connectIntro),
    h("label", { for: "files-token" }, T.code),
    token,
    h("p", { class: "hint", id: "files-token-hint" }, T.codeHint),
    h("label", { for: "files-server" }, T.server),
    server,
    h(
      "div",
      { class: "actions" },
      h("button", { class: "btn primary", type: "submit", disabled: c.busy }, T.connect),
    ),
  );
}

function statusText(v: ReportView, lang: FilesLang): string {
  const T = FILES_TEXT[lang];
  const r = v.report;
  if (!r) return T.statusNone;
  if (r.status === "returned") return T.statusReturned(r.revision);
  if (r.status === "accepted") return T.statusAccepted(r.revision);
  if (r.status === "withdrawn") return T.statusWithdrawn(r.revision);
  return T.statusSubmitted(r.revision, time(r.submittedAt), r.resubmitted);
}

function choiceFields(c: FilesController, lang: FilesLang): HTMLElement {
  const T = FILES_TEXT[lang];
  const supervisor = c.me?.role !== "clerk";
  const forms = c.formsForYear();
  return h(
    "fieldset",
    { class: "choice" },
    h("legend", {}, T.choose),
    supervisor ? h("label", { for: "files-unit" }, T.unit) : null,
    supervisor
      ? h("input", {
          id: "files-unit",
          value: c.unit,
          "aria-describedby": "files-unit-hint",
          onchange: (e: Event) =>
            void c.choose({ unit: (e.target as HTMLInputElement).value.trim() }),
        })
      : null,
    supervisor ? h("p", { class: "hint", id: "files-unit-hint" }, T.unitHint) : null,
    h("label", { for: "files-year" }, T.year),
    h("input", {
      id: "files-year",
      type: "number",
      inputmode: "numeric",
      min: 2000,
      max: 2100,
      value: c.year,
      onchange: (e: Event) => {
        const y = Number((e.target as HTMLInputElement).value);
        if (Number.isInteger(y)) void c.choose({ year: y });
      },
    }),
    h("label", { for: "files-form" }, T.form),
    forms.length
      ? h(
          "select",
          {
            id: "files-form",
            onchange: (e: Event) =>
              void c.choose({ formId: (e.target as HTMLSelectElement).value }),
          },
          ...forms.map((f) => option(f.id, f.title[lang], f.id === c.formId)),
        )
      : h("p", { id: "files-form", class: "hint" }, T.noForms),
  );
}

function statusView(c: FilesController, lang: FilesLang): HTMLElement | null {
  const T = FILES_TEXT[lang];
  const v = c.view;
  if (!v) return null;
  return h(
    "div",
    { id: "files-status", class: "status-block" },
    h("p", {}, v.dueDate ? T.dueDate(v.dueDate, v.periodClosed) : T.noPeriod),
    h("p", {}, h("strong", {}, T.status), statusText(v, lang)),
  );
}

function steps(c: FilesController, lang: FilesLang, sub: Sub): HTMLElement {
  const T = FILES_TEXT[lang];
  const file = h("input", {
    id: "files-upload",
    type: "file",
    class: "file-input",
    accept: ".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    disabled: c.busy || !c.formId,
    onchange: async (e: Event) => {
      const input = e.target as HTMLInputElement;
      const f = input.files?.[0];
      if (f) await c.upload(new Uint8Array(await f.arrayBuffer()));
      input.value = "";
    },
  }) as HTMLInputElement;
  return h(
    "div",
    {},
    h(sub, {}, T.steps),
    h(
      "ol",
      { class: "steps" },
      h(
        "li",
        {},
        h("p", {}, T.step1),
        h(
          "button",
          {
            class: "btn primary",
            id: "files-download",
            disabled: c.busy || !c.formId,
            onclick: () => void c.download(),
          },
          T.download,
        ),
      ),
      h("li", {}, h("p", {}, T.step2)),
      h(
        "li",
        {},
        h("p", {}, T.step3),
        // The browser's own file control: every browser makes it work with the keyboard.
        h("label", { for: "files-upload", class: "upload-label" }, T.upload),
        file,
      ),
    ),
    c.busy ? h("p", { class: "hint", role: "status" }, T.busy) : null,
  );
}

function remarkItem(m: RemarkView, lang: FilesLang): HTMLElement {
  const T = FILES_TEXT[lang];
  return h(
    "li",
    { class: `issue remark ${m.resolution}`, "data-remark": m.id },
    h(
      "span",
      { class: `chip ${m.resolution === "open" ? "remark" : "resolved"}` },
      T.remarkState[m.resolution],
    ),
    " ",
    h("strong", {}, m.address ? T.remarkAt(m.address, m.label) : m.label),
    h("div", {}, m.text),
    m.answer ? h("div", {}, T.answer + m.answer) : null,
    h("div", { class: "hint" }, T.remarkBy(m.author, time(m.at), m.revision)),
  );
}

function remarksView(v: ReportView | null, lang: FilesLang, sub: Sub): HTMLElement | null {
  const T = FILES_TEXT[lang];
  if (!v || (!v.returnReason && v.remarks.length === 0)) return null;
  // The remarks of the latest return first: the ones still to correct lead.
  const order = { open: 0, changed: 1, answered: 1 };
  const remarks = [...v.remarks].sort((a, b) => order[a.resolution] - order[b.resolution]);
  return h(
    "section",
    { id: "files-remarks", "aria-labelledby": "files-remarks-title" },
    h(sub, { id: "files-remarks-title" }, T.remarksTitle),
    v.returnReason ? h("p", {}, h("strong", {}, T.reason), v.returnReason) : null,
    remarks.length
      ? h("ul", { class: "issues" }, ...remarks.map((m) => remarkItem(m, lang)))
      : null,
  );
}

function historyRow(e: ReportEvent, lang: FilesLang): HTMLElement {
  const T = FILES_TEXT[lang];
  const by = `${e.by.unit.name}${lang === "zh" ? "" : ", "}${lang === "zh" ? `(${T.role[e.by.role]})` : T.role[e.by.role]}`;
  return h(
    "tr",
    {},
    h("td", {}, T.revision(e.revision)),
    h("td", {}, T.action[e.action]),
    h("td", {}, by),
    h("td", {}, time(e.at)),
    h("td", {}, T.to[e.to] + (e.reason ? (lang === "zh" ? `:${e.reason}` : `: ${e.reason}`) : "")),
  );
}

function historyView(v: ReportView | null, lang: FilesLang, sub: Sub): HTMLElement | null {
  const T = FILES_TEXT[lang];
  if (!v) return null;
  const events = [...v.history].reverse(); // newest first
  return h(
    "section",
    { id: "files-history", "aria-labelledby": "files-history-title" },
    h(sub, { id: "files-history-title" }, T.historyTitle),
    events.length
      ? h(
          "div",
          { class: "table-wrap" },
          h(
            "table",
            { class: "history" },
            h("thead", {}, h("tr", {}, ...T.historyHead.map((x) => h("th", { scope: "col" }, x)))),
            h("tbody", {}, ...events.map((e) => historyRow(e, lang))),
          ),
        )
      : h("p", { class: "hint" }, T.historyNone),
  );
}

function connected(c: FilesController, lang: FilesLang, sub: Sub): HTMLElement[] {
  const T = FILES_TEXT[lang];
  const me = c.me!;
  return [
    h(
      "p",
      { class: "who" },
      T.connectedAs(me.unit.name, T.role[me.role] ?? me.role),
      " ",
      c.embedded
        ? null
        : h(
            "button",
            { class: "btn subtle", id: "files-disconnect", onclick: () => c.disconnect() },
            T.disconnect,
          ),
    ),
    choiceFields(c, lang),
    ...[statusView(c, lang)].filter((x): x is HTMLElement => !!x),
    steps(c, lang, sub),
    ...[withdrawView(c, lang, sub)].filter((x): x is HTMLElement => !!x),
  ];
}

/**
 * Mount the section; it re-renders on every change of the controller. `heading`: h1 on its own
 * page (a plain browser), h2 below the add-in's sections inside Excel.
 */
export function mountFiles(
  root: HTMLElement,
  c: FilesController,
  lang: FilesLang,
  heading: "h1" | "h2" = "h1",
): void {
  const T = FILES_TEXT[lang];
  const sub: Sub = heading === "h1" ? "h2" : "h3";
  const section = h("section", { class: "card", id: "files", "aria-labelledby": "files-title" });
  root.appendChild(section);
  let lastOutcome: FilesOutcome | null = null;
  let remembered: Focus | null = null;
  const render = () => {
    // Keep the keyboard where it was: a new result takes it, else the same field as typed, else
    // the same control again (its button is disabled while the server works: the section holds
    // it meanwhile).
    const focused = noteFocus(section);
    if (focused && focused.id !== "files") remembered = { id: focused.id };
    section.textContent = "";
    section.append(
      h(heading, { id: "files-title" }, T.title),
      h("p", { class: "hint" }, T.intro),
      ...(c.me
        ? connected(c, lang, sub)
        : c.embedded
          ? [h("p", { class: "hint" }, T.connectAbove)]
          : [connectForm(c, lang, sub)]),
    );
    const o = outcomeView(c, lang, sub);
    if (o) section.appendChild(o);
    const remarks = remarksView(c.me ? c.view : null, lang, sub);
    if (remarks) section.appendChild(remarks);
    const changes = c.me ? compareView(c, lang, sub) : null;
    if (changes) section.appendChild(changes);
    const hist = historyView(c.me ? c.view : null, lang, sub);
    if (hist) section.appendChild(hist);
    const fresh = c.outcome !== lastOutcome && !c.busy;
    if (fresh && o) o.focus();
    else if (focused) {
      const kept = focused.id !== "files" && restoreFocus(focused);
      if (!kept && !(remembered && restoreFocus(remembered))) section.focus();
    }
    if (!c.busy) lastOutcome = c.outcome;
  };
  section.tabIndex = -1;
  c.onChange = render;
  render();
}

/** Offer bytes as a file download in a browser. */
export function saveFile(bytes: Uint8Array, filename: string): void {
  const url = URL.createObjectURL(new Blob([bytes as BlobPart]));
  const a = h("a", { href: url, download: filename });
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
