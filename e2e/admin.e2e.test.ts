/**
 * The administrator's day in the real task pane (Chromium, strict stand-in) against `wrangler
 * dev`: pull the unit sheet, add a department and a town with two departments, apply; issue
 * invite codes into the 邀请码 sheet; open the 2025 period in the 填报期 sheet. A new clerk then
 * connects with an invite code and submits, and the county's rollup includes the new units.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, test } from "vitest";
import { createApiClient } from "../shared/api/client";
import { fillTotals } from "../shared/engine";
import { DEMO_COUNTY } from "../scripts/demo-org";
import type { HarnessWindow } from "./harness/api";
import { formSheetName } from "../shared/layout/sheet-names";
import { findChromium, launchBrowser, type Browser } from "./support/browser";
import { gov2021, PanePage } from "./support/pane";
import { startStack, type Stack } from "./support/server";

const YEAR = 2025;
const { form, layout } = gov2021();
const SHEET = formSheetName(form, YEAR, "zh");
const C = DEMO_COUNTY.code;
/** The new units: codes with leading zeros stay text through the sheet. */
const NEW = [
  { code: `${C}0901`, name: "县数据局", parent: C },
  { code: `${C}0910`, name: "某某镇", parent: C },
  { code: `${C}091001`, name: "某某镇党政办", parent: `${C}0910` },
  { code: `${C}091002`, name: "某某镇社会事务办", parent: `${C}0910` },
];
const TYPED: Record<string, number> = {
  "proactive.rules.issued": 1,
  "requests.new.natural": 6,
  "requests.granted.natural": 5,
  "requests.carried_out.natural": 1,
};

/** Type text into cells as a user does. */
async function typeRow(p: PanePage, sheet: string, row: number, cells: string[]): Promise<void> {
  for (const [i, v] of cells.entries()) {
    const address = `${String.fromCharCode(65 + i)}${row}`;
    await p.page.evaluate(
      ([s, a, value]) => (window as unknown as HarnessWindow).harness.type(s, a, value),
      [sheet, address, v] as const,
    );
  }
}

const chromium = findChromium();

describe.skipIf(!chromium)(
  "the administrator adds units, invites a clerk and opens a period",
  () => {
    let stack: Stack;
    let browser: Browser;
    const open: PanePage[] = [];

    beforeAll(async () => {
      [stack, browser] = await Promise.all([startStack(), launchBrowser()]);
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
    });

    test("units, invite codes, a period, and a new clerk's report in the rollup", async () => {
      const admin = await PanePage.open(await browser.newContext(), stack.origin);
      open.push(admin);
      await admin.connect(stack.tokens.admin);

      // 单位: pull, add the new units below the existing rows, preview, apply.
      await admin.page.click("#pull-units");
      await admin.waitForNotice("已拉取");
      const before = await admin.table("单位", 1);
      expect(before.some((r) => r["单位代码"] === C)).toBe(true);
      for (const [i, u] of NEW.entries()) {
        await typeRow(admin, "单位", before.length + 2 + i, [u.code, u.name, u.parent, "启用"]);
      }
      // A row with an unknown parent is reported in its row, and nothing is applied.
      await typeRow(admin, "单位", before.length + 6, [`${C}0999`, "错误单位", "NOPE"]);
      await admin.page.click("#preview-units");
      await admin.waitForNotice("预览:4 个单位将更改,1 行有误");
      expect((await admin.cell("单位", `E${before.length + 6}`)).value).toContain("NOPE");
      await admin.page.click("#apply-units");
      await admin.waitForNotice("服务器未接受:有 1 行单位数据有误");
      await typeRow(admin, "单位", before.length + 6, ["", "", "", ""]);
      await admin.page.click("#preview-units");
      await admin.waitForNotice("预览:4 个单位将更改,0 行有误");
      expect((await admin.cell("单位", `E${before.length + 2}`)).value).toBe("新增");
      await admin.page.click("#apply-units");
      await admin.waitForNotice("已提交:4 个单位已更改");
      await admin.page.click("#pull-units");
      await admin.waitForNotice(`已拉取 ${before.length + 4} 个单位`);

      // 邀请码: a template first, then codes for the listed units and roles.
      await admin.page.click("#issue-invites");
      await admin.waitForNotice("已建立「邀请码」表");
      await typeRow(admin, "邀请码", 2, [NEW[0]!.code, "填报"]);
      await typeRow(admin, "邀请码", 3, [NEW[2]!.code, "填报"]);
      await admin.page.click("#issue-invites");
      await admin.waitForNotice("已生成 2 个邀请码");
      const code = String((await admin.cell("邀请码", "C2")).value);
      expect(code).toMatch(/^[A-HJKMNP-Z2-9]{10}$/);

      // 填报期: open gov-2021 for 2025 at the county.
      await admin.page.click("#pull-periods");
      await admin.waitForNotice("个填报期");
      const periods = await admin.table("填报期", 1);
      await typeRow(admin, "填报期", periods.length + 2, [
        "",
        "gov-2021",
        "2025",
        "2026-03-31",
        "是",
      ]);
      await admin.page.click("#apply-periods");
      await admin.waitForNotice("已开放 1 个");

      // The new clerk connects with the code (once) and submits.
      const clerk = await PanePage.open(await browser.newContext(), stack.origin);
      open.push(clerk);
      await clerk.connect(code);
      await clerk.page.locator("#connect .me", { hasText: NEW[0]!.name }).waitFor();
      await clerk.insert("gov-2021", YEAR, SHEET);
      // Parts only: the sheet's formulas make the totals.
      await clerk.type(SHEET, layout, TYPED);
      await clerk.waitForIssues([]);
      const newTotal = await clerk.cell(SHEET, layout.inputs["requests.new.total"]!.address);
      expect(newTotal.value).toBe(fillTotals(form, TYPED)["requests.new.total"]);
      await clerk.page.click("#submit");
      await clerk.waitForStatus("已提交:第 1 版");
      const again = await fetch(`${stack.origin}/api/v1/invites/redeem`, {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ code }),
      });
      expect(again.status).toBe(404);

      // The county's rollup has the new units, and the new department's figures.
      const sup = createApiClient({ origin: stack.origin, token: stack.tokens.supervisor.token });
      const rollup = await sup.rollup(C, "gov-2021", YEAR);
      const codes = rollup.completeness.map((u) => u.code);
      for (const u of NEW) expect(codes).toContain(u.code);
      expect(rollup.units).toBe(before.length + 4);
      expect(rollup.submitted).toBe(1);
      const filled = fillTotals(form, TYPED);
      expect(rollup.values["requests.new.total"]).toBe(filled["requests.new.total"]);
    });
  },
);
