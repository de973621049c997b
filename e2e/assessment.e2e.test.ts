/**
 * The end of the reporting day: the county's supervisor pulls 考核 and 通报 in the real task pane
 * (Chromium, strict Excel stand-in drawn as a grid) against `wrangler dev`. One department
 * reported on time, one three days late (its own period's due date has passed), one was returned
 * twice; the others reported nothing. The 考核 sheet ranks them with the default rubric, and the
 * 通报 names the late and the missing.
 */
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, test } from "vitest";
import { createApiClient } from "../shared/api/client";
import { fillTotals } from "../shared/engine";
import { findChromium, launchBrowser, type Browser } from "./support/browser";
import { gov2021, PanePage } from "./support/pane";
import { startStack, type Stack } from "./support/server";
import { SHOTS } from "./support/screenshots";

const YEAR = 2024;
const { form } = gov2021();

function report(seed: number): Record<string, number> {
  const values = fillTotals(form, {
    "proactive.penalty.decisions": 10 + seed,
    "requests.new.natural": 3,
    "requests.granted.natural": 3,
  });
  return Object.fromEntries(form.cells.map((c) => [c.id, values[c.id] ?? 0]));
}

/** Today in China time, moved by `days` (`YYYY-MM-DD`). */
function chinaDate(days: number): string {
  return new Date(Date.now() + 8 * 3_600_000 + days * 86_400_000).toISOString().slice(0, 10);
}

describe.skipIf(!findChromium())("the county supervisor pulls 考核 and 通报", () => {
  let stack: Stack;
  let browser: Browser;
  let pane: PanePage | null = null;

  beforeAll(async () => {
    [stack, browser] = await Promise.all([startStack(), launchBrowser()]);
  });
  beforeEach(({ onTestFailed }) => {
    onTestFailed(() => {
      console.error(`wrangler dev output:\n${stack?.output()}`);
    });
  });
  afterAll(async () => {
    await pane?.context.close().catch(() => undefined);
    await browser?.close();
    await stack?.stop();
  });

  test("on time, late, returned twice and missing: ranked, graded and named", async () => {
    const [onTime, late, returned] = stack.tokens.clerks as [
      (typeof stack.tokens.clerks)[0],
      (typeof stack.tokens.clerks)[0],
      (typeof stack.tokens.clerks)[0],
    ];
    const county = stack.tokens.supervisor;
    const api = (token: string) => createApiClient({ origin: stack.origin, token });
    const admin = api(stack.tokens.admin);
    const sup = api(county.token);
    const put = (who: typeof onTime, seed: number, key: string, ifMatch?: string | null) =>
      api(who.token).putReport(
        who.code,
        "gov-2021",
        YEAR,
        { values: report(seed) },
        { idempotencyKey: key, ifMatch },
      );

    await put(onTime, 1, "e2e-assess-on-time");
    await admin.openPeriod({
      unit: late.code,
      form: "gov-2021",
      year: YEAR,
      dueDate: chinaDate(-3),
    });
    await put(late, 2, "e2e-assess-late");
    let r = await put(returned, 3, "e2e-assess-ret-1");
    for (const [revision, key] of [
      [1, "e2e-assess-ret-2"],
      [2, "e2e-assess-ret-3"],
    ] as const) {
      await sup.review(returned.code, "gov-2021", YEAR, {
        action: "return",
        revision,
        reason: "数据与台账不符",
      });
      r = await put(returned, 3 + revision, key, r.etag);
    }

    pane = await PanePage.open(await browser.newContext(), stack.origin);
    await pane.connect(county.token);
    await pane.page.locator("#connect .me", { hasText: county.name }).waitFor();
    await pane.chooseForm("gov-2021", YEAR);
    await pane.page.click("#pull-assessment");
    const units = stack.tokens.clerks.length;
    await pane.waitForNotice(`已写入考核与通报:${units} 个单位`);

    const rows = await pane.table("考核", 3);
    const byCode = new Map(rows.map((row) => [String(row["单位代码"]), row]));
    expect(byCode.get(onTime.code)).toMatchObject({ 排名: 1, 总分: 100, 等级: "优秀" });
    expect(byCode.get(late.code)).toMatchObject({ 总分: 91, 等级: "良好" });
    expect(byCode.get(returned.code)).toMatchObject({ 总分: 90, 等级: "良好" });
    const missing = stack.tokens.clerks.slice(3);
    for (const m of missing) expect(byCode.get(m.code)).toMatchObject({ 总分: 0, 等级: "不合格" });
    await pane.show("考核");
    mkdirSync(SHOTS, { recursive: true });
    await pane.screenshot(join(SHOTS, "e2e-assessment.png"));

    const bulletin: string[] = [];
    for (let row = 1; ; row++) {
      const cell = await pane.cell("通报", `A${row}`);
      if (!cell.value) break;
      bulletin.push(String(cell.value));
    }
    const text = bulletin.join("\n");
    expect(text).toContain(late.name);
    for (const m of missing) expect(text).toContain(m.name);
    expect(text).toContain(onTime.name);
    await pane.show("通报");
    await pane.screenshot(join(SHOTS, "e2e-bulletin.png"));
    expect(pane.consoleErrors).toEqual([]);
  });
});
