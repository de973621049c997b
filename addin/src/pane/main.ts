/**
 * Task pane entry: choose the Excel to work on (boot.ts), then mount the pane. When the pane
 * cannot start (office.js missing, not Excel, Excel too old) it says why, in place of 正在加载.
 */
import { localConnectionStore } from "../common/api-client";
import { OfficeExcelHost } from "../host/excel-host";
import type { XlApi } from "../host/xl";
import { langOf, type Lang } from "../common/i18n";
import { bootFailureText, chooseHost, type OfficeReady } from "./boot";
import { PaneController } from "./controller";
import { FilesController } from "./files";
import { mountPane } from "./view";
import { mountFiles, saveFile } from "./view/files";
import { mountReportTexts, openPage } from "./view/report-texts";
import { TextsController } from "./report-texts";

function uuid(): string {
  if (typeof crypto !== "undefined" && "randomUUID" in crypto) return crypto.randomUUID();
  return `${Date.now().toString(16)}-${Math.random().toString(16).slice(2)}`;
}

function textsController(lang: Lang): TextsController {
  return new TextsController({
    lang,
    drafts: window.localStorage,
    save: saveFile,
    open: openPage,
    now: () => new Date(),
  });
}

/**
 * In Excel, the report's texts (issue 26) below the pane's cards (the pane redraws its own root,
 * so they sit beside it), for a clerk's chosen form and year.
 */
function mountPaneTexts(root: HTMLElement, pane: PaneController, lang: Lang): void {
  const box = document.createElement("div");
  box.id = "pane-texts";
  root.after(box);
  const texts = textsController(lang);
  mountReportTexts(box, texts, lang);
  const follow = () => {
    if (pane.busy) return;
    const clerk = pane.me?.role === "clerk" && pane.token && pane.formId;
    void texts.load(
      clerk
        ? {
            server: pane.server,
            token: pane.token,
            unit: pane.me!.unit.code,
            form: pane.formId,
            year: pane.year,
          }
        : null,
    );
  };
  pane.subscribe(follow);
}

/**
 * Inside Excel, the filing page's sections (status, remarks, history, the report as a file) sit
 * below the add-in's, folded: they load only when opened, over the pane's own connection.
 */
function mountFilesBelow(root: HTMLElement, pane: PaneController, lang: Lang): void {
  const details = document.createElement("details");
  details.id = "files-below";
  const summary = document.createElement("summary");
  summary.textContent = lang === "zh" ? "报表文件与报送记录" : "Report file and history";
  details.appendChild(summary);
  root.appendChild(details);
  const files = new FilesController({
    store: { load: () => null, save: () => undefined, clear: () => undefined },
    lang,
    uuid,
    save: saveFile,
    embedded: true,
  });
  mountFiles(details, files, lang, "h2");
  let following = "";
  const follow = () => {
    // Edge Legacy has no <details> (`open` undefined): it shows the section open, so load it.
    if ((details as { open?: boolean }).open === false) return;
    if (pane.me && following !== pane.token) {
      following = pane.token;
      void files.connect(pane.server, pane.token);
    }
    if (!pane.me && following) {
      following = "";
      files.disconnect();
    }
  };
  details.addEventListener("toggle", follow);
  pane.subscribe(follow);
}

/**
 * Boot the pane into `root`. `injected`: the Excel of the e2e harness or the demo page (their own
 * entries pass it; the shipped entry never does).
 */
export async function boot(
  root: HTMLElement,
  opts: { injected?: XlApi } = {},
): Promise<PaneController | null> {
  const params = new URLSearchParams(location.search);
  const office = (globalThis as unknown as { Office?: OfficeReady }).Office;
  const choice = await chooseHost({ office, injected: opts.injected });
  // Office's display language; in a plain browser (the file section), the browser's.
  const plainBrowser =
    !choice.ok && (choice.failure.kind === "noOfficeJs" || choice.failure.kind === "notExcel");
  const lang = langOf(
    (choice.ok ? choice.displayLanguage : office?.context?.displayLanguage) ??
      params.get("lang") ??
      (plainBrowser ? navigator.language : null) ??
      "zh-CN",
  );
  document.documentElement.lang = lang === "zh" ? "zh-CN" : "en-US";
  if (!choice.ok) {
    root.textContent = "";
    // In a plain browser the page is the clerk's page (view/files.ts), not a failed pane.
    if (!plainBrowser) {
      const p = document.createElement("p");
      p.className = "notice error boot-failure";
      p.setAttribute("role", "alert");
      p.textContent = bootFailureText(lang, choice.failure);
      root.appendChild(p);
    }
    // A plain browser: the report as a file, no Excel needed (issue 11).
    if (plainBrowser) {
      const files = new FilesController({
        store: localConnectionStore(window.localStorage),
        lang,
        uuid,
        save: saveFile,
      });
      mountFiles(root, files, lang);
      // The report's texts (issue 26) follow the report chosen in the file section.
      const texts = textsController(lang);
      mountReportTexts(root, texts, lang);
      const filesChanged = files.onChange;
      files.onChange = () => {
        filesChanged();
        if (files.busy) return;
        const me = files.me;
        const ready = me && files.conn && files.formId && me.role !== "admin";
        const own = me?.unit.code === files.unit;
        void texts.load(
          ready
            ? {
                ...files.conn!,
                unit: files.unit,
                form: files.formId,
                year: files.year,
                // A supervisor reviews a unit below, and writes its own consolidated report.
                mode: me.role === "supervisor" && !own ? "review" : "write",
                node: me.role === "supervisor" && own,
              }
            : null,
        );
      };
      if (files.conn) void files.connect(files.conn.server, files.conn.token);
    }
    return null;
  }
  const controller = new PaneController({
    host: new OfficeExcelHost(choice.xl),
    store: localConnectionStore(window.localStorage),
    drafts: window.localStorage,
    lang,
    uuid,
    now: () => new Date(),
    defaultServer: location.origin.startsWith("http") ? location.origin : "https://localhost:8787",
  });
  const paneRoot = document.createElement("div");
  root.textContent = "";
  root.appendChild(paneRoot);
  mountPane(paneRoot, controller);
  mountPaneTexts(paneRoot, controller, lang);
  mountFilesBelow(root, controller, lang);
  await controller.start();
  return controller;
}
