/**
 * The WPS clerk's day on the filing page in Firefox ESR (Debian's `firefox-esr`, driven by
 * puppeteer-core over WebDriver BiDi), against `wrangler dev`, with the keyboard alone: connect
 * with an invite code; download the report file; fill it in LibreOffice Calc with one wrong
 * figure, upload it and read the problem listed at its cell; fix the same file and upload it
 * (stored); the supervisor returns it with a remark; the clerk comes back to the page, reads
 * reason and remark there and in a fresh download (a cell comment, blue); fixes, uploads, and
 * the report is accepted. axe-core finds no violation in Gecko either, and nothing sticks out
 * sideways at 200 % zoom. The Chromium day (clerk-day.e2e.test.ts) is the same day in Chromium.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Browser } from "puppeteer-core";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { createApiClient } from "../shared/api/client";
import { fillTotals, validate } from "../shared/engine";
import { consistentValues, rng } from "../shared/testing/sample-report";
import { JARGON } from "../shared/testing/clerk-words";
import { IS_CI, libreOfficeGate } from "../shared/test/libreoffice-gate";
import { axeViolations, overflowsSideways, tabTo } from "./support/a11y";
import { formSheetName } from "../shared/layout/sheet-names";
import { CalcClerk, form, layout, valuesDiffering } from "./support/calc-clerk";
import { FIREFOX_SKIP, FirefoxPage, findFirefox, launchFirefox } from "./support/firefox";
import { explained } from "./support/hang";
import { hasOpenpyxl, readXlsx } from "./support/readers";
import { startStack, type Stack } from "./support/server";

const YEAR = 2024; // the latest open period of the test county: the page preselects it
// Asked once here, not while the browser and the proxy wait on this event loop.
const openpyxl = hasOpenpyxl();
const libreOffice = libreOfficeGate("the clerk's day in Firefox ESR");
const firefox = findFirefox();
if (!firefox && !IS_CI) console.warn(`\n${FIREFOX_SKIP}\n`);

let dir = "";
let stack: Stack;
let browser: Browser;
let shown: FirefoxPage | null = null;

beforeAll(async () => {
  if (!firefox) throw new Error(`CI=true and Firefox is missing: ${FIREFOX_SKIP}`);
  libreOffice.require();
  dir = mkdtempSync(join(tmpdir(), "xxgk-firefox-day-"));
  mkdirSync(join(dir, "downloads"));
  [stack, browser] = await Promise.all([startStack(), launchFirefox()]);
});
afterAll(async () => {
  await browser?.close();
  await stack?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** What a clerk would notice is wrong: an axe-core violation, a word they do not know. */
async function noViolations(at: FirefoxPage, state: string): Promise<void> {
  const found = await axeViolations(at.page);
  expect(found, `axe-core in Firefox, "${state}": ${JSON.stringify(found, null, 1)}`).toEqual([]);
  expect(await at.innerText("#app")).not.toMatch(JARGON);
}

/** 200 % zoom: the same page in half the CSS width must not need a sideways scrollbar. */
async function readableAtDoubleZoom(at: FirefoxPage): Promise<void> {
  await at.page.setViewport({ width: 640, height: 800 });
  expect(await overflowsSideways(at.page)).toEqual([]);
  await at.page.setViewport({ width: 1500, height: 1300 });
}

/** 下载报表文件 reached with Tab and pressed with Enter; the file saved as `name` in `dir`. */
async function downloadWithKeyboard(at: FirefoxPage, name: string): Promise<string> {
  await tabTo(at.page, "#files-download");
  const path = join(dir, name);
  const downloaded = await at.downloadWith(() => at.page.keyboard.press("Enter"), path);
  expect(downloaded).toMatch(/\.xlsx$/);
  await at.shows("#files-result", `已下载「${downloaded}」`);
  return path;
}

