/**
 * The WPS clerk's day (issue 23), in Chromium against `wrangler dev`, with the keyboard alone:
 * connect with an invite code; download the report file; fill it in LibreOffice Calc (through
 * UNO, as WPS would be used); upload it with one wrong figure and read the problems; fix the same
 * file and upload it (stored), correct it once more and upload the same file again (stored);
 * the supervisor returns it with a remark; the clerk reads reason and remark on the page and in a
 * fresh download (a cell comment, blue); fixes, uploads, and the report is accepted. axe-core
 * finds no violation in any state of the day, and nothing sticks out sideways at 200 % zoom.
 *
 * With XXGK_SCREENSHOTS=<dir> it also saves the page in each state there
 * (`npm run screenshots:page` writes docs/screenshots/; the test itself never writes the repo).
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { FileChooser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { createApiClient } from "../shared/api/client";
import { fillTotals, validate } from "../shared/engine";
import { consistentValues, rng } from "../shared/testing/sample-report";
import { JARGON } from "../shared/testing/clerk-words";
import { libreOfficeGate } from "../shared/test/libreoffice-gate";
import { axeViolations, overflowsSideways, tabTo } from "./support/a11y";
import { findChromium, launchBrowser, type Browser } from "./support/browser";
import { formSheetName } from "../shared/layout/sheet-names";
import { CalcClerk, form, layout, valuesDiffering } from "./support/calc-clerk";
import { HANG, explained } from "./support/hang";
import { hasOpenpyxl, readXlsx } from "./support/readers";
import { startStack, type Stack } from "./support/server";

const YEAR = 2024; // the latest open period of the test county: the page preselects it
// Asked once here, not while the browser and the proxy wait on this event loop.
const openpyxl = hasOpenpyxl();
const libreOffice = libreOfficeGate("the WPS clerk's day in LibreOffice Calc");
const SHOTS = process.env.XXGK_SCREENSHOTS;

let dir = "";
let stack: Stack;
let browser: Browser;
let clerkAtCalc: CalcClerk;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "xxgk-clerk-day-"));
  clerkAtCalc = new CalcClerk(dir);
  stack = await startStack();
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await stack?.stop();
  rmSync(dir, { recursive: true, force: true });
});

async function noViolations(page: Page, state: string): Promise<void> {
  const found = await axeViolations(page);
  expect(found, `axe-core in state "${state}": ${JSON.stringify(found, null, 1)}`).toEqual([]);
  // Nor a word a clerk does not know (If-Match, ETag, HTTP, a status code, a form id).
  expect(await page.locator("#app").innerText()).not.toMatch(JARGON);
  if (SHOTS) await page.screenshot({ path: join(SHOTS, `page-${state}.png`), fullPage: true });
}

/** 200 % zoom: the same page in half the CSS width must not need a sideways scrollbar. */
async function readableAtDoubleZoom(page: Page): Promise<void> {
  const size = page.viewportSize()!;
  await page.setViewportSize({ width: 640, height: 800 });
  expect(await overflowsSideways(page)).toEqual([]);
  const smallest = await page.evaluate(() =>
    Math.min(
      ...[...document.querySelectorAll<HTMLElement>("#files *")]
        .filter((e) => e.childNodes.length && e.textContent!.trim())
        .map((e) => parseFloat(getComputedStyle(e).fontSize)),
    ),
  );
  expect(smallest).toBeGreaterThanOrEqual(12);
  await page.setViewportSize(size);
}

let shown: Page | null = null;

/** A failure says what the page showed and the last requests, not only the element awaited. */
function explainedDay(day: () => Promise<void>): Promise<void> {
  const showed = async () =>
    shown ? await shown.locator("#app").innerText({ timeout: 5_000 }) : "";
  return explained(day, showed, stack.proxy.log);
}

/** Wait until the element shows the text. */
function shows(page: Page, selector: string, text: string): Promise<void> {
  return page.locator(selector, { hasText: text }).waitFor();
}

/**
 * The page's file choosers, caught from the page's first moment. Playwright turns Chromium's
 * file-chooser interception on when the first listener is added, without waiting for it: a
 * `waitForEvent("filechooser")` racing the key press that opens the chooser sometimes lost (a
 * loaded machine, ~1 day in 10), the chooser opened natively and never reached the test.
 */
