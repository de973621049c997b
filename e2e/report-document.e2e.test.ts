/**
 * The annual report on the clerk's page (issue 26), in Chromium against `wrangler dev`: the
 * clerk's tables are in; the page shows the report's text sections under their headings and says
 * which are empty; a typed number that contradicts the tables is flagged at once; the page is
 * closed before saving and what was typed comes back; the clerk submits, the supervisor returns
 * the texts with a remark that the page shows; the clerk downloads the report as Word, whose
 * sentences carry the tables' figures and whose parts hold the typed texts.
 */
import { strFromU8, unzipSync } from "fflate";
import { readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { createApiClient, createApiResults } from "../shared/api/client";
import { formatNumber } from "../shared/engine/format";
import { consistentValues, rng } from "../shared/testing/sample-report";
import { findChromium, launchBrowser, type Browser } from "./support/browser";
import { FilesPane } from "./support/files-pane";
import { PanePage, gov2021 } from "./support/pane";
import { startStack, type Stack } from "./support/server";

const YEAR = 2023;
const SHOT = join(tmpdir(), "xxgk-report-texts.png");
const { form } = gov2021();

let stack: Stack;
let browser: Browser | null = null;
beforeAll(async () => {
  stack = await startStack();
  if (findChromium()) browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await stack?.stop();
});

const WRITTEN: Record<string, string> = {
  "overview-proactive": "围绕重点领域持续做好信息公开。\n及时发布政策解读。",
  "overview-management": "落实公开属性源头认定。",
  "overview-platform": "政府网站公开专栏运行平稳。",
  "overview-oversight": "政务公开纳入年度考核。",
  problems: "信息更新的及时性仍需提高,下一步加强培训。",
  other: "本年度无其他需要报告的事项。",
};

describe.skipIf(!findChromium())("the annual report on the clerk's page", () => {
  test("write the texts, close the page, come back, submit, get returned, download", async () => {
    const clerk = stack.tokens.clerks[0]!;
    const api = createApiClient({ origin: stack.origin, token: clerk.token });
    const values = consistentValues(form, rng(26), 40);
    await api.putReport(clerk.code, form.id, YEAR, { values }, { idempotencyKey: "doc-e2e-1" });
    const received = values["requests.new.total"]!;

    const pane = await FilesPane.open(browser!, stack.origin, clerk.token);
    await pane.set("year", YEAR);
    const page = pane.page;
    const box = (id: string) => page.locator(`#texts-${id}`);
    const loaded = `#report-texts[data-report="${clerk.code}/${form.id}/${YEAR}"]`;
    await page.locator(loaded).waitFor();
    // Every section is there under the report's headings, and an empty one says so.
    const headings = await page.locator("#report-texts h3").allTextContents();
    expect(headings).toEqual([
      "一、总体情况",
      "五、存在的主要问题及改进情况",
      "六、其他需要报告的事项",
    ]);
    expect(await page.locator("#texts-problems-issues").textContent()).toBe("此部分尚未填写。");
    expect(await page.locator("#texts-missing").textContent()).toContain("报告文字尚未提交");

    for (const [id, text] of Object.entries(WRITTEN)) await box(id).fill(text);
    // A figure typed in a sentence is checked against the tables as the clerk types.
    await box("overview-requests").fill(`全年共新收政府信息公开申请${received + 7}件,均按时答复。`);
    await expect
      .poll(() => page.locator("#texts-overview-requests-issues").textContent())
      .toContain(`与统计表不符:表中「一、本年新收政府信息公开申请数量(总计)」为 ${received}件`);
    await box("overview-requests").fill(`全年共新收政府信息公开申请${received}件,均按时答复。`);
    await expect.poll(() => page.locator("#texts-overview-requests-issues").textContent()).toBe("");
    expect(await page.locator("#texts-missing").textContent()).not.toContain("尚未填写");

    // The page is closed before anything was saved: reopened, the texts are back.
    const context = pane.context;
    await page.close();
    const again = await context.newPage();
    await again.route("https://appsforoffice.microsoft.com/**", (r) => r.abort());
    await again.goto(`${stack.origin}/taskpane.html`);
    await again.locator("#files-download").waitFor();
    await again.fill("#files-year", String(YEAR));
    await again.press("#files-year", "Tab");
    await again.locator(loaded).waitFor();
    await again.locator("#texts-restored").waitFor();
    expect(await again.inputValue("#texts-problems")).toBe(WRITTEN.problems);
    expect(await again.inputValue("#texts-overview-proactive")).toBe(WRITTEN["overview-proactive"]);

    await again.click("#texts-submit");
    await expect
      .poll(() => again.locator("#texts-result").textContent())
      .toBe("已提交第 1 版报告文字,等待上级单位审核。");
    expect(await again.locator("#texts-status").textContent()).toBe("报告文字状态:已提交(第 1 版)");

    // The county returns them with a remark; the page shows it.
    const county = createApiResults({ origin: stack.origin, token: stack.tokens.supervisor.token });
    const back = await county.reviewTexts(clerk.code, form.id, YEAR, {
      action: "return",
      remark: "请补充主动公开的具体数据。",
    });
    expect(back.ok).toBe(true);
    await again.reload();
    await again.locator("#files-download").waitFor();
    await again.fill("#files-year", String(YEAR));
    await again.press("#files-year", "Tab");
    await again.locator(loaded).waitFor();
    await again.locator("#texts-remark").waitFor();
    expect(await again.locator("#texts-remark").textContent()).toContain(
      "请补充主动公开的具体数据。",
    );
    expect(await again.locator("#texts-restored").count()).toBe(0); // the server has it all

    const [download] = await Promise.all([
      again.waitForEvent("download"),
      again.click("#texts-docx"),
    ]);
    expect(download.suggestedFilename()).toBe(
      `${clerk.name}${YEAR}年政府信息公开工作年度报告.docx`,
    );
    const bytes = new Uint8Array(readFileSync((await download.path())!));
    const xml = strFromU8(unzipSync(bytes)["word/document.xml"]!).replace(/<[^>]+>/g, "");
    expect(xml).toContain(`本年度共新收政府信息公开申请${formatNumber(received)}件`);
    expect(xml).toContain(`全年共新收政府信息公开申请${received}件,均按时答复。`);
    for (const text of Object.values(WRITTEN))
      for (const line of text.split("\n")) expect(xml).toContain(line);
    expect(await again.locator("#texts-result").textContent()).toContain(".docx」");
    await again.locator("#report-texts").screenshot({ path: SHOT });
    // Revised and submitted again.
    await again.fill(
      "#texts-overview-proactive",
      `${WRITTEN["overview-proactive"]}\n全年主动公开信息120条。`,
    );
    await again.click("#texts-submit");
    await expect
      .poll(() => again.locator("#texts-status").textContent())
      .toBe("报告文字状态:已提交(第 3 版)");
    await context.close();

    // The county supervisor reads them on the page (not editable), accepts, and pulls every
    // unit's document with the status of each.
    const sup = await FilesPane.open(browser!, stack.origin, stack.tokens.supervisor.token);
    await sup.set("unit", clerk.code);
    await sup.set("year", YEAR);
    await sup.page.locator(loaded).waitFor();
    expect(await sup.page.locator("#texts-problems").getAttribute("readonly")).not.toBeNull();
    expect(await sup.page.locator("#texts-save").count()).toBe(0);
    await sup.page.click("#texts-accept");
    await expect
      .poll(() => sup.page.locator("#texts-result").textContent())
      .toBe("报告文字已通过审核。");
    await sup.set("unit", stack.tokens.supervisor.code);
    await sup.page
      .locator(`#report-texts[data-report="${stack.tokens.supervisor.code}/${form.id}/${YEAR}"]`)
      .waitFor();
    const [zip] = await Promise.all([
      sup.page.waitForEvent("download"),
      sup.page.click("#texts-zip"),
    ]);
    const files = unzipSync(new Uint8Array(readFileSync((await zip.path())!)));
    const index = strFromU8(files["index.html"]!);
    expect(index).toContain(
      `<td>${clerk.code}</td><th scope="row">${clerk.name}</th><td>已报送</td><td>已通过</td>`,
    );
    expect(Object.keys(files)).toContain(`${clerk.code}-${clerk.name}.docx`);
    await sup.close();
  });

  test("in Excel, the pane has the same sections for the clerk's chosen report", async () => {
    const clerk = stack.tokens.clerks[1]!;
    const api = createApiClient({ origin: stack.origin, token: clerk.token });
    const values = consistentValues(form, rng(27), 40);
    await api.putReport(clerk.code, form.id, YEAR, { values }, { idempotencyKey: "doc-e2e-2" });
    const context = await browser!.newContext();
    const pane = await PanePage.open(context, stack.origin);
    await pane.connect(clerk.token);
    await pane.chooseForm(form.id, YEAR);
    const page = pane.page;
    await page.locator(`#report-texts[data-report="${clerk.code}/${form.id}/${YEAR}"]`).waitFor();
    await page.fill("#texts-problems", "仍需加强培训。");
    await page.click("#texts-save");
    await expect
      .poll(() => page.locator("#texts-result").textContent())
      .toBe("已保存第 1 版草稿。");
    const stored = await createApiResults({ origin: stack.origin, token: clerk.token }).texts(
      clerk.code,
      form.id,
      YEAR,
    );
    expect(stored.ok && stored.data.texts).toEqual({ problems: "仍需加强培训。" });
    expect(pane.consoleErrors).toEqual([]);
    await context.close();
  });
});
