/**
 * With XXGK_OFFICE_JS=self nothing leaves our origin: no page, script, style or manifest the
 * server serves names another origin (every file of the built pane and every page walked), and
 * real Chromium opening the front page and the task pane requests nothing from anywhere else
 * (Office.js included, from /office-js/). The only other URLs allowed in our files are
 * identifiers that nothing fetches (XML namespaces, the API's problem-type URIs) and the pane's
 * loopback fallback.
 */
import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PROBLEM_TYPE_BASE } from "../../../shared/api/problems";
import { launchBrowser } from "../../../e2e/support/browser";
import { freePort } from "../../../e2e/support/ports";
import { buildAssets } from "../../../e2e/support/server";
import { startServe, type Served } from "./support";

const tmp = mkdtempSync(join(tmpdir(), "xxgk-no-outbound-"));
let served: Served;
let origin = "";

/** URLs that identify rather than locate: never requested by a browser or the server. */
const IDENTIFIERS = [
  "http://schemas.microsoft.com/office/",
  "http://www.w3.org/2001/XMLSchema-instance",
  PROBLEM_TYPE_BASE,
  // The pane's fallback server when its page is not on http(s) (addin/src/pane/main.ts): the
  // developer's own machine, never another host.
  "https://localhost:8787",
];

beforeAll(async () => {
  const assets = join(tmp, "assets");
  await buildAssets(assets);
  const port = await freePort();
  origin = `http://127.0.0.1:${port}`;
  served = await startServe({
    PORT: String(port),
    XXGK_DB: join(tmp, "xxgk.sqlite"),
    XXGK_ORIGIN: origin,
    XXGK_ASSETS: assets,
    XXGK_OFFICE_JS: "self",
    XXGK_LOG_REQUESTS: "off",
  });
});
afterAll(async () => {
  await served?.stop();
  rmSync(tmp, { recursive: true, force: true });
});

function foreignUrls(text: string): string[] {
  return [...text.matchAll(/\bhttps?:\/\/[^\s"'`<>)\\]+/g)]
    .map((m) => m[0])
    .filter((u) => !u.startsWith(`${origin}/`) && u !== origin)
    .filter((u) => !IDENTIFIERS.some((id) => u.startsWith(id)));
}

describe("XXGK_OFFICE_JS=self: nothing calls out", () => {
  it("no served page, script, style or manifest names another origin", async () => {
    // Every file of the pane as built (e2e's harness page beside it is a test tool, not served in
    // production).
    const files = readdirSync(join(tmp, "assets")).filter(
      (f) => /\.(html|js|css)$/.test(f) && !f.startsWith("harness."),
    );
    const paths = ["/", "/?lang=en", "/site.css", "/manifest.xml", ...files.map((f) => `/${f}`)];
    expect(paths).toContain("/taskpane.js");
    const found: Record<string, string[]> = {};
    for (const path of paths) {
      const res = await fetch(`${origin}${path}`);
      expect({ path, status: res.status }).toEqual({ path, status: 200 });
      const csp = res.headers.get("Content-Security-Policy") ?? "";
      expect(csp).toContain("script-src 'self';");
      const urls = foreignUrls(await res.text());
      if (urls.length) found[path] = urls;
    }
    expect(found).toEqual({});
    const pane = await (await fetch(`${origin}/taskpane.html`)).text();
    expect(pane).toContain('<script src="/office-js/office.js"></script>');
    const front = await (await fetch(`${origin}/`)).text();
    expect(front).toContain("本服务器(/office-js/office.js)");
  });

  it("Chromium opening the front page and the pane requests only our origin", async () => {
    const browser = await launchBrowser();
    try {
      const context = await browser.newContext();
      const requested: string[] = [];
      context.on("request", (r) => requested.push(r.url()));
      const page = await context.newPage();
      await page.goto(`${origin}/`, { waitUntil: "networkidle" });
      await page.goto(`${origin}/taskpane.html`, { waitUntil: "networkidle" });
      expect(requested).toContain(`${origin}/office-js/office.js`);
      expect(
        requested.filter((u) => !u.startsWith(`${origin}/`) && !u.startsWith("data:")),
      ).toEqual([]);
      // The pane ran (without Excel it offers its file section): Office.js loaded from us.
      await page.waitForFunction(() => !document.body.textContent?.includes("正在加载"));
    } finally {
      await browser.close();
    }
  });
});
