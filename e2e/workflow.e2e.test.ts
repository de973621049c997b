/**
 * The reporting workflow in the real task pane (Chromium, strict Excel stand-in drawn as a grid)
 * against `wrangler dev`, with a city above the demo county: a clerk submits gov-2021; the
 * county's supervisor loads it for review, pins a remark to a cell and returns it; the clerk sees
 * the remark in the cell (blue, 「审核意见 · …」 note) and in the pane, fixes the cell and submits
 * again; the supervisor accepts; the city's supervisor pulls the accepted-only rollup and sees
 * exactly the county's accepted figures (another clerk's submitted-but-unreviewed report is left
 * out).
 */
import { copyFileSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, test } from "vitest";
import { createApiClient } from "../shared/api/client";
import { fillTotals } from "../shared/engine";
import { DEMO_COUNTY } from "../scripts/demo-org";
import type { HarnessWindow } from "./harness/api";
import { formSheetName } from "../shared/layout/sheet-names";
import { findChromium, launchBrowser, type Browser } from "./support/browser";
import { expectedIssues, gov2021, PanePage, REMARK_FILL, partsOnly } from "./support/pane";
import { startStack, type Stack } from "./support/server";
import { SHOTS } from "./support/screenshots";

const YEAR = 2024;
const { form, layout } = gov2021();
const SHEET = formSheetName(form, YEAR, "zh");
const CITY = { code: "330300", name: "温州市" };
/** Made in beforeAll, so a skipped run leaves nothing behind. */
let shotDir = "";

/** Every cell of the form, blanks as 0 (what the server stores). */
function complete(values: Record<string, number>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const c of form.cells) out[c.id] = values[c.id] ?? 0;
  return out;
}

/** The clerk's first table: consistent (自动计算合计 of the parts), typed cell by cell. */
const FIRST = fillTotals(form, {
  "proactive.rules.issued": 1,
  "proactive.licensing.decisions": 120,
  "proactive.penalty.decisions": 35,
  "requests.new.natural": 8,
  "requests.new.business": 2,
  "requests.granted.natural": 5,
  "requests.granted.business": 1,
  "requests.partial.natural": 2,
  "requests.unable_not_held.business": 1,
  "requests.carried_out.natural": 1,
  "appeals.review.upheld": 1,
});
/** The cell the supervisor remarks on, and the clerk's correction. */
const REMARK_CELL = "proactive.licensing.decisions";
const FIXED_VALUE = 118;
const FINAL = complete({ ...FIRST, [REMARK_CELL]: FIXED_VALUE });
const REMARK_TEXT = "与行政许可台账不一致,台账为 118 件,请核对";
const RETURN_REASON = "表二行政许可处理决定数与台账不符";

/** Another clerk's report: submitted, never reviewed (must stay out of an accepted-only rollup). */
const OTHER = complete(
  fillTotals(form, {
    "proactive.penalty.decisions": 40,
    "requests.new.natural": 3,
    "requests.granted.natural": 3,
  }),
);

const addr = (id: string) => layout.inputs[id]!.address;

