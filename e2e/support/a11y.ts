/**
 * Accessibility checks of a page in Chromium or Firefox: axe-core's own source injected with
 * playwright or puppeteer (the page ships no copy of it), and a keyboard that only presses keys.
 */
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";

const AXE = readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");

/** What the checks need of a page: playwright's Page and puppeteer's Page both have it. */
export interface Scriptable {
  evaluate(expression: string): Promise<unknown>;
  evaluate<R>(fn: () => R | Promise<R>): Promise<R>;
  evaluate<R, A>(fn: (arg: A) => R | Promise<R>, arg: A): Promise<R>;
}

/** …and a keyboard. */
export interface Keyed extends Scriptable {
  keyboard: { press(key: string): Promise<void> };
}

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: string[];
}

/** axe-core's violations of the page as it is now (WCAG 2.x A/AA and best practices). */
export async function axeViolations(page: Scriptable): Promise<AxeViolation[]> {
  // Evaluated through the debugging protocol (CDP or WebDriver BiDi), not by the page: its CSP
  // (no inline script, no eval) stays as served.
  if (!(await page.evaluate(() => "axe" in window))) await page.evaluate(AXE);
  return page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (o: unknown) => Promise<unknown> } }).axe;
    const result = (await axe.run({
      runOnly: {
        type: "tag",
        values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"],
      },
    })) as {
      violations: {
        id: string;
        impact: string | null;
        help: string;
        nodes: { target: string[] }[];
      }[];
    };
    return result.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.map((n) => n.target.join(" ")),
    }));
  });
}

/**
 * Press Tab (Shift+Tab with `back`) until the focused element matches `selector`: how a
 * keyboard user reaches a control. Fails when it is not reachable within `max` presses.
 */
export async function tabTo(page: Keyed, selector: string, max = 60): Promise<void> {
  for (let i = 0; i < max; i++) {
    if (await page.evaluate((s) => document.activeElement?.matches(s) ?? false, selector)) return;
    await page.keyboard.press("Tab");
  }
  throw new Error(`${selector} is not reachable with the Tab key`);
}

/** Does anything stick out sideways (a horizontal scrollbar) at the current viewport? */
export function overflowsSideways(page: Scriptable): Promise<string[]> {
  return page.evaluate(() => {
    const width = document.documentElement.clientWidth;
    const out: string[] = [];
    for (const el of document.querySelectorAll<HTMLElement>("#files *")) {
      const r = el.getBoundingClientRect();
      // A scrolling wrapper may hold a wide table; what is inside it is not cut off.
      if (el.closest(".table-wrap") && !el.classList.contains("table-wrap")) continue;
      if (r.width > 0 && r.right > width + 1) out.push(`${el.tagName.toLowerCase()}#${el.id}`);
    }
    return out;
  });
}
