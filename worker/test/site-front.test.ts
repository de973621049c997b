import { env } from "cloudflare:test";
import { Hono } from "hono";
import { describe, expect, it } from "vitest";
import { version } from "../../package.json";
import type { AppEnv } from "../src/app-env";
import type { Env } from "../src/env";
import { siteApp } from "../src/site";

// The public pages as the lead mounts them: app.route("/", siteApp) on the Worker's app.
const app = new Hono<AppEnv>().route("/", siteApp);
const ORIGIN = "https://xxgk.example.gov.cn";

async function page(
  query = "",
  headers: Record<string, string> = {},
  bindings: Env = env,
): Promise<{ res: Response; html: string }> {
  const res = await app.request(`${ORIGIN}/${query}`, { headers }, bindings);
  return { res, html: await res.text() };
}

/** The text a reader sees: tags dropped, entities of the escaped text decoded. */
function visible(html: string): string {
  return html
    .replace(/<[^>]+>/g, " ")
    .replace(/&amp;/g, "&")
    .replace(/&#39;/g, "'")
    .replace(/&quot;/g, '"')
    .replace(/\s+/g, " ");
}

describe("GET / (the front page)", () => {
  it("in zh-CN: what it is, the manifest for this server, Excel web/Windows/Mac, the pane, health", async () => {
    const { res, html } = await page("", { "Accept-Language": "zh-CN,zh;q=0.9,en;q=0.8" });
    expect(res.status).toBe(200);
    expect(res.headers.get("Content-Type")).toContain("text/html");
    expect(res.headers.get("Content-Language")).toBe("zh-CN");
    expect(res.headers.get("Vary")).toContain("Accept-Language");
    expect(html).toContain('<html lang="zh-CN">');
    const text = visible(html);
    expect(text).toContain("信息公开年报统计表");
    expect(text).toContain("Excel 加载项");
    expect(html).toMatch(
      /<a class="button" href="\/manifest.xml" download="manifest.xml">下载 manifest.xml<\/a>/,
    );
    expect(text).toContain(`本服务器(${ORIGIN})`);
    for (const way of ["网页版 Excel", "Windows 版 Excel", "Mac 版 Excel"]) {
      expect(html).toContain(`<h3>${way}</h3>`);
    }
    expect(text).toContain("上传我的加载项");
    expect(text).toContain("受信任的加载项目录");
    expect(text).toContain("com.microsoft.Excel/Data/Documents/");
    expect(text).toContain(`${ORIGIN}/manifest.xml`);
    expect(html).toContain('<a class="button" href="/taskpane.html">打开填报页面</a>');
    // It leads with the two ways in: the browser (any PC, WPS/LibreOffice/Excel), then Excel.
    const h2 = [...html.matchAll(/<h2 id="([^"]+)"/g)].map((m) => m[1]);
    expect(h2[0]).toBe("ways");
    expect(text.indexOf("浏览器填报")).toBeLessThan(text.indexOf("Excel 加载项"));
    expect(text).toContain("WPS 表格、Excel 或 LibreOffice");
    expect(text).toContain("Excel 只从 HTTPS 地址加载加载项");
    expect(text).not.toContain("通过 http 访问"); // served over https here
    // No claim the product does not keep.
    expect(text).not.toContain("内存");
    expect(text).toContain("状态 正常");
    expect(text).toContain(`版本 ${version}`);
    const migrations = env.TEST_MIGRATIONS.map((m) => m.name);
    expect(text).toContain(`已应用 ${migrations.length} 项,最新为 ${migrations.at(-1)}`);
    expect(html).toMatch(
      /<time datetime="\d{4}-\d\d-\d\dT[^"]+Z">\d{4}-\d\d-\d\d \d\d:\d\d\(北京时间\)<\/time>/,
    );
    expect(html).toContain('<a href="/api/v1/health">');
    expect(html).toMatch(
      /<a\s+href="\/\?lang=en"\s+lang="en-US"\s+hreflang="en-US"\s*>English<\/a\s*>/,
    );
  });

  it("in en-US when the browser prefers English", async () => {
    const { res, html } = await page("", { "Accept-Language": "en-GB,en;q=0.9" });
    expect(res.headers.get("Content-Language")).toBe("en-US");
    expect(html).toContain('<html lang="en-US">');
    const text = visible(html);
    expect(text).toContain("Download manifest.xml");
    for (const way of ["Excel on the web", "Excel on Windows", "Excel on Mac"]) {
      expect(html).toContain(`<h3>${way}</h3>`);
    }
    expect(text).toContain("Upload My Add-in");
    expect(html).toContain(
      '<a class="button" href="/taskpane.html?lang=en">Open the filing page</a>',
    );
    expect(text).toContain("Excel loads add-ins only from HTTPS addresses");
    expect(text).toContain("Status OK");
    // No Chinese on the English page but the link back to it.
    expect(text.replace("中文", "")).not.toMatch(/[\u4e00-\u9fff]/);
    expect(html).toMatch(
      /<a\s+href="\/\?lang=zh"\s+lang="zh-CN"\s+hreflang="zh-CN"\s*>中文<\/a\s*>/,
    );
  });

  it.each([
    [undefined, "", "zh-CN"],
    ["fr-FR", "", "zh-CN"],
    ["fr-FR, en;q=0.5", "", "en-US"],
    ["en;q=0.3, zh-TW;q=0.8", "", "zh-CN"],
    ["zh-CN", "?lang=en", "en-US"],
    ["en-US", "?lang=zh", "zh-CN"],
  ])("Accept-Language %s with %s is %s (zh-CN first)", async (accept, query, lang) => {
    const { html } = await page(query, accept ? { "Accept-Language": accept } : {});
    expect(html).toContain(`<html lang="${lang}">`);
  });

  it("has no script and no inline style: one same-origin stylesheet (CSP default-src 'self')", async () => {
    const { html } = await page("", { "Accept-Language": "zh-CN" });
    expect(html).not.toMatch(/<script|<style|\sstyle=|\son[a-z]+=|javascript:/i);
    const sheets = [...html.matchAll(/<link rel="stylesheet" href="([^"]+)"/g)].map((m) => m[1]);
    expect(sheets).toEqual(["/site.css"]);
    const css = await app.request(`${ORIGIN}/site.css`, {}, env);
    expect(css.status).toBe(200);
    expect(css.headers.get("Content-Type")).toBe("text/css; charset=utf-8");
    expect(await css.text()).toContain("font-family");
  });

  it("over http it says Excel will refuse the add-in from there, and the browser way still works", async () => {
    const res = await app.request(
      "http://10.1.2.3:8080/",
      { headers: { "Accept-Language": "zh-CN" } },
      env,
    );
    const text = visible(await res.text());
    expect(text).toContain(
      "本服务器当前通过 http 访问(http://10.1.2.3:8080),Excel 会拒绝从此地址加载加载项",
    );
    expect(text).toContain("浏览器填报不受影响");
  });

  it("says so when the database is unreachable, and still serves the page", async () => {
    const brokenDb = {
      prepare: () => {
        throw new Error("D1_ERROR: network connection lost");
      },
    } as unknown as D1Database;
    const { res, html } = await page("", { "Accept-Language": "zh-CN" }, { ...env, DB: brokenDb });
    expect(res.status).toBe(200);
    expect(visible(html)).toContain("状态 数据库暂不可用");
    expect(html).toContain('href="/manifest.xml"');
  });
});
