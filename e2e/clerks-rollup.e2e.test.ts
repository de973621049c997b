/**
 * Three clerks of different units fill in gov-2021 for 2024 in the real task pane (Chromium,
 * strict Excel stand-in drawn as a grid) against `wrangler dev`; one breaks 一+二 = 三(七)+四
 * and fixes it, one submits a warning with a 说明; then the county's supervisor pulls the
 * rollup, and the rollup's xlsx/csv exports are read back by openpyxl and Python's csv module.
 */
import { copyFileSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, test } from "vitest";
import { createApiClient } from "../shared/api/client";
import type { Rollup } from "../shared/api/schemas";
import { derivedCells, fillTotals } from "../shared/engine";
import { buildWorkbook } from "../shared/workbook";
import { TOTAL_FILL } from "../shared/workbook/form-sheet";
import { formSheetName } from "../shared/layout/sheet-names";
import { findChromium, launchBrowser, type Browser } from "./support/browser";
import { ERROR_FILL, WARNING_FILL, expectedIssues, gov2021, PanePage } from "./support/pane";
import { hasOpenpyxl, readCsv, readXlsx, type XlsxRead } from "./support/readers";
import { startStack, type Stack } from "./support/server";
import { SHOTS } from "./support/screenshots";

const YEAR = 2024;
const { form, layout } = gov2021();
const totals = derivedCells(form);
const SHEET = formSheetName(form, YEAR, "zh");
/** Made in beforeAll, so a skipped run leaves nothing behind. */
let shotDir = "";
/** Screenshots are taken into a temp dir and copied to SHOTS only when a test passes. */
const publish = (names: string[]) => {
  mkdirSync(SHOTS, { recursive: true });
  for (const n of names) copyFileSync(join(shotDir, n), join(SHOTS, n));
};

/** Every cell of the form, blanks as 0 (what the server stores). */
function complete(values: Record<string, number>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const c of form.cells) out[c.id] = values[c.id] ?? 0;
  return out;
}

// Every clerk types parts only: each total the form defines as a sum is a locked formula.
// Clerk A (办公室) first forgets 四 (结转下年度), which 一+二 = 三(七)+四 catches, then types it.
const A_TYPED: Record<string, number> = {
  "proactive.rules.issued": 1,
  "proactive.licensing.decisions": 120,
  "proactive.penalty.decisions": 35,
  "proactive.fees.amount": 12.5,
  "requests.new.natural": 8,
  "requests.new.business": 2,
  "requests.granted.natural": 5,
  "requests.granted.business": 1,
  "requests.partial.natural": 2,
  "requests.unable_not_held.business": 1,
  "appeals.review.upheld": 1,
  "appeals.review.corrected": 1,
  "capacity.staff_fulltime.count": 2,
  "capacity.staff_parttime.count": 3,
};
const A_FIX = { "requests.carried_out.natural": 1 };
const A_FINAL = complete(fillTotals(form, { ...A_TYPED, ...A_FIX }));

// Clerk B (发改局): 一+二 = 12 but 三(七)+四 = 11, in 自然人 and so in the total column.
const B_TYPED: Record<string, number> = {
  "proactive.penalty.decisions": 40,
  "proactive.fees.amount": 3.25,
  "requests.new.natural": 10,
  "requests.carried_in.natural": 2,
  "requests.granted.natural": 7,
  "requests.partial.natural": 2,
  "requests.carried_out.natural": 2,
};
const B_FIX = { "requests.carried_out.natural": 3 };
const B_FINAL = complete(fillTotals(form, { ...B_TYPED, ...B_FIX }));

// Clerk C (教育局) had 10 rules in force last year; 10 + 2 − 1 ≠ 13 is a warning (N7).
const C_LAST_YEAR = { "proactive.rules.in_force": 10 };
const C_TYPED: Record<string, number> = {
  "proactive.rules.issued": 2,
  "proactive.rules.repealed": 1,
  "proactive.rules.in_force": 13,
  "proactive.licensing.decisions": 7,
  "requests.new.natural": 4,
  "requests.granted.natural": 4,
  "appeals.suit_direct.pending": 1,
  "fees.charged.count": 1,
  "fees.charged.amount": 50,
};
const C_FINAL = complete(fillTotals(form, C_TYPED));
const C_EXPLANATION = "本年有一件规章因机构改革由上级部门划转,现行有效件数据实核对无误。";

