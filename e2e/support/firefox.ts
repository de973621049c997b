/**
 * Debian's Firefox ESR (`firefox-esr`) driven by puppeteer-core over WebDriver BiDi. Playwright's
 * Firefox is a patched build of its own that cannot be downloaded here; puppeteer speaks the
 * standard protocol every Firefox since 129 has, so it drives the very browser a clerk on
 * Debian, Kylin or UOS runs. `.ci/run` installs the package when it is missing.
 */
import { readdirSync, renameSync, statSync } from "node:fs";
import { join } from "node:path";
import puppeteer, { type Browser, type Page } from "puppeteer-core";
import { findBrowser } from "./browser";

export const FIREFOX_SKIP =
  "Firefox tests skipped: Firefox ESR not found (apt-get install firefox-esr)";

/** $FIREFOX_PATH when set (only that one), else /usr/bin/firefox-esr, else on PATH, else null. */
export function findFirefox(): string | null {
  return findBrowser(process.env.FIREFOX_PATH, "/usr/bin/firefox-esr", "firefox-esr");
}

/**
 * One headless Firefox with a fresh temporary profile (puppeteer makes and removes it), set to
 * Chinese as a clerk's browser is. The protocol listens on a port the system picks.
 */
export function launchFirefox(): Promise<Browser> {
  const executablePath = findFirefox();
  if (!executablePath) throw new Error(FIREFOX_SKIP);
  return puppeteer.launch({
    browser: "firefox",
    executablePath,
    headless: true,
    extraPrefsFirefox: { "intl.accept_languages": "zh-CN, zh" },
  });
}

/** Wait for a condition without assuming how long it takes (the test's limit catches a hang). */
async function until(ready: () => boolean): Promise<void> {
  while (!ready()) await new Promise((r) => setTimeout(r, 50));
}

/** A clerk at the filing page (`/taskpane.html`) in Firefox, with a downloads folder. */
export class FirefoxPage {
  private constructor(
    readonly page: Page,
    private readonly downloads: string,
  ) {}

  /**
   * A fresh context of `browser` (own storage, like another clerk's computer) whose downloads
   * land in `downloads`, at the page with office.js blocked (outside Office nothing serves it).
   */
  static async open(browser: Browser, origin: string, downloads: string): Promise<FirefoxPage> {
    const context = await browser.createBrowserContext({
      downloadBehavior: { policy: "allow", downloadPath: downloads },
    });
    const page = await context.newPage();
    page.setDefaultTimeout(0);
    await page.setViewport({ width: 1500, height: 1300 });
    await page.setRequestInterception(true);
    page.on("request", (r) => {
      if (r.url().startsWith("https://appsforoffice.microsoft.com/")) void r.abort();
      else void r.continue();
    });
    await page.goto(`${origin}/taskpane.html`);
    return new FirefoxPage(page, downloads);
  }

  /** The text of the first element matching `selector` ("" when there is none). */
  text(selector: string): Promise<string> {
    return this.page.evaluate(
      (s) => document.querySelector(s)?.textContent ?? "",
      selector,
    ) as Promise<string>;
  }

  /** Wait until the element shows `text`. */
  async shows(selector: string, text: string): Promise<void> {
    await this.page.waitForFunction(
      (s: string, t: string) => document.querySelector(s)?.textContent?.includes(t) ?? false,
      { timeout: 0 },
      selector,
      text,
    );
  }

  /**
   * Run `press` (a key on the focused control) and wait for the file it downloads; once Firefox
   * has written it (no `.part` file left, not the empty placeholder it puts first) it is moved
   * to `saveAs`, leaving the downloads folder empty for the next one. Its name as downloaded.
   */
  async downloadWith(press: () => Promise<void>, saveAs: string): Promise<string> {
    await press();
    let name = "";
    await until(() => {
      const now = readdirSync(this.downloads);
      name = now.find((f) => !f.endsWith(".part")) ?? "";
      return (
        name !== "" &&
        !now.some((f) => f.endsWith(".part")) &&
        statSync(join(this.downloads, name)).size > 0
      );
    });
    renameSync(join(this.downloads, name), saveAs);
    return name;
  }

  /**
   * Pick `path` in 上传报表文件 (WebDriver BiDi's input.setFiles: the file the browser itself
   * opens, as after the system's file dialog), once the control takes a file.
   */
  async upload(path: string): Promise<void> {
    const input = await this.page.waitForSelector("input#files-upload:not([disabled])");
    await input!.uploadFile(path);
  }

  close(): Promise<void> {
    return this.page.browserContext().close();
  }
}
