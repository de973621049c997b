/**
 * Task pane entry. Inside Office: waits for Office.onReady and uses the real Excel. Outside
 * Office (browser harness, demo): uses the host injected as `window.xxgkExcel` (an XlApi such as
 * the strict stand-in), or an in-memory stand-in so the pane still boots.
 */
import { localConnectionStore } from "../api-client";
import { OfficeExcelHost, officeXlApi } from "../host/excel-host";
import { StrictExcel } from "../host/strict-excel";
import type { XlApi } from "../host/xl";
import { langOf } from "../i18n";
import { PaneController } from "./controller";
import { mountPane } from "./view";

interface OfficeGlobal {
  onReady(cb?: (info: { host: string | null }) => void): Promise<{ host: string | null }>;
  context?: { displayLanguage?: string };
}

declare global {
  interface Window {
    xxgkExcel?: XlApi;
    xxgkPane?: PaneController;
  }
}

function uuid(): string {
  if (typeof crypto !== "undefined" && "randomUUID" in crypto) return crypto.randomUUID();
  return `${Date.now().toString(16)}-${Math.random().toString(16).slice(2)}`;
}

async function officeReady(): Promise<OfficeGlobal | null> {
  const office = (globalThis as unknown as { Office?: OfficeGlobal }).Office;
  if (!office) return null;
  // Outside an Office host, onReady resolves with host null.
  const info = await Promise.race([
    office.onReady(),
    new Promise<null>((r) => setTimeout(() => r(null), 3000)),
  ]);
  return info && info.host ? office : null;
}

export async function boot(root: HTMLElement): Promise<PaneController> {
  const office = await officeReady();
  const params = new URLSearchParams(location.search);
  const xl =
    (office && officeXlApi()) ||
    window.xxgkExcel ||
    // Neither Office nor a harness: an in-memory workbook. (Not a lazy import: Edge Legacy,
    // Office 2019/2021's webview, has no dynamic import.)
    new StrictExcel();
  const lang = langOf(office?.context?.displayLanguage ?? params.get("lang") ?? "zh-CN");
  document.documentElement.lang = lang === "zh" ? "zh-CN" : "en-US";
  const controller = new PaneController({
    host: new OfficeExcelHost(xl),
    store: localConnectionStore(window.localStorage),
    lang,
    uuid,
    now: () => new Date(),
    defaultServer: location.origin.startsWith("http") ? location.origin : "https://localhost:8787",
  });
  window.xxgkPane = controller;
  mountPane(root, controller);
  await controller.start();
  return controller;
}