describe.skipIf(!findChromium())(
  "return with a remark, fix, accept, city rollup (gov-2021)",
  () => {
    let stack: Stack;
    let browser: Browser;
    const open: PanePage[] = [];

    beforeAll(async () => {
      shotDir = mkdtempSync(join(tmpdir(), "xxgk-e2e-shots-"));
      [stack, browser] = await Promise.all([startStack({ city: CITY }), launchBrowser()]);
    });
    beforeEach(({ onTestFailed }) => {
      onTestFailed(() => {
        console.error(
          `wrangler dev output:\n${stack?.output()}\nrequests:\n${stack?.proxy.log.slice(-30).join("\n")}`,
        );
      });
    });
    afterAll(async () => {
      for (const p of open) await p.context.close().catch(() => undefined);
      await browser?.close();
      await stack?.stop();
      if (shotDir) rmSync(shotDir, { recursive: true, force: true });
    });

    async function person(token: string): Promise<PanePage> {
      const pane = await PanePage.open(await browser.newContext(), stack.origin);
      open.push(pane);
      await pane.connect(token);
      return pane;
    }

    const text = async (p: PanePage, selector: string) =>
      ((await p.page.locator(selector).textContent()) ?? "").trim();

    test("a remark pinned to a cell travels to the clerk and back; the city sees the accepted figures", async () => {
      const clerk = stack.tokens.clerks[0]!;
      const other = stack.tokens.clerks[1]!;
      const county = stack.tokens.supervisor;
      const city = stack.tokens.city!;
      expect(county.code).toBe(DEMO_COUNTY.code);
      expect(city.code).toBe(CITY.code);
      // The tables are consistent: neither has an error the pane would refuse to submit.
      expect(expectedIssues(form, FIRST)).toEqual([]);
      expect(expectedIssues(form, FINAL)).toEqual([]);
      expect(expectedIssues(form, OTHER)).toEqual([]);

      // Another clerk submits through the API; nobody reviews it.
      const otherApi = createApiClient({ origin: stack.origin, token: other.token });
      await otherApi.putReport(
        other.code,
        "gov-2021",
        YEAR,
        { values: OTHER },
        { idempotencyKey: "e2e-workflow-other" },
      );

      // --- 1. The clerk fills the table in the pane and submits revision 1.
      const pc = await person(clerk.token);
      await pc.page.locator("#connect .me", { hasText: clerk.name }).waitFor();
      await pc.insert("gov-2021", YEAR, SHEET);
      await pc.type(SHEET, layout, partsOnly(form, FIRST));
      await pc.waitForIssues([]);
      await pc.page.click("#submit");
      await pc.waitForStatus("已提交:第 1 版");
      await pc.page.locator("#workflow", { hasText: "状态:已报送" }).waitFor();

      // --- 2. The county's supervisor: 生成汇总表 (to list the units below), 调阅审核, select the
      // cell in the review sheet, pin a remark, 退回 with a reason.
      const ps = await person(county.token);
      await ps.page.locator("#connect .me", { hasText: "审核员" }).waitFor();
      await ps.chooseForm("gov-2021", YEAR);
      await ps.page.click("#pull");
      await ps.waitForNotice("已更新汇总:12 个单位");
      await ps.page.selectOption("#review-unit", clerk.code);
      await ps.page.click("#load-review");
      await ps.waitForNotice(`已载入 ${clerk.name} 第 1 版(已报送)`);
      const reviewSheet = `审核 ${clerk.name}`;
      expect(await ps.sheets()).toContain(reviewSheet);
      expect((await ps.cell(reviewSheet, addr(REMARK_CELL))).value).toBe(FIRST[REMARK_CELL]);
      expect(await text(ps, "#review-status")).toContain("状态:已报送");

      // Without a selected input cell the pane refuses to pin.
      await ps.page.fill("#remark-text", REMARK_TEXT);
      await ps.select(reviewSheet, "A1");
      await ps.page.click("#pin-remark");
      await ps.waitForNotice("请先在审核表中选中一个填报单元格");
      await ps.select(reviewSheet, addr(REMARK_CELL));
      await ps.page.click("#pin-remark");
      await ps.waitForNotice("已添加意见");
      await ps.page.locator("#pinned li", { hasText: REMARK_TEXT }).waitFor();
      expect((await ps.cell(reviewSheet, addr(REMARK_CELL))).fill?.toUpperCase()).toBe(REMARK_FILL);

      // 退回 without a reason is refused; with one, the report is returned.
      await ps.page.click("#review-return");
      await ps.waitForNotice("退回和重新打开须填写原因");
      expect(await text(ps, "#review-status")).toContain("状态:已报送");
      await ps.page.fill("#review-reason", RETURN_REASON);
      await ps.page.click("#review-return");
      await ps.waitForNotice(`已退回 ${clerk.name}`);
      await ps.page.locator("#review-status", { hasText: "状态:已退回" }).waitFor();

      // --- 3. The clerk refreshes: the remark is in the cell (blue, note) and in the pane.
      await pc.page.click("#refresh");
      await pc.page.locator("#workflow", { hasText: "状态:已退回" }).waitFor();
      await pc.waitForStatus("第 1 版已被退回");
      expect(await text(pc, "#remarks .return-reason")).toBe(`退回原因:${RETURN_REASON}`);
      const paneRemark = pc.page.locator("#remarks li.remark", { hasText: REMARK_TEXT });
      await paneRemark.waitFor();
      expect(await paneRemark.getAttribute("class")).toContain("open");
      const paneRemarkText = (await paneRemark.textContent()) ?? "";
      expect(paneRemarkText).toContain(`${county.name}(第 1 版)`);
      expect(paneRemarkText).toContain(form.cellById.get(REMARK_CELL)!.label.zh);

      await pc.page.waitForFunction(
        ([s, a, fill]) =>
          (window as unknown as HarnessWindow).harness.cell(s, a).fill?.toUpperCase() === fill,
        [SHEET, addr(REMARK_CELL), REMARK_FILL] as const,
      );
      const marked = await pc.cell(SHEET, addr(REMARK_CELL));
      expect(marked.note).toBe(`审核意见 · ${county.name}:${REMARK_TEXT}`);
      // Only that cell carries a remark note.
      expect(Object.keys(await pc.notes(SHEET))).toEqual([addr(REMARK_CELL)]);
      await pc.page.locator(`#notes li.remark[data-address="${addr(REMARK_CELL)}"]`).waitFor();
      await pc.screenshot(join(shotDir, "e2e-remark.png"));

      // A click on the remark in the pane selects its cell.
      await paneRemark.locator(".issue-link").click();
      await pc.page.locator(`#grid td.selected[data-address="${addr(REMARK_CELL)}"]`).waitFor();

      // --- 4. The clerk fixes the cell: the remark is resolved as 已修改该单元格; resubmits.
      await pc.type(SHEET, layout, { [REMARK_CELL]: FIXED_VALUE });
      await pc.waitForIssues([]);
      await pc.page
        .locator("#remarks li.remark.changed", { hasText: "已修改该单元格" })
        .waitFor()
        .catch((e: unknown) => {
          throw new Error("the pane did not show the remark as resolved by the change", {
            cause: e,
          });
        });
      // Typing writes nothing (Excel's undo keeps working): the blue fill and the note go at
      // the next explicit action, here the resubmission.
      expect((await pc.cell(SHEET, addr(REMARK_CELL))).value).toBe(FIXED_VALUE);
      await pc.page.click("#submit");
      await pc.waitForStatus("已提交:第 2 版");
      const fixedCell = await pc.cell(SHEET, addr(REMARK_CELL));
      expect(fixedCell.fill).toBeNull();
      expect(fixedCell.note).toBeNull();
      await pc.page.locator("#workflow", { hasText: "状态:已报送(退回后重新报送)" }).waitFor();
      const clerkApi = createApiClient({ origin: stack.origin, token: clerk.token });
      const { revisions } = await clerkApi.revisions(clerk.code, "gov-2021", YEAR);
      // (newest first)
      expect(revisions.map((r) => r.revision)).toEqual([2, 1]);
      expect(revisions[0]!.values).toEqual(FINAL);
      expect(revisions[1]!.values).toEqual(complete(FIRST));
      const resubmitted = (await clerkApi.getReport(clerk.code, "gov-2021", YEAR)).body;
      expect(resubmitted.status).toBe("submitted");
      expect(resubmitted.remarks?.map((m) => [m.cell, m.resolved, m.resolution])).toEqual([
        [REMARK_CELL, true, "changed"],
      ]);

      // --- 5. The supervisor reloads revision 2 and accepts it (通过).
      await ps.page.click("#load-review");
      await ps.waitForNotice(`已载入 ${clerk.name} 第 2 版(已报送)`);
      expect((await ps.cell(reviewSheet, addr(REMARK_CELL))).value).toBe(FIXED_VALUE);
      await ps.page.click("#review-accept");
      await ps.waitForNotice(`已通过 ${clerk.name} 第 2 版`);
      await ps.page.locator("#review-status", { hasText: "状态:已通过" }).waitFor();
      // Accepted: 通过 and 退回 are gone, 重新打开 is offered.
      expect(await ps.page.locator("#review-accept, #review-return").count()).toBe(0);
      await ps.page.locator("#review-reopen").waitFor();

      // The clerk sees the acceptance (and the lock).
      await pc.page.click("#refresh");
      await pc.page.locator("#workflow", { hasText: "状态:已通过" }).waitFor();
      await pc.waitForStatus("第 2 版已审核通过");

      // The county's accepted-only rollup: only the accepted report.
      await ps.page.selectOption("#include", "accepted");
      await ps.page.click("#pull");
      const countyNotice = await ps.waitForNotice("已更新汇总:12 个单位");
      expect(countyNotice).toContain("纳入 1");
      expect(countyNotice).toContain("待审 1");
      const countySummary = await ps.inputValues("汇总", layout);
      const countyAccepted = Object.fromEntries(
        form.cells.map((c) => [c.id, (countySummary[c.id] as number | null) ?? 0]),
      );
      expect(countyAccepted).toEqual(FINAL);

      // --- 6. The city's supervisor pulls 仅已通过: the county's figures are its accepted ones.
      const pcity = await person(city.token);
      await pcity.page.locator("#connect .me", { hasText: CITY.name }).waitFor();
      expect(await pcity.page.locator("#unit").inputValue()).toBe(CITY.code);
      await pcity.chooseForm("gov-2021", YEAR);
      await pcity.page.selectOption("#include", "accepted");
      await pcity.page.click("#pull");
      const cityNotice = await pcity.waitForNotice("已更新汇总:13 个单位");
      expect(cityNotice).toContain("纳入 1");
      expect(cityNotice).toContain("待审 1");
      const citySummary = await pcity.inputValues("汇总", layout);
      for (const c of form.cells) {
        const shown = (citySummary[c.id] as number | null) ?? 0;
        expect({ cell: c.id, value: shown }).toEqual({ cell: c.id, value: countyAccepted[c.id] });
      }
      // 分单位: the county is the city's one child; its key figures are the accepted ones.
      const keyLabels = form.keyFigures.map((id) => form.cellById.get(id)!.label.zh);
      const byUnit = new Map(
        (await pcity.table("分单位", 3)).map((row) => [String(row["单位代码"]), row]),
      );
      const countyRow = byUnit.get(county.code);
      expect(countyRow, `分单位 has a row for ${county.code}: ${[...byUnit.keys()]}`).toBeDefined();
      expect(keyLabels.map((l) => countyRow![l] ?? 0)).toEqual(
        form.keyFigures.map((id) => FINAL[id]),
      );
      await pcity.show("汇总");

      expect(pc.consoleErrors.concat(ps.consoleErrors, pcity.consoleErrors)).toEqual([]);
      mkdirSync(SHOTS, { recursive: true });
      copyFileSync(join(shotDir, "e2e-remark.png"), join(SHOTS, "e2e-remark.png"));
    });
  },
);
