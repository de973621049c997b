/**
 * Which Excel the pane works on, or why it cannot start. Inside Office: the real Excel, once
 * Office.onReady says the host is Excel and its ExcelApi reaches the add-in's baseline. In the
 * browser harness and the demo: the host their own entries inject. Nothing else: no
 * in-memory workbook to fall back on, so a failure is always said (bootFailureText).
 */
import { officeXlApi } from "../host/excel-host";
import { BASELINE } from "../host/requirements";
import type { XlApi } from "../host/xl";
import { t, type Lang } from "../common/i18n";

export type BootFailure =
  /** office.js did not load (no network to Microsoft's CDN, or the page opened in a browser). */
  | { kind: "noOfficeJs" }
  /** Office.onReady did not answer. */
  | { kind: "officeTimeout" }
  /** office.js loaded outside Excel (a plain browser, or another Office application). */
  | { kind: "notExcel"; host: string | null }
  /** Excel below the add-in's baseline ExcelApi set (Office 2016, volume-licensed Office 2019). */
  | { kind: "oldExcel"; need: string }
  /** Excel's API threw. */
  | { kind: "excelFailed"; detail: string };

export type BootChoice =
  { ok: true; xl: XlApi; displayLanguage: string | null } | { ok: false; failure: BootFailure };

/** The part of Office.js the boot reads. */
export interface OfficeReady {
  onReady(): Promise<{ host: string | null }>;
  context?: { displayLanguage?: string };
}

export interface BootEnv {
  office: OfficeReady | undefined;
  /** The harness's or demo's Excel, if one was injected. */
  injected: XlApi | undefined;
  /** The real Excel (officeXlApi), once Office is ready. */
  realExcel?: () => XlApi | null;
  /** How long to wait for Office.onReady, ms. */
  readyTimeoutMs?: number;
}

function below(xl: XlApi): BootFailure | null {
  return xl.isSetSupported("ExcelApi", BASELINE) ? null : { kind: "oldExcel", need: BASELINE };
}

export async function chooseHost(env: BootEnv): Promise<BootChoice> {
  if (env.injected) {
    const low = below(env.injected);
    return low
      ? { ok: false, failure: low }
      : { ok: true, xl: env.injected, displayLanguage: null };
  }
  const office = env.office;
  if (!office) return { ok: false, failure: { kind: "noOfficeJs" } };
  const info = await Promise.race([
    office.onReady(),
    new Promise<null>((r) => setTimeout(() => r(null), env.readyTimeoutMs ?? 20_000)),
  ]);
  if (!info) return { ok: false, failure: { kind: "officeTimeout" } };
  if (info.host !== "Excel") return { ok: false, failure: { kind: "notExcel", host: info.host } };
  try {
    const xl = (env.realExcel ?? officeXlApi)();
    if (!xl) return { ok: false, failure: { kind: "excelFailed", detail: "Excel.run is missing" } };
    const low = below(xl);
    if (low) return { ok: false, failure: low };
    return { ok: true, xl, displayLanguage: office.context?.displayLanguage ?? null };
  } catch (e) {
    return {
      ok: false,
      failure: { kind: "excelFailed", detail: e instanceof Error ? e.message : String(e) },
    };
  }
}

/** What the pane says instead of 正在加载 when it cannot start. */
export function bootFailureText(lang: Lang, f: BootFailure): string {
  switch (f.kind) {
    case "noOfficeJs":
      return t(lang, "bootNoOfficeJs");
    case "officeTimeout":
      return t(lang, "bootTimeout");
    case "notExcel":
      return t(lang, "bootNotExcel", { host: f.host ?? t(lang, "bootBrowser") });
    case "oldExcel":
      return t(lang, "bootOldExcel", { need: f.need });
    case "excelFailed":
      return t(lang, "bootExcelFailed", { detail: f.detail });
  }
}