function fileChoosers(page: Page): () => Promise<FileChooser> {
  const caught: FileChooser[] = [];
  const waiting: ((c: FileChooser) => void)[] = [];
  page.on("filechooser", (c) => {
    const w = waiting.shift();
    if (w) w(c);
    else caught.push(c);
  });
  return () => {
    const c = caught.shift();
    return c ? Promise.resolve(c) : new Promise((resolve) => waiting.push(resolve));
  };
}
let nextChooser: () => Promise<FileChooser> = () => Promise.reject(new Error("no page"));

/** Open the file control with the Space bar and pick `path` in the file chooser it opens. */
async function uploadWithKeyboard(page: Page, path: string): Promise<void> {
  await tabTo(page, "#files-upload");
  const chooser = nextChooser();
  await page.keyboard.press("Space");
  await (await withinHang(chooser, "the file chooser after Space on 上传报表文件")).setFiles(path);
}

/** A bounded wait on a promise the page's timeout does not cover. */
function withinHang<T>(p: Promise<T>, what: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const hung = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`waited ${HANG / 1000} s for ${what}`)), HANG);
  });
  return Promise.race([p, hung]).finally(() => clearTimeout(timer));
}

async function downloadWithKeyboard(page: Page, selector: string, name: string): Promise<string> {
  await tabTo(page, selector);
  const [d] = await Promise.all([page.waitForEvent("download"), page.keyboard.press("Enter")]);
  const path = join(dir, name);
  await d.saveAs(path);
  return path;
}

