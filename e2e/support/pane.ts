/**
 * A person at the harness page: the real task pane (driven through its DOM, as a user clicks
 * and types) beside the stand-in workbook (typed into like Excel's grid, read back like a user
 * reads the sheet). Waits are condition-based with generous timeouts; nothing is timed.
 */
import type { BrowserContext, Page } from "playwright-core";
import { derivedCells, validate, type Issue } from "../../shared/engine";
import { getForm, type Form } from "../../shared/forms/catalogue";
import { layoutForm, type SheetLayout } from "../../shared/layout";
import type { HarnessCell, HarnessWindow } from "../harness/api";

export const WAIT = 30_000;
export const ERROR_FILL = "#FFC7CE";
export const WARNING_FILL = "#FFEB9C";
export const REMARK_FILL = "#BDD7EE";

export function gov2021(): { form: Form; layout: SheetLayout } {
  const form = getForm("gov-2021")!;
  return { form, layout: layoutForm(form, "zh") };
}

/**
 * What a clerk types of a table: every cell but the totals the workbook computes (locked
 * formulas, which refuse typing as Excel does).
 */
export function partsOnly<T>(form: Form, values: Record<string, T>): Record<string, T> {
  const totals = derivedCells(form);
  return Object.fromEntries(Object.entries(values).filter(([id]) => !totals.has(id)));
}

/** The issues the shared engine finds in a table (the oracle for what the pane must show). */
export function expectedIssues(
  form: Form,
  values: Record<string, number>,
  previous: Record<string, number> | null = null,
): Issue[] {
  return validate(form, values, { lenient: true, previous }).issues;
}

export interface PaneIssue {
  severity: "error" | "warning";
  text: string;
}

export class PanePage {
  private constructor(
    readonly context: BrowserContext,
    readonly page: Page,
    readonly origin: string,
    readonly consoleErrors: string[],
  ) {}

  static async open(context: BrowserContext, origin: string): Promise<PanePage> {
    const page = await context.newPage();
    page.setDefaultTimeout(WAIT);
    const errors: string[] = [];
    page.on("pageerror", (e) => errors.push(String(e)));
    await page.goto(`${origin}/harness.html`);
    await page.locator("#connect").waitFor();
    return new PanePage(context, page, origin, errors);
  }

  /** Fill the server URL and the token like a user, and connect. */
  async connect(token: string): Promise<void> {
    await this.page.fill("#server", this.origin);
    await this.page.fill("#token", token);
    await this.page.click('#connect button[type="submit"]');
    await this.page.locator("#connect .badge.ok").waitFor();
  }

  async chooseForm(formId: string, year: number): Promise<void> {
    await this.page.selectOption("#form", formId);
    await this.page.fill("#year", String(year));
    await this.page.locator("#year").dispatchEvent("change");
  }

  /** 插入报表; resolves when the sheet exists in the workbook and the pane says so. */
  async insert(formId: string, year: number, sheet: string): Promise<void> {
    await this.chooseForm(formId, year);
    await this.page.click("#insert");
    await this.waitForNotice(`已插入报表「${sheet}」`);
  }

  /** Type figures into the sheet's input cells, one cell at a time, as a user does. */
  async type(sheet: string, layout: SheetLayout, values: Record<string, number>): Promise<void> {
    for (const [id, v] of Object.entries(values)) {
      const pos = layout.inputs[id];
      if (!pos) throw new Error(`no input cell ${id}`);
      await this.page.evaluate(
        ([s, a, value]) =>
          (window as unknown as HarnessWindow).harness.type(s as string, a as string, value),
        [sheet, pos.address, v] as const,
      );
    }
  }

  /** Click a cell of a sheet (activates the sheet, as in Excel). */
  async select(sheet: string, address: string): Promise<void> {
    await this.page.evaluate(
      ([s, a]) => (window as unknown as HarnessWindow).harness.select(s, a),
      [sheet, address] as const,
    );
  }

  async cell(sheet: string, address: string): Promise<HarnessCell> {
    return this.page.evaluate(([s, a]) => (window as unknown as HarnessWindow).harness.cell(s, a), [
      sheet,
      address,
    ] as const);
  }

