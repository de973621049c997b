/**
 * A person at the pane opened in a plain browser (no Office): its file section, driven through
 * its DOM as a user clicks, types and picks files.
 */
import { readFileSync } from "node:fs";
import type { BrowserContext, Locator, Page } from "playwright-core";
import type { Browser } from "./browser";

export class FilesPane {
  private constructor(
    readonly context: BrowserContext,
    readonly page: Page,
  ) {}

  /** Open taskpane.html (office.js blocked, as outside Office) and connect with `token`. */
  static async open(
    browser: Browser,
    origin: string,
    token: string,
    opts: { locale?: string } = {},
  ): Promise<FilesPane> {
    const context = await browser.newContext(opts);
    const page = await context.newPage();
    // No office.js outside Office (and none from Microsoft's CDN in the test).
    await page.route("https://appsforoffice.microsoft.com/**", (r) => r.abort());
    await page.goto(`${origin}/taskpane.html`);
    await page.locator("#files").waitFor();
    await page.fill("#files-token", token);
    await page.click('#files button[type="submit"]');
    await page.locator("#files-download").waitFor();
    return new FilesPane(context, page);
  }

  /** Type into a field and leave it (its change is applied). */
  async set(field: "unit" | "year", value: string | number): Promise<void> {
    await this.page.fill(`#files-${field}`, String(value));
    await this.page.press(`#files-${field}`, "Tab");
  }

  /** Click 下载报表文件: the file's suggested name and bytes. */
  async download(): Promise<{ filename: string; bytes: Uint8Array }> {
    const [d] = await Promise.all([
      this.page.waitForEvent("download"),
      this.page.click("#files-download"),
    ]);
    return {
      filename: d.suggestedFilename(),
      bytes: new Uint8Array(readFileSync((await d.path())!)),
    };
  }

  /** Pick a file with 上传报表文件. */
  upload(path: string): Promise<void> {
    return this.page.setInputFiles("#files-upload", path);
  }

  /** The result under the buttons. */
  get result(): Locator {
    return this.page.locator("#files-result");
  }

  /** The listed issue of a refused upload with this instance key. */
  issue(key: string): Locator {
    return this.page.locator(`#files-result li.issue[data-key="${key}"]`);
  }

  close(): Promise<void> {
    return this.context.close();
  }
}