async function day(): Promise<void> {
  const clerk = stack.tokens.clerks[8]!; // 灵溪镇人民政府
  const admin = createApiClient({ origin: stack.origin, token: stack.tokens.admin });
  const sup = createApiClient({ origin: stack.origin, token: stack.tokens.supervisor.token });
  const mine = createApiClient({ origin: stack.origin, token: clerk.token });
  const { code } = await admin.createInvite(clerk.code, "clerk");
  const calc = new CalcClerk(dir);

  const at = await FirefoxPage.open(browser, stack.origin, join(dir, "downloads"));
  shown = at;
  let { page } = at;
  // The very browser of the claim, not a Chromium in disguise.
  expect(await page.evaluate(() => navigator.userAgent)).toMatch(/ Firefox\/\d+/);
  await page.waitForSelector("#files-token");
  expect(await at.text("#app")).not.toContain("Office.js");
  await noViolations(at, "not connected");
  await readableAtDoubleZoom(at);

  // Connect: the invite code typed, Enter on 连接.
  await tabTo(page, "#files-token");
  await page.keyboard.type(code);
  await tabTo(page, '#files-connect button[type="submit"]');
  await page.keyboard.press("Enter");
  await page.waitForSelector("#files-download:not([disabled])");
  expect(await at.text("#files-form option:checked")).toBe(form.title.zh);
  expect(await page.$eval("input#files-year", (i) => i.value)).toBe(String(YEAR));
  expect(await at.text("#files-status")).toContain("填报截止日期:2099-12-31");
  expect(await at.text("#files-status")).toContain("状态:未报送");
  expect(await at.text("#files")).toContain(`当前单位:${clerk.name}(填报员)`);
  await noViolations(at, "connected");

  // 下载报表文件 with the keyboard: the file lands in the downloads folder, the page says so.
  const blank = await downloadWithKeyboard(at, "blank.xlsx");
  await calc.readTotals(blank);

  // Filled in Calc with one wrong figure and uploaded: refused, the problem at its cell.
  const file = join(dir, `${clerk.name}_${YEAR}.xlsx`);
  const good = consistentValues(form, rng(2024), 30);
  const wrongCell = "requests.new.natural";
  const wrong = { ...good, [wrongCell]: good[wrongCell]! + 7 };
  const inFile = calc.totalsAreFormulas ? fillTotals(form, wrong) : wrong;
  const errors = validate(form, inFile).issues.filter((i) => i.severity === "error");
  expect(errors.length).toBeGreaterThan(0);
  await calc.calc(blank, file, wrong);
  await at.upload(file);
  await page.waitForSelector(`#files-result li.issue[data-key="${errors[0]!.key}"]`);
  expect(await at.text("#files-result")).toContain(layout.inputs[wrongCell]!.address);
  expect(await page.$$eval("#files-result li.issue.error", (l) => l.length)).toBe(errors.length);
  await noViolations(at, "problems listed");
  await readableAtDoubleZoom(at);

  // The same file fixed and uploaded again: stored, and the server holds exactly its figures.
  await calc.calc(file, file, good);
  await at.upload(file);
  await at.shows("#files-result", "已保存为第 1 版");
  await at.shows("#files-status", "已报送第 1 版");
  expect((await mine.getReport(clerk.code, form.id, YEAR)).body.values).toEqual(good);

  // The supervisor returns it with a remark; the clerk comes back to the page.
  const remarked = "requests.granted.natural";
  await sup.review(clerk.code, form.id, YEAR, {
    action: "return",
    revision: 1,
    reason: "予以公开数与台账不符,请核对",
    remarks: [{ cell: remarked, text: "请按政府信息公开台账核对本格" }],
  });
  page = await at.reopen();
  await page.waitForSelector("#files-remarks");
  const address = layout.inputs[remarked]!.address;
  const remarks = await at.text("#files-remarks");
  expect(remarks).toContain("退回原因:予以公开数与台账不符,请核对");
  expect(remarks).toContain(`单元格 ${address}「`);
  expect(remarks).toContain("请按政府信息公开台账核对本格");
  expect(remarks).toContain("待修改");
  expect(await at.text("#files-status")).toContain("第 1 版已被退回");
  const history = await page.$$eval("#files-history tbody tr", (rows) =>
    rows.map((r) => r.textContent ?? ""),
  );
  expect(history[0]).toContain("退回");
  expect(history).toHaveLength(2);
  await noViolations(at, "remarks shown");
  await readableAtDoubleZoom(at);

  // A fresh download carries the remark as a cell comment on a blue cell.
  const fresh = await downloadWithKeyboard(at, "fresh.xlsx");
  if (openpyxl) {
    const notes = (await readXlsx(new Uint8Array(readFileSync(fresh)))).comments[
      formSheetName(form, YEAR, "zh")
    ]!;
    expect(notes[address]!.text).toContain("请按政府信息公开台账核对本格");
    expect(notes[address]!.fill).toBe("FFBDD7EE");
  }

  // The remarked cell fixed in the fresh file and uploaded: stored, then accepted.
  const fixed = valuesDiffering(500, remarked, good);
  await calc.calc(fresh, fresh, fixed);
  await at.upload(fresh);
  await at.shows("#files-result", "已保存为第 2 版");
  expect((await mine.getReport(clerk.code, form.id, YEAR)).body.values).toEqual(fixed);
  await sup.review(clerk.code, form.id, YEAR, { action: "accept", revision: 2 });
  await at.reopen();
  await at.shows("#files-status", "第 2 版已通过审核");
  expect(await at.text("#files-remarks")).toContain("已修改");
  await noViolations(at, "accepted");
  await at.close();
}

describe.skipIf(!IS_CI && (libreOffice.skip || !firefox))("the clerk's day in Firefox ESR", () => {
  test(
    "invite code, download, Calc, an error listed, the fix stored, a returned remark, accepted",
    () => explained(day, async () => (shown ? await shown.innerText("#app") : ""), stack.proxy.log),
    // Three LibreOffice sessions and a browser on a loaded 2-core machine; each wait is bounded.
    600_000,
  );
});