describe.skipIf(libreOffice.skip || !findChromium())("the WPS clerk's day", () => {
  beforeAll(() => libreOffice.require());

  test(
    "invite code, Calc, an error, the same file twice, a return with a remark, accepted",
    () =>
      explainedDay(async () => {
        const clerk = stack.tokens.clerks[8]!; // 灵溪镇人民政府
        const admin = createApiClient({ origin: stack.origin, token: stack.tokens.admin });
        const sup = createApiClient({ origin: stack.origin, token: stack.tokens.supervisor.token });
        const { code } = await admin.createInvite(clerk.code, "clerk");

        const context = await browser.newContext();
        const page = await context.newPage();
        nextChooser = fileChoosers(page);
        shown = page;
        // A wait is a hang guard, not a timing assumption: a step takes seconds even on a loaded
        // 2-core machine. Unbounded waits (as before) turned a lost request into a silent 600 s
        // timeout; a bounded one names the element, and `said` adds what the page showed.
        page.setDefaultTimeout(HANG);
        await page.route("https://appsforoffice.microsoft.com/**", (r) => r.abort());
        await page.goto(`${stack.origin}/taskpane.html`);
        await page.locator("#files-token").waitFor();
        expect(await page.locator("#app").textContent()).not.toContain("Office.js");
        await noViolations(page, "not-connected");
        await readableAtDoubleZoom(page);

        // Connect: the invite code typed, Enter on 连接.
        await tabTo(page, "#files-token");
        await page.keyboard.type(code);
        await tabTo(page, '#files-connect button[type="submit"]');
        await page.keyboard.press("Enter");
        await page.locator("#files-download").waitFor();
        const status = page.locator("#files-status");
        expect(await page.locator("#files-form option:checked").textContent()).toBe(form.title.zh);
        expect(await page.locator("#files-year").inputValue()).toBe(String(YEAR));
        expect(await status.textContent()).toContain("填报截止日期:2099-12-31");
        expect(await status.textContent()).toContain("状态:未报送");
        expect(await page.locator("#files").textContent()).toContain(
          `当前单位:${clerk.name}(填报员)`,
        );
        await noViolations(page, "connected");
        await readableAtDoubleZoom(page);

        // Download, fill in Calc with one wrong figure, upload: refused, the problems listed.
        const blank = await downloadWithKeyboard(page, "#files-download", "blank.xlsx");
        await clerkAtCalc.readTotals(blank);
        const file = join(dir, `${clerk.name}_${YEAR}.xlsx`);
        const good = consistentValues(form, rng(2024), 30);
        const wrongCell = "requests.new.natural";
        const wrong = { ...good, [wrongCell]: good[wrongCell]! + 7 };
        // With computed totals the wrong part moves its total too: the file holds those figures.
        const inFile = clerkAtCalc.totalsAreFormulas ? fillTotals(form, wrong) : wrong;
        const errors = validate(form, inFile).issues.filter((i) => i.severity === "error");
        expect(errors.length).toBeGreaterThan(0);
        await clerkAtCalc.calc(blank, file, wrong);
        await uploadWithKeyboard(page, file);
        const result = page.locator("#files-result");
        await page.locator(`#files-result li.issue[data-key="${errors[0]!.key}"]`).waitFor();
        expect(await result.textContent()).toContain(layout.inputs[wrongCell]!.address);
        expect(await page.locator("#files-result li.issue.error").count()).toBe(errors.length);
        await noViolations(page, "problems");
        await readableAtDoubleZoom(page);

        // The clerk fixes that same file and uploads it again: stored.
        await clerkAtCalc.calc(file, file, good);
        await uploadWithKeyboard(page, file);
        await shows(page, "#files-result", "已保存为第 1 版");
        // Once more: another figure corrected in the same file, uploaded again — no proof asked.
        const better = valuesDiffering(77, "requests.granted.natural", good);
        await clerkAtCalc.calc(file, file, better);
        await uploadWithKeyboard(page, file);
        await shows(page, "#files-result", "已保存为第 2 版");
        expect(await status.textContent()).toContain("已报送第 2 版");
        const mine = createApiClient({
          origin: stack.origin,
          token: stack.tokens.clerks[8]!.token,
        });
        expect((await mine.getReport(clerk.code, form.id, YEAR)).body.values).toEqual(better);

        // The supervisor returns it with a remark on a cell.
        const remarked = "requests.granted.natural";
        await sup.review(clerk.code, form.id, YEAR, {
          action: "return",
          revision: 2,
          reason: "予以公开数与台账不符,请核对",
          remarks: [{ cell: remarked, text: "请按政府信息公开台账核对本格" }],
        });
        await page.reload();
        await page.locator("#files-remarks").waitFor();
        const address = layout.inputs[remarked]!.address;
        const remarks = await page.locator("#files-remarks").textContent();
        expect(remarks).toContain("退回原因:予以公开数与台账不符,请核对");
        expect(remarks).toContain(`单元格 ${address}「`);
        expect(remarks).toContain("请按政府信息公开台账核对本格");
        expect(remarks).toContain("待修改");
        expect(await status.textContent()).toContain("第 2 版已被退回");
        const history = await page.locator("#files-history tbody tr").allTextContents();
        expect(history[0]).toContain("退回");
        expect(history).toHaveLength(3);
        await noViolations(page, "remarks");
        await readableAtDoubleZoom(page);

        // A fresh download carries the remark as a cell comment on a blue cell.
        const fresh = await downloadWithKeyboard(page, "#files-download", "fresh.xlsx");
        if (openpyxl) {
          const read = await readXlsx(new Uint8Array(readFileSync(fresh)));
          const note = read.comments[formSheetName(form, YEAR, "zh")]![address]!;
          expect(note.text).toContain("请按政府信息公开台账核对本格");
          expect(note.fill).toBe("FFBDD7EE");
        }

        // The clerk fixes the remarked cell in the fresh file and uploads it: stored, then accepted.
        const fixed = valuesDiffering(500, remarked, better);
        await clerkAtCalc.calc(fresh, fresh, fixed);
        await uploadWithKeyboard(page, fresh);
        await shows(page, "#files-result", "已保存为第 3 版");
        await sup.review(clerk.code, form.id, YEAR, { action: "accept", revision: 3 });
        await page.reload();
        await shows(page, "#files-status", "第 3 版已通过审核");
        expect(await page.locator("#files-remarks").textContent()).toContain("已修改");
        await noViolations(page, "accepted");
        writeFileSync(join(dir, "done"), "");
        await context.close();
        // Four LibreOffice sessions and a browser on a loaded 2-core machine: the limit catches hangs.
      }),
    600_000,
  );
});