  /** Every input cell's value, by cell id (blank → null). */
  async inputValues(sheet: string, layout: SheetLayout): Promise<Record<string, unknown>> {
    const pairs = Object.entries(layout.inputs).map(([id, p]) => [id, p.address] as const);
    return this.page.evaluate(
      ([s, ps]) => {
        const h = (window as unknown as HarnessWindow).harness;
        const out: Record<string, unknown> = {};
        for (const [id, a] of ps) {
          const v = h.cell(s, a).value;
          out[id] = v === "" || v === undefined ? null : v;
        }
        return out;
      },
      [sheet, pairs] as const,
    );
  }

  async sheets(): Promise<string[]> {
    return this.page.evaluate(() => (window as unknown as HarnessWindow).harness.sheets());
  }

  async notes(sheet: string): Promise<Record<string, string>> {
    return this.page.evaluate((s) => (window as unknown as HarnessWindow).harness.notes(s), sheet);
  }

  /** A table of a sheet keyed by its header texts (see HarnessApi.table). */
  async table(sheet: string, headerRow: number): Promise<Record<string, unknown>[]> {
    const t = await this.page.evaluate(
      ([s, r]) => (window as unknown as HarnessWindow).harness.table(s, r),
      [sheet, headerRow] as const,
    );
    return t.rows.map((row) => Object.fromEntries(t.headers.map((h, i) => [h, row[i]])));
  }

  /** Draw this sheet in the grid (e.g. 汇总 after a pull). */
  async show(sheet: string | null): Promise<void> {
    await this.page.evaluate((s) => (window as unknown as HarnessWindow).harness.show(s), sheet);
    if (sheet) await this.page.locator(`#grid[data-sheet="${sheet}"]`).waitFor();
  }

  /** The issue list of the pane, as a user reads it (not the remarks of a return). */
  async paneIssues(): Promise<PaneIssue[]> {
    return this.page.$$eval("#clerk li.issue:not(.remark)", (lis) =>
      lis.map((li) => ({
        severity: li.classList.contains("error") ? ("error" as const) : ("warning" as const),
        text: (li.querySelector(".issue-link")?.textContent ?? "").trim(),
      })),
    );
  }

  /**
   * Wait until the pane lists exactly these issues (the check runs debounced after typing).
   * On timeout, the message shows what the pane listed instead.
   */
  async waitForIssues(expected: Issue[]): Promise<void> {
    const want = expected.map((i) => ({ severity: i.severity, text: i.message_zh }));
    try {
      await this.page.waitForFunction(
        (w) => {
          const lis = [...document.querySelectorAll("#clerk li.issue:not(.remark)")];
          if (w.length === 0)
            return lis.length === 0 && !!document.querySelector("#clerk .ok-text");
          if (lis.length !== w.length) return false;
          const seen = lis.map(
            (li) =>
              `${li.classList.contains("error") ? "error" : "warning"}|${li.querySelector(".issue-link")?.textContent ?? ""}`,
          );
          return w.every((x) =>
            seen.some((s) => s.startsWith(`${x.severity}|`) && s.includes(x.text)),
          );
        },
        want,
        { timeout: WAIT, polling: 100 },
      );
    } catch (e) {
      const got = await this.paneIssues();
      throw new Error(
        `the pane did not list the expected issues.\nexpected: ${JSON.stringify(want, null, 1)}\ngot: ${JSON.stringify(got, null, 1)}`,
        { cause: e },
      );
    }
  }

  /** Wait until the status line under the buttons contains `text`; returns the whole line. */
  async waitForStatus(text: string): Promise<string> {
    const status = this.page.locator("#status", { hasText: text });
    try {
      await status.waitFor({ timeout: WAIT });
    } catch (e) {
      const got = await this.page
        .locator("#status")
        .textContent()
        .catch(() => null);
      const notice = await this.page
        .locator("#notice")
        .textContent()
        .catch(() => null);
      throw new Error(`status never showed "${text}" (status: ${got}, notice: ${notice})`, {
        cause: e,
      });
    }
    return (await status.textContent()) ?? "";
  }

  /** Wait until the notice under the pane contains `text` (on timeout, says what it showed). */
  async waitForNotice(text: string): Promise<string> {
    const notice = this.page.locator("#notice", { hasText: text });
    try {
      await notice.waitFor({ timeout: WAIT });
    } catch (e) {
      const got = await this.page
        .locator("#notice")
        .textContent()
        .catch(() => null);
      throw new Error(`the pane never said "${text}" (notice: ${got})`, { cause: e });
    }
    return (await notice.textContent()) ?? "";
  }

  async screenshot(path: string): Promise<void> {
    await this.page.evaluate(() => (window as unknown as HarnessWindow).harness.redraw());
    await this.page.screenshot({ path });
  }
}
