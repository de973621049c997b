/**
 * Task pane entry: choose the Excel to work on (boot.ts), then mount the pane. When the pane
 * cannot start (office.js missing, not Excel, Excel too old) it says why, in place of 正在加载.
 */
import { localConnectionStore } from "../common/api-client";
import { OfficeExcelHost } from "../host/excel-host";
import type { XlApi } from "../host/xl";
import { langOf } from "../common/i18n";
import { bootFailureText, chooseHost, type OfficeReady } from "./boot";
import { PaneController } from "./controller";
import { FilesController } from "./files";
import { mountPane } from "./view";
import { mountFiles, saveFile } from "./view/files";

function uuid(): string {
  if (typeof crypto !== "undefined" && "randomUUID" in crypto) return crypto.randomUUID();
  return `${Date.now().toString(16)}-${Math.random().toString(16).slice(2)}`;
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
    const p = document.createElement("p");
    // In a plain browser the file section below works: a notice, not an error.
    p.className = `notice ${plainBrowser ? "info" : "error"} boot-failure`;
    p.setAttribute("role", "alert");
    p.textContent = bootFailureText(lang, choice.failure);
    root.textContent = "";
    root.appendChild(p);
    // A plain browser: the report as a file, no Excel needed (issue 11).
    if (plainBrowser) {
      const files = new FilesController({
        store: localConnectionStore(window.localStorage),
        lang,
        uuid,
        save: saveFile,
      });
      mountFiles(root, files, lang);
      if (files.conn) void files.connect(files.conn.server, files.conn.token);
    }
    return null;
  }
  const controller = new PaneController({
    host: new OfficeExcelHost(choice.xl),
    store: localConnectionStore(window.localStorage),
    lang,
    uuid,
    now: () => new Date(),
    defaultServer: location.origin.startsWith("http") ? location.origin : "https://localhost:8787",
  });
  mountPane(root, controller);
  await controller.start();
  return controller;
}
