/** The pane's file section outside Excel: connect, pick the report, download, upload, result. */
import { MIN_EXPLANATION_CHARS } from "../../../../shared/api/schemas";
import type { Issue } from "../../../../shared/engine";
import { t } from "../../common/i18n";
import type { FilesController, FilesLang, FilesOutcome, RefusedIssues } from "../files";
import { h } from "./dom";
import { issueGroups, issueHead } from "./issues";

/** The notes after a sentence, when there are any: `(代「…」上传;3 个提示已附说明)`. */
function notes(parts: (string | null | 0)[], open: string, sep: string, close: string): string {
  const shown = parts.filter((p): p is string => !!p);
  return shown.length ? open + shown.join(sep) + close : "";
}

const TEXT = {
  zh: {
    title: "报表文件(无需插件)",
    intro:
      "在浏览器中使用:下载本单位的报表文件,用 Excel、WPS 或 LibreOffice 填写(文件自带校验,出错的单元格标红),保存为 .xlsx 后上传。",
    server: "服务器地址",
    token: "访问令牌",
    connect: "连接",
    disconnect: "断开",
    unit: "单位代码",
    unitHint: "上级单位可填写下级单位的代码,代其下载或上传。",
    form: "报表",
    year: "年度",
    download: "下载报表文件",
    upload: "上传报表文件",
    stored: (r: number, w: number, unit: string | null) =>
      `已保存为第 ${r} 版${notes([unit && `代「${unit}」上传`, w && `${w} 个提示已附说明`], "(", ";", ")")}。`,
    downloaded: (f: string) => `已下载「${f}」。`,
    network: "无法连接服务器:",
  },
  en: {
    title: "Report file (no add-in needed)",
    intro:
      "In a browser: download your unit's workbook, fill it in Excel, WPS or LibreOffice (it checks itself: wrong cells turn red), save as .xlsx and upload it.",
    server: "Server URL",
    token: "Access token",
    connect: "Connect",
    disconnect: "Disconnect",
    unit: "Unit code",
    unitHint: "A supervisor may enter the code of a unit below to download or upload for it.",
    form: "Form",
    year: "Year",
    download: "Download the report file",
    upload: "Upload the report file",
    stored: (r: number, w: number, unit: string | null) =>
      `Stored as revision ${r}${notes([unit && `uploaded for ${unit}`, w && `${w} explained warnings`], " (", "; ", ")")}.`,
    downloaded: (f: string) => `Downloaded "${f}".`,
    network: "Cannot reach the server: ",
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

function problemView(o: Extract<FilesOutcome, { kind: "problem" }>, lang: FilesLang): HTMLElement {
  const refused = o.issues;
  return h(
    "div",
    { id: "files-result", role: "alert" },
    h(
      "div",
      { class: "notice error" },
      h("strong", {}, o.title),
      h("p", {}, o.detail),
      o.lines.length ? h("ul", {}, ...o.lines.map((l) => h("li", {}, l))) : null,
    ),
    ...(refused ? issueGroups(refused.groups, (i) => refusedItem(i, refused, lang)) : []),
  );
}

function outcomeView(o: FilesOutcome | null, lang: FilesLang): HTMLElement | null {
  const T = TEXT[lang];
  if (!o) return null;
  switch (o.kind) {
    case "stored":
      return h(
        "p",
        { class: "notice ok", id: "files-result", role: "status" },
        T.stored(o.revision, o.warnings, o.onBehalfOf),
      );
    case "downloaded":
      return h(
        "p",
        { class: "notice ok", id: "files-result", role: "status" },
        T.downloaded(o.filename),
      );
    case "network":
      return h(
        "p",
        { class: "notice error", id: "files-result", role: "alert" },
        T.network + o.message,
      );
    case "problem":
      return problemView(o, lang);
  }
}

function connectForm(c: FilesController, lang: FilesLang): HTMLElement {
  const T = TEXT[lang];
  const server = h("input", {
    id: "files-server",
    type: "url",
    value: location.origin,
  }) as HTMLInputElement;
  const token = h("input", {
    id: "files-token",
    type: "password",
    autocomplete: "off",
  }) as HTMLInputElement;
  return h(
    "form",
    {
      onsubmit: (e: Event) => {
        e.preventDefault();
        void c.connect(server.value.trim(), token.value.trim());
      },
    },
    h("label", { for: "files-server" }, T.server),
    server,
    h("label", { for: "files-token" }, T.token),
    token,
    h("button", { class: "btn primary", type: "submit", disabled: c.busy }, T.connect),
  );
}

function fileActions(c: FilesController, lang: FilesLang): HTMLElement {
  const T = TEXT[lang];
  const file = h("input", {
    id: "files-upload",
    type: "file",
    accept: ".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    onchange: async (e: Event) => {
      const input = e.target as HTMLInputElement;
      const f = input.files?.[0];
      if (f) await c.upload(new Uint8Array(await f.arrayBuffer()));
      input.value = "";
    },
  });
  const supervisor = c.me?.role === "supervisor";
  return h(
    "div",
    {},
    h(
      "div",
      {},
      `${c.me!.unit.name} (${c.me!.unit.code}) `,
      h("button", { class: "btn subtle", onclick: () => c.disconnect() }, T.disconnect),
    ),
    supervisor ? h("label", { for: "files-unit" }, T.unit) : null,
    supervisor
      ? h("input", {
          id: "files-unit",
          value: c.unit,
          onchange: (e: Event) => (c.unit = (e.target as HTMLInputElement).value.trim()),
        })
      : null,
    supervisor ? h("p", { class: "hint" }, T.unitHint) : null,
    h("label", { for: "files-form" }, T.form),
    h("input", {
      id: "files-form",
      value: c.formId,
      onchange: (e: Event) => (c.formId = (e.target as HTMLInputElement).value.trim()),
    }),
    h("label", { for: "files-year" }, T.year),
    h("input", {
      id: "files-year",
      type: "number",
      value: c.year,
      onchange: (e: Event) => (c.year = Number((e.target as HTMLInputElement).value)),
    }),
    h(
      "button",
      {
        class: "btn primary",
        id: "files-download",
        disabled: c.busy,
        onclick: () => void c.download(),
      },
      T.download,
    ),
    h("label", { class: "btn", for: "files-upload" }, T.upload),
    file,
  );
}

/** Mount the file section; it re-renders on every change of the controller. */
export function mountFiles(root: HTMLElement, c: FilesController, lang: FilesLang): void {
  const T = TEXT[lang];
  const section = h("section", { class: "card", id: "files" });
  root.appendChild(section);
  const render = () => {
    section.textContent = "";
    section.append(
      h("h2", {}, T.title),
      h("p", { class: "hint" }, T.intro),
      c.me ? fileActions(c, lang) : connectForm(c, lang),
    );
    const o = outcomeView(c.outcome, lang);
    if (o) section.appendChild(o);
  };
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