/** A sheet of the xlsx as rows keyed by the header texts of its third row (under the title). */
function xTable(x: XlsxRead, sheet: string): Record<string, unknown>[] {
  const cells = x.sheets[sheet];
  if (!cells) throw new Error(`the xlsx has no sheet ${sheet}`);
  const letters = Array.from({ length: 26 }, (_, i) => String.fromCharCode(65 + i));
  const headers = letters.map((l) => cells[`${l}3`]).filter((h) => h !== undefined);
  const rows: Record<string, unknown>[] = [];
  for (let r = 4; cells[`A${r}`] !== undefined; r++)
    rows.push(Object.fromEntries(headers.map((h, i) => [String(h), cells[`${letters[i]}${r}`]])));
  return rows;
}

const chromium = findChromium();

describe.skipIf(!chromium)("three clerks, a supervisor and the exports (gov-2021, 2024)", () => {
  let stack: Stack;
  let browser: Browser;
  const open: PanePage[] = [];

  beforeAll(async () => {
    shotDir = mkdtempSync(join(tmpdir(), "xxgk-e2e-shots-"));
    [stack, browser] = await Promise.all([startStack(), launchBrowser()]);
  });
  beforeEach(({ onTestFailed }) => {
    // The server's side of a failure: wrangler's log (errors with stacks) and the last requests.
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

  async function clerkPage(i: number): Promise<PanePage> {
    const pane = await PanePage.open(await browser.newContext(), stack.origin);
    open.push(pane);
    await pane.connect(stack.tokens.clerks[i]!.token);
    await pane.page.locator("#connect .me", { hasText: stack.tokens.clerks[i]!.name }).waitFor();
    await pane.insert("gov-2021", YEAR, SHEET);
    return pane;
  }

  const addr = (id: string) => layout.inputs[id]!.address;
  /** The cell beside its table that shows an instance's message (its formula yields it). */
  const shownAt = new Map(
    buildWorkbook(form, { lang: "zh", unitName: "", year: YEAR, previous: {} }).checks.map((c) => [
      c.key,
      c.shown.address,
    ]),
  );
  const messageAt = (key: string) => shownAt.get(key)!;

  test("clerks fill, check, fix, explain and submit", async () => {
    const [a, b, c] = stack.tokens.clerks as [
      (typeof stack.tokens.clerks)[0],
      (typeof stack.tokens.clerks)[0],
      (typeof stack.tokens.clerks)[0],
    ];
    // Clerk C's last year is on the server (cross-year rules need it).
    const apiC = createApiClient({ origin: stack.origin, token: c.token });
    await apiC.putReport(
      c.code,
      "gov-2021",
      YEAR - 1,
      { values: C_LAST_YEAR },
      {
        idempotencyKey: "e2e-last-year",
      },
    );

    const pa = await clerkPage(0);
    const pb = await clerkPage(1);
    const pc = await clerkPage(2);

    // The inserted sheet is the official layout: the unit and year are written, inputs unlocked.
    const unitCell = await pa.cell(SHEET, layout.meta.unit.address);
    expect(String(unitCell.value)).toContain(a.name);
    expect((await pa.cell(SHEET, addr("requests.new.natural"))).locked).toBe(false);

    // --- Clerk A: parts only. A total is a locked formula: typing it is refused, as in Excel.
    const aTotal = await pa.cell(SHEET, addr("requests.new.total"));
    expect(aTotal.locked).toBe(true);
    await expect(pa.type(SHEET, layout, { "requests.new.total": 10 })).rejects.toThrow(/locked/);
    // 四 forgotten → 一+二 ≠ 三(七)+四 in both columns; typing it clears the errors.
    await pa.type(SHEET, layout, A_TYPED);
    const aIssues = expectedIssues(form, fillTotals(form, A_TYPED));
    expect(aIssues.map((i) => `${i.rule}:${i.cell}`).sort()).toEqual([
      "N2:requests.carried_out.natural",
      "N2:requests.carried_out.total",
    ]);
    await pa.waitForIssues(aIssues);
    await pa.type(SHEET, layout, A_FIX);
    await pa.waitForIssues([]);
    // Every total the sheet shows is the sum of the parts A typed, computed by the workbook.
    const aShown = await pa.inputValues(SHEET, layout);
    expect(Object.fromEntries(Object.entries(aShown).map(([id, v]) => [id, v ?? 0]))).toEqual(
      A_FINAL,
    );
    expect(aShown["requests.handled_total.total"]).toBe(9);

    // --- Clerk B: 一+二 ≠ 三(七)+四 → the 四 cells are red (the workbook's conditional formats)
    // with the message beside their row (the workbook's message column).
    await pb.type(SHEET, layout, B_TYPED);
    const bIssues = expectedIssues(form, fillTotals(form, B_TYPED));
    expect(bIssues.map((i) => `${i.rule}:${i.cell}`).sort()).toEqual([
      "N2:requests.carried_out.natural",
      "N2:requests.carried_out.total",
    ]);
    await pb.waitForIssues(bIssues);
    for (const issue of bIssues) {
      const cell = await pb.cell(SHEET, addr(issue.cell));
      expect(cell.fill?.toUpperCase()).toBe(ERROR_FILL);
      expect(cell.note).toBeNull(); // no add-in paint while typing
      expect(String((await pb.cell(SHEET, messageAt(issue.key))).value)).toContain(
        issue.message_zh,
      );
    }
    expect(bIssues[0]!.message_zh).toContain("本年新收与上年结转之和为 12");
    expect(bIssues[0]!.message_zh).toContain("办理结果总计与结转下年度之和为 11");
    // The pane lists them under table 三; a click selects the cell in the sheet.
    expect(await pb.page.locator("#clerk .group h4").allTextContents()).toEqual([
      expect.stringContaining("三、"),
    ]);
    await pb.page.locator("#clerk li.issue.error .issue-link").first().click();
    await pb.page.locator(`#grid td.selected[data-address="${addr(bIssues[0]!.cell)}"]`).waitFor();
    // Submitting with errors is refused, nothing is sent.
    await pb.page.click("#submit");
    await pb.waitForStatus("还有 2 个错误,改正后才能提交。");
    await pb.screenshot(join(shotDir, "e2e-clerk-error.png"));

    // B corrects 四 (结转下年度) in 自然人 (the total column follows): the red fill and the message go.
    await pb.type(SHEET, layout, B_FIX);
    await pb.waitForIssues([]);
    for (const issue of bIssues) {
      // The red goes: an input is unfilled again, a total keeps its light shade.
      const cell = await pb.cell(SHEET, addr(issue.cell));
      expect(cell.fill?.toUpperCase() ?? null).toBe(totals.has(issue.cell) ? TOTAL_FILL : null);
      expect((await pb.cell(SHEET, messageAt(issue.key))).value).toBe("");
    }
    expect(await pb.notes(SHEET)).toEqual({});
    await pb.screenshot(join(shotDir, "e2e-clerk-fixed.png"));

    // --- Clerk C: a warning (amber) against last year; submit needs a 说明.
    await pc.type(SHEET, layout, C_TYPED);
    const cIssues = expectedIssues(form, fillTotals(form, C_TYPED), complete(C_LAST_YEAR));
    expect(cIssues.map((i) => `${i.severity}:${i.rule}:${i.cell}`)).toEqual([
      "warning:N7:proactive.rules.in_force",
    ]);
    await pc.waitForIssues(cIssues);
    const amber = await pc.cell(SHEET, addr("proactive.rules.in_force"));
    // amber from last year's value on the hidden 上年 sheet, put there when C inserted the form
    expect(amber.fill?.toUpperCase()).toBe(WARNING_FILL);
    expect(String((await pc.cell(SHEET, messageAt(cIssues[0]!.key))).value)).toContain(
      cIssues[0]!.message_zh,
    );
    await pc.page.click("#submit");
    await pc.waitForStatus("还有 1 条提示未填写说明。");
    await pc.page.fill("#clerk textarea.explain", C_EXPLANATION);
    await pc.page.locator("#clerk textarea.explain").dispatchEvent("change");

    // --- All three submit: revision 1 each.
    for (const p of [pa, pb, pc]) {
      await p.page.click("#submit");
      expect(await p.waitForStatus("已提交:第 1 版")).toMatch(/已提交:第 1 版,\d{4}/);
    }

    // The server holds what each clerk typed with the totals the workbook computed (blanks as 0),
    // one revision each.
    const finals: [typeof a, Record<string, number>][] = [
      [a, A_FINAL],
      [b, B_FINAL],
      [c, C_FINAL],
    ];
    for (const [who, want] of finals) {
      const api = createApiClient({ origin: stack.origin, token: who.token });
      const { revisions } = await api.revisions(who.code, "gov-2021", YEAR);
      expect(revisions.map((r) => r.revision)).toEqual([1]);
      expect(revisions[0]!.values).toEqual(want);
    }
    const cReport = (await apiC.getReport(c.code, "gov-2021", YEAR)).body;
    expect(cReport.explanations).toEqual({ [cIssues[0]!.key]: C_EXPLANATION });
    expect(cReport.warnings).toBe(1);
    expect(pa.consoleErrors.concat(pb.consoleErrors, pc.consoleErrors)).toEqual([]);

    publish(["e2e-clerk-error.png", "e2e-clerk-fixed.png"]);
  });

  test("the supervisor pulls the rollup: 汇总 = the sum of the three, 报送情况 lists the rest", async () => {
    const submitted = stack.tokens.clerks.slice(0, 3);
    const sums: Record<string, number> = {};
    for (const c of form.cells) sums[c.id] = A_FINAL[c.id]! + B_FINAL[c.id]! + C_FINAL[c.id]!;

    const sup = await PanePage.open(await browser.newContext(), stack.origin);
    open.push(sup);
    await sup.connect(stack.tokens.supervisor.token);
    await sup.page.locator("#connect .me", { hasText: "审核员" }).waitFor();
    expect(await sup.page.locator("#unit").inputValue()).toBe(stack.tokens.supervisor.code);
    await sup.chooseForm("gov-2021", YEAR);
    await sup.page.click("#pull");
    const pulled = await sup.waitForNotice("已更新汇总:12 个单位");
    expect(pulled).toMatch(/(已报|纳入) 3/);
    expect(pulled).toContain("未报 9");
    expect(await sup.sheets()).toEqual(expect.arrayContaining(["汇总", "分单位", "报送情况"]));

    // 汇总: every figure of the official table is the sum of the three submissions.
    const summary = await sup.inputValues("汇总", layout);
    for (const c of form.cells) {
      const shown = summary[c.id] ?? 0;
      expect({ cell: c.id, value: shown }).toEqual({ cell: c.id, value: sums[c.id] });
    }
    expect(String((await sup.cell("汇总", layout.meta.unit.address)).value)).toContain("3/12");
    await sup.show("汇总");
    await sup.screenshot(join(shotDir, "e2e-rollup.png"));

    // 分单位: each submitting unit's key figures are its own submission.
    const finals = [A_FINAL, B_FINAL, C_FINAL];
    const keyLabels = form.keyFigures.map((id) => form.cellById.get(id)!.label.zh);
    const byUnit = new Map(
      (await sup.table("分单位", 3)).map((row) => [String(row["单位代码"]), row]),
    );
    submitted.forEach((u, i) => {
      const row = byUnit.get(u.code)!;
      expect(row, `分单位 has a row for ${u.code}`).toBeDefined();
      expect(keyLabels.map((l) => row[l])).toEqual(form.keyFigures.map((id) => finals[i]![id]));
    });

    // 报送情况: every unit of the county; exactly the three are listed as having a report,
    // the other nine (the county itself included) as 未报, filled red.
    const rows = await sup.table("报送情况", 3);
    expect(rows).toHaveLength(12);
    // (The label is 未报 or 未报送 and 已报 or 已报送, depending on the add-in's wording.)
    const isMissing = (r: Record<string, unknown>) => /^未报(送)?$/.test(String(r["状态"]));
    const missing = rows.filter(isMissing).map((r) => String(r["单位代码"]));
    const reported = rows.filter((r) => !isMissing(r));
    expect(reported.map((r) => String(r["单位代码"])).sort()).toEqual(
      submitted.map((u) => u.code).sort(),
    );
    for (const r of reported) expect(String(r["状态"])).toMatch(/^已报(送)?$/);
    expect(missing.sort()).toEqual(
      [stack.tokens.supervisor.code, ...stack.tokens.clerks.slice(3).map((u) => u.code)].sort(),
    );
    const firstMissing = 4 + rows.findIndex(isMissing);
    expect((await sup.cell("报送情况", `A${firstMissing}`)).fill?.toUpperCase()).toBe(ERROR_FILL);
    await sup.show("报送情况");
    await sup.screenshot(join(shotDir, "e2e-completeness.png"));
    expect(sup.consoleErrors).toEqual([]);

    publish(["e2e-rollup.png", "e2e-completeness.png"]);
  });

  test.skipIf(!hasOpenpyxl())(
    "the xlsx and csv exports, read by openpyxl and Python's csv, equal the JSON rollup",
    async () => {
      const sup = createApiClient({ origin: stack.origin, token: stack.tokens.supervisor.token });
      const code = stack.tokens.supervisor.code;
      const rollup: Rollup = await sup.rollup(code, "gov-2021", YEAR);
      expect(rollup.submitted).toBe(3);
      const get = async (format: "xlsx" | "csv") => {
        const res = await fetch(sup.rollupFileUrl(code, "gov-2021", YEAR, format), {
          headers: { Authorization: `Bearer ${stack.tokens.supervisor.token}` },
        });
        expect(res.status).toBe(200);
        return new Uint8Array(await res.arrayBuffer());
      };

      // xlsx: 汇总 in the official layout, 分单位, 报送情况.
      const x = await readXlsx(await get("xlsx"));
      expect(x.order).toEqual(["汇总", "分单位", "报送情况"]);
      for (const c of form.cells) {
        const v = x.sheets["汇总"]![layout.inputs[c.id]!.address] ?? 0;
        expect({ cell: c.id, value: v }).toEqual({ cell: c.id, value: rollup.values[c.id] ?? 0 });
      }
      const keyLabels = form.keyFigures.map((id) => form.cellById.get(id)!.label.zh);
      const byCode = new Map(xTable(x, "分单位").map((row) => [String(row["单位代码"]), row]));
      for (const child of rollup.children) {
        const row = byCode.get(child.code)!;
        expect(row, `分单位 has a row for ${child.code}`).toBeDefined();
        expect([row["单位数"], row["已报送"]]).toEqual([child.units, child.submitted]);
        expect(keyLabels.map((l) => row[l] ?? 0)).toEqual(
          form.keyFigures.map((id) => child.values[id] ?? 0),
        );
      }
      // The last line is the county's total.
      expect(keyLabels.map((l) => byCode.get(code)![l] ?? 0)).toEqual(
        form.keyFigures.map((id) => rollup.values[id] ?? 0),
      );
      const xStatus = Object.fromEntries(
        xTable(x, "报送情况").map((row) => [String(row["单位代码"]), row["状态"] === "未报送"]),
      );
      expect(xStatus).toEqual(
        Object.fromEntries(rollup.completeness.map((u) => [u.code, u.status === "missing"])),
      );

      // csv: 汇总's columns (one line per cell: total, then each child), then 报送情况's.
      const rows = await readCsv(await get("csv"));
      const head = rows[0]!;
      expect(head.slice(0, 3)).toEqual(["单元格", "项目", "计量单位"]);
      const childCols = rollup.children.map((ch) => head.indexOf(`${ch.name}(${ch.code})`));
      expect(childCols.every((i) => i >= 4)).toBe(true);
      const byCell = new Map(rows.slice(1).map((r) => [r[0]!, r]));
      for (const c of form.cells) {
        const row = byCell.get(c.id)!;
        expect({ cell: c.id, value: Number(row[3]) }).toEqual({
          cell: c.id,
          value: rollup.values[c.id] ?? 0,
        });
        rollup.children.forEach((ch, i) =>
          expect({ cell: c.id, child: ch.code, value: Number(row[childCols[i]!]) }).toEqual({
            cell: c.id,
            child: ch.code,
            value: ch.values[c.id] ?? 0,
          }),
        );
      }
      // 报送情况: the xlsx's and the pane's ten columns, 报送时效 included.
      const statusHead = rows.findIndex((r) => r[0] === "单位代码" && r[4] === "状态");
      expect(statusHead).toBeGreaterThan(0);
      expect(rows[statusHead]!.slice(4, 6)).toEqual(["状态", "报送时效"]);
      const csvStatus = Object.fromEntries(
        rows
          .slice(statusHead + 1)
          .filter((r) => r.length > 5)
          .map((r) => [r[0]!, [r[4]!, r[5]!]]),
      );
      const words = {
        missing: "未报送",
        submitted: "已报送",
        returned: "已退回",
        accepted: "已通过",
        withdrawn: "已撤回",
      };
      const timely = { missing: "未报送", on_time: "按时", late: "逾期" };
      expect(csvStatus).toEqual(
        Object.fromEntries(
          rollup.completeness.map((u) => [u.code, [words[u.status], timely[u.timeliness!]]]),
        ),
      );
    },
  );

  test("on an Excel below ExcelApi 1.8 the pane says so in Chinese instead of 正在加载", async () => {
    const context = await browser.newContext();
    try {
      const page = await context.newPage();
      await page.goto(`${stack.origin}/harness.html?excelApi=1.7`);
      await page.locator("#app .boot-failure").waitFor();
      const text = await page.locator("#app").textContent();
      expect(text).toContain("此 Excel 版本过旧,无法使用本加载项");
      expect(text).not.toContain("正在加载");
      expect(await page.locator("#connect").count()).toBe(0);
    } finally {
      await context.close();
    }
  });
});
