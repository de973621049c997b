/**
 * Where the task pane loads Office.js from (`XXGK_OFFICE_JS`, a var on Cloudflare, an environment
 * variable of the self-hosted server): Microsoft's CDN (the default), the CDN of Office 365
 * operated by 21Vianet, or our own origin (the pinned @microsoft/office-js package, served at
 * /office-js/ by the self-hosted server). The pane's page, the CSP and the front page follow it.
 */
export type OfficeJsSetting = "microsoft" | "21vianet" | "self";

export interface OfficeJsSource {
  setting: OfficeJsSetting;
  /** The script's address as the pane's page names it. */
  src: string;
  /** The origin the CSP must allow for it (null: our own). */
  origin: string | null;
}

/** The address in addin/static/taskpane.html (the default), replaced when another is chosen. */
export const MICROSOFT_OFFICE_JS = "https://appsforoffice.microsoft.com/lib/1/hosted/office.js";

export const OFFICE_JS_SOURCES: Record<OfficeJsSetting, OfficeJsSource> = {
  microsoft: {
    setting: "microsoft",
    src: MICROSOFT_OFFICE_JS,
    origin: "https://appsforoffice.microsoft.com",
  },
  "21vianet": {
    setting: "21vianet",
    src: "https://appsforoffice.cdn.partner.office365.cn/appsforoffice/lib/1/hosted/office.js",
    origin: "https://appsforoffice.cdn.partner.office365.cn",
  },
  self: { setting: "self", src: "/office-js/office.js", origin: null },
};

export function isOfficeJsSetting(v: string): v is OfficeJsSetting {
  return Object.hasOwn(OFFICE_JS_SOURCES, v);
}

/** The configured source; unset or unknown: Microsoft's CDN (the self-hosted server refuses unknown values at start). */
export function officeJsSource(configured: string | undefined): OfficeJsSource {
  const v = (configured ?? "").trim().toLowerCase();
  return isOfficeJsSetting(v) ? OFFICE_JS_SOURCES[v] : OFFICE_JS_SOURCES.microsoft;
}

/** A pane page (HTML) with its Office.js script pointed at the configured source. */
export async function withOfficeJs(res: Response, source: OfficeJsSource): Promise<Response> {
  const type = res.headers.get("Content-Type") ?? "";
  if (source.setting === "microsoft" || !type.startsWith("text/html") || !res.ok) return res;
  const html = (await res.text()).replaceAll(MICROSOFT_OFFICE_JS, source.src);
  const headers = new Headers(res.headers);
  headers.delete("Content-Length");
  headers.delete("ETag");
  return new Response(html, { status: res.status, headers });
}
