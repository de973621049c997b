/**
 * The server stops in the middle of a submit: the Worker has stored the revision, then dies
 * before the answer reaches the clerk (the loopback proxy holds the answer while the test kills
 * wrangler and workerd, then drops the connection). The clerk keeps every typed value, a retry
 * while the server is down fails the same way, and the retry after the server is back (same
 * port, same D1 directory) stores exactly one revision.
 */
import { copyFileSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, test } from "vitest";
import { createApiClient } from "../shared/api/client";
import { ReportSchema } from "../shared/api/schemas";
import { formSheetName } from "../shared/layout/sheet-names";
import { findChromium, launchBrowser, type Browser } from "./support/browser";
import { expectedIssues, gov2021, PanePage, partsOnly } from "./support/pane";
import { startStack, type Stack } from "./support/server";
import { SHOTS } from "./support/screenshots";

const YEAR = 2024;
const { form, layout } = gov2021();
const SHEET = formSheetName(form, YEAR, "zh");

const TYPED: Record<string, number> = {
  "proactive.normative.issued": 4,
  "proactive.normative.in_force": 31,
  "proactive.penalty.decisions": 1520,
  "proactive.coercion.decisions": 12,
  "proactive.fees.amount": 0.0125,
  "requests.new.natural": 6,
  "requests.new.total": 6,
  "requests.granted.natural": 3,
  "requests.granted.total": 3,
  "requests.denied_third_party.natural": 1,
  "requests.denied_third_party.total": 1,
  "requests.handled_total.natural": 4,
  "requests.handled_total.total": 4,
  "requests.carried_out.natural": 2,
  "requests.carried_out.total": 2,
  "capacity.bodies.count": 1,
  "capacity.budget.amount": 2.5,
};

/** Made in beforeAll, so a skipped run leaves nothing behind. */
let shotDir = "";
const NETWORK_FAILED = "网络连接失败,填写的内容都已保留";

describe.skipIf(!findChromium())("the server stops in the middle of a submit", () => {
  let stack: Stack;
  let browser: Browser;

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
    await browser?.close();
    await stack?.stop();
    if (shotDir) rmSync(shotDir, { recursive: true, force: true });
  });

  test("typed values survive, the retry after restart stores exactly one revision", async () => {
    const clerk = stack.tokens.clerks[3]!;
    const api = createApiClient({ origin: stack.origin, token: clerk.token });
    const pane = await PanePage.open(await browser.newContext(), stack.origin);
    await pane.connect(clerk.token);
    await pane.insert("gov-2021", YEAR, SHEET);
    await pane.type(SHEET, layout, partsOnly(form, TYPED));
    expect(expectedIssues(form, TYPED)).toEqual([]);
    await pane.waitForIssues([]);
    const before = await pane.inputValues(SHEET, layout);

    // Submit; the Worker stores it, then the server is killed before the answer gets out.
    const lost = stack.proxy.loseNextAnswer(
      (method, path) => method === "PUT" && path.includes(`/units/${clerk.code}/reports/`),
      () => stack.kill(),
    );
    await pane.page.click("#submit");
    const answer = await lost;
    expect(answer.status).toBe(201);
    expect(ReportSchema.parse(JSON.parse(answer.body)).revision).toBe(1);

    // The clerk sees a network failure, a retry button, and every typed value.
    await pane.waitForStatus(NETWORK_FAILED);
    await pane.page.locator("#submit", { hasText: "重试提交" }).waitFor();
    expect(await pane.inputValues(SHEET, layout)).toEqual(before);
    await pane.screenshot(join(shotDir, "e2e-clerk-offline.png"));

    // A retry while the server is still down fails the same way and loses nothing.
    const drops = () => stack.proxy.log.filter((l) => l.endsWith("dropped (server down)")).length;
    const dropped = drops();
    await pane.page.click("#submit");
    await expect.poll(drops, { timeout: 30_000, interval: 100 }).toBeGreaterThan(dropped);
    await pane.page.locator("#submit:not([disabled])", { hasText: "重试提交" }).waitFor();
    await pane.waitForStatus(NETWORK_FAILED);
    expect(await pane.inputValues(SHEET, layout)).toEqual(before);

    // The server is back (same port, same D1 directory); the retry is recognised: revision 1.
    await stack.restart();
    await pane.page.click("#submit");
    expect(await pane.waitForStatus("已提交:第 1 版")).toMatch(/已提交:第 1 版,\d{4}/);
    expect(await pane.inputValues(SHEET, layout)).toEqual(before);

    // The browser sent the same Idempotency-Key again: the Worker replayed its stored answer.
    const puts = stack.proxy.log.filter((l) => l.startsWith("PUT "));
    expect(puts[0]).toMatch(/ 201 \(answer lost\)$/);
    expect(puts.at(-1)).toMatch(/ 201 \(replayed\)$/);
    expect(puts.filter((l) => / 20\d/.test(l) && !l.includes("(replayed)"))).toHaveLength(1);
    const { revisions } = await api.revisions(clerk.code, "gov-2021", YEAR);
    expect(revisions).toHaveLength(1);
    const want: Record<string, number> = {};
    for (const c of form.cells) want[c.id] = TYPED[c.id] ?? 0;
    expect(revisions[0]!.values).toEqual(want);

    // Submitting the unchanged sheet once more adds nothing either.
    await pane.page.click("#submit");
    await pane.waitForStatus("已提交:第 1 版");
    await pane.page.locator("#submit:not([disabled])").waitFor();
    expect((await api.revisions(clerk.code, "gov-2021", YEAR)).revisions).toHaveLength(1);
    expect(pane.consoleErrors).toEqual([]);
    await pane.context.close();
    mkdirSync(SHOTS, { recursive: true });
    copyFileSync(join(shotDir, "e2e-clerk-offline.png"), join(SHOTS, "e2e-clerk-offline.png"));
  });
});
