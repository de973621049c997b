/**
 * Debian's Chromium driven by playwright-core (no browser download: `npx playwright install`
 * cannot work here). `.ci/run` installs the `chromium` package when it is missing.
 */
import { accessSync, constants } from "node:fs";
import { delimiter, join } from "node:path";
import { chromium, type BrowserContext } from "playwright-core";

export const SKIP_MESSAGE = "browser tests skipped: Chromium not found (apt-get install chromium)";

function executable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/**
 * $CHROMIUM_PATH when set (only that one), else /usr/bin/chromium, else `chromium` on PATH, else
 * null.
 */
export function findChromium(): string | null {
  return findBrowser(process.env.CHROMIUM_PATH, "/usr/bin/chromium", "chromium");
}

/** `forced` when set (only that one), else `debian` (Debian's path), else `name` on PATH. */
export function findBrowser(forced: string | undefined, debian: string, name: string) {
  if (forced) return executable(forced) ? forced : null;
  if (executable(debian)) return debian;
  for (const dir of (process.env.PATH ?? "").split(delimiter)) {
    if (dir && executable(join(dir, name))) return join(dir, name);
  }
  return null;
}

export interface Browser {
  /**
   * A fresh profile (own localStorage), like another clerk's computer; a Chinese browser unless
   * `locale` says otherwise.
   */
  newContext(opts?: { locale?: string }): Promise<BrowserContext>;
  close(): Promise<void>;
}

/**
 * One Chromium; playwright gives it a fresh temporary user-data-dir. Each `newContext()` is an
 * isolated context of it (own storage), like another person's computer.
 */
export async function launchBrowser(): Promise<Browser> {
  const executablePath = findChromium();
  if (!executablePath) throw new Error(SKIP_MESSAGE);
  const browser = await chromium.launch({
    executablePath,
    headless: true,
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
  return {
    newContext: (opts = {}) =>
      browser.newContext({
        viewport: { width: 1500, height: 1300 },
        locale: opts.locale ?? "zh-CN",
      }),
    close: () => browser.close(),
  };
}
