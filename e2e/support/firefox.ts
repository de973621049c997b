/**
 * Debian's Firefox ESR (`firefox-esr`) driven by puppeteer-core over WebDriver BiDi. Playwright's
 * Firefox is a patched build of its own that cannot be downloaded here; puppeteer speaks the
 * standard protocol every Firefox since 129 has, so it drives the very browser a clerk on
 * Debian, Kylin or UOS runs. `.ci/run` installs the package when it is missing.
 */
import { readdirSync, renameSync, statSync } from "node:fs";
import { join } from "node:path";
import puppeteer, { type Browser, type BrowserContext, type Page } from "puppeteer-core";
import { findBrowser } from "./browser";
import { HANG } from "./hang";

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

/** Wait for `ready()` for at most HANG, then fail saying what was awaited and what was seen. */
async function until(ready: () => boolean, awaited: string, seen: () => string): Promise<void> {
  const deadline = Date.now() + HANG;
  while (!ready()) {
    if (Date.now() > deadline)
      throw new Error(`Firefox: no ${awaited} within ${HANG / 1000} s; ${seen()}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** A tab of `context` at `url`, wide enough for the page's tables, office.js blocked. */
async function openTab(context: BrowserContext, url: string): Promise<Page> {
  const page = await context.newPage();
  page.setDefaultTimeout(HANG);
  await page.setViewport({ width: 1500, height: 1300 });
  await page.setRequestInterception(true);
  page.on("request", (r) => {
    if (r.url().startsWith("https://appsforoffice.microsoft.com/")) void r.abort();
    else void r.continue();
  });
  await page.goto(url);
  return page;
}

/** A clerk at the filing page (`/taskpane.html`) in Firefox, with a downloads folder. */
export class FirefoxPage {
  private constructor(
    private tab: Page,
    private readonly url: string,
    private readonly downloads: string,
  ) {}

  /** The tab the clerk works in (a new one after `reopen`). */
  get page(): Page {
    return this.tab;
  }

  /**
   * A fresh context of `browser` (own storage, like another clerk's computer) whose downloads
   * land in `downloads`, at the page with office.js blocked (outside Office nothing serves it).
   */
  static async open(browser: Browser, origin: string, downloads: string): Promise<FirefoxPage> {
    const context = await browser.createBrowserContext({
      downloadBehavior: { policy: "allow", downloadPath: downloads },
    });
    const url = `${origin}/taskpane.html`;
    return new FirefoxPage(await openTab(context, url), url, downloads);
  }

  /**
   * The clerk comes back to the page: a new tab of the same browser (same storage, so the saved
   * connection), the old one closed. Not `page.reload()`: after a tab has navigated, Firefox's
   * remote agent still delivers WebDriver BiDi key presses to the focused button (keydown,
   * keypress, keyup, all trusted) but Gecko no longer runs their default action, so Enter and
   * Space activate nothing; mouse clicks and a new tab work. A real keyboard is not affected
   * (see docs/BROWSER.md). Returns the new tab.
   */
  async reopen(): Promise<Page> {
    const old = this.tab;
    this.tab = await openTab(old.browserContext(), this.url);
    await old.close();
    return this.tab;
  }

  /** The text of the first element matching `selector` ("" when there is none). */
  text(selector: string): Promise<string> {
    return this.tab.evaluate(
      (s) => document.querySelector(s)?.textContent ?? "",
      selector,
    ) as Promise<string>;
  }

  /** What the element shows, as the reader sees it (its innerText; "" when there is none). */
  innerText(selector: string): Promise<string> {
    return this.tab.evaluate(
      (s) => (document.querySelector(s) as HTMLElement | null)?.innerText ?? "",
      selector,
    ) as Promise<string>;
  }

  /** Wait until the element shows `text`. */
  async shows(selector: string, text: string): Promise<void> {
    await this.tab.waitForFunction(
      (s: string, t: string) => document.querySelector(s)?.textContent?.includes(t) ?? false,
      { timeout: HANG },
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
    const folder = () => readdirSync(this.downloads);
    await until(
      () => {
        const now = folder();
        name = now.find((f) => !f.endsWith(".part")) ?? "";
        return (
          name !== "" &&
          !now.some((f) => f.endsWith(".part")) &&
          statSync(join(this.downloads, name)).size > 0
        );
      },
      "download finished",
      () => `the downloads folder holds [${folder().join(", ")}]`,
    );
    renameSync(join(this.downloads, name), saveAs);
    return name;
  }

  /**
   * Pick `path` in 上传报表文件 (WebDriver BiDi's input.setFiles: the file the browser itself
   * opens, as after the system's file dialog), once the control takes a file.
   */
  async upload(path: string): Promise<void> {
    const input = await this.tab.waitForSelector("input#files-upload:not([disabled])");
    await input!.uploadFile(path);
  }

  close(): Promise<void> {
    return this.tab.browserContext().close();
  }
}
