/**
 * A supervisor's follow-up in the real task pane (Chromium, strict Excel stand-in) against
 * `wrangler dev`: the county's supervisor returns a clerk's report; the clerk changes two cells
 * in the pane and submits again; the supervisor loads the new revision and sees exactly those two
 * cells marked as changed (green in the review sheet, listed old → new in the pane), and so does
 * the browser page without Excel (by cell address and label, old → new). Then a 催报
 * reaches a robot webhook receiver on 127.0.0.1 exactly once although the supervisor's
 * connection dropped before the answer and the request was sent again. Last, the supervisor signs
 * off the county's figures in the pane and takes the sign-off back with a reason.
 */
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, beforeEach, describe, expect, test } from "vitest";
import { ReminderSchema } from "../shared/api/schemas";
import { createApiClient } from "../shared/api/client";
import { fillTotals } from "../shared/engine";
import { formSheetName } from "../shared/layout/sheet-names";
import { findChromium, launchBrowser, type Browser } from "./support/browser";
import { FilesPane } from "./support/files-pane";
import { expectedIssues, gov2021, PanePage, partsOnly } from "./support/pane";
import { startStack, type Stack } from "./support/server";

const YEAR = 2024;
const { form, layout } = gov2021();
const SHEET = formSheetName(form, YEAR, "zh");
/** The review sheet's fill of a changed cell (addin/src/marks.ts COLORS.changedFill). */
const CHANGED_FILL = "#C6E0B4";

const FIRST = fillTotals(form, {
  "proactive.rules.issued": 1,
  "proactive.licensing.decisions": 120,
  "proactive.penalty.decisions": 35,
  "requests.new.natural": 8,
  "requests.granted.natural": 7,
  "requests.carried_out.natural": 1,
});
const CHANGED = { "proactive.licensing.decisions": 118, "proactive.penalty.decisions": 36 };
const SECOND = { ...FIRST, ...CHANGED };

const addr = (id: string) => layout.inputs[id]!.address;

/** A robot webhook on 127.0.0.1 that records each message and answers when released. */
interface Receiver {
  url: string;
  received: { url: string; body: unknown }[];
  /** Resolves when the next message has arrived. */
  next(): Promise<void>;
  /** Let the held answers go (钉钉's `{"errcode":0}`). */
  release(): void;
  close(): Promise<void>;
}

async function robotReceiver(): Promise<Receiver> {
  const received: Receiver["received"] = [];
  let arrived: (() => void) | null = null;
  const held: (() => void)[] = [];
  let released = false;
  const read = (req: IncomingMessage) =>
    new Promise<string>((resolve) => {
      let s = "";
      req.on("data", (d: Buffer) => (s += d.toString()));
      req.on("end", () => resolve(s));
    });
  const server: Server = createServer((req, res) => {
    void read(req).then((text) => {
      received.push({ url: req.url ?? "", body: JSON.parse(text) as unknown });
      arrived?.();
      const answer = () =>
        res
          .writeHead(200, { "Content-Type": "application/json" })
          .end(JSON.stringify({ errcode: 0, errmsg: "ok" }));
      if (released) answer();
      else held.push(answer);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/robot/send?access_token=e2e`,
    received,
    next: () => new Promise<void>((resolve) => (arrived = resolve)),
    release: () => {
      released = true;
      for (const a of held.splice(0)) a();
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

describe.skipIf(!findChromium())("compare after a return; a reminder sent once", () => {
  let stack: Stack;
  let browser: Browser;
  let robot: Receiver;
  const open: PanePage[] = [];

  beforeAll(async () => {
    robot = await robotReceiver();
    [stack, browser] = await Promise.all([
      startStack({
        vars: { REMINDER_WEBHOOK_URL: robot.url, REMINDER_WEBHOOK_SECRET: "SEC-e2e-secret" },
      }),
      launchBrowser(),
    ]);
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
    await robot?.close();
  });

  async function person(token: string): Promise<PanePage> {
    const pane = await PanePage.open(await browser.newContext(), stack.origin);
    open.push(pane);
    await pane.connect(token);
    return pane;
  }

  test("the supervisor sees exactly the two cells the clerk changed after the return", async () => {
    const clerk = stack.tokens.clerks[0]!;
    const county = stack.tokens.supervisor;
    expect(expectedIssues(form, FIRST)).toEqual([]);
    expect(expectedIssues(form, SECOND)).toEqual([]);

    // The clerk submits revision 1 in the pane.
    const pc = await person(clerk.token);
    await pc.page.locator("#connect .me", { hasText: clerk.name }).waitFor();
    await pc.insert("gov-2021", YEAR, SHEET);
    await pc.type(SHEET, layout, partsOnly(form, FIRST));
    await pc.waitForIssues([]);
    await pc.page.click("#submit");
    await pc.waitForStatus("已提交:第 1 版");

    // The supervisor loads it (nothing to compare yet) and returns it.
    const ps = await person(county.token);
    await ps.page.locator("#connect .me", { hasText: "审核员" }).waitFor();
    await ps.chooseForm("gov-2021", YEAR);
    await ps.page.click("#pull");
    await ps.waitForNotice("已更新汇总");
    await ps.page.selectOption("#review-unit", clerk.code);
    await ps.page.click("#load-review");
    await ps.waitForNotice(`已载入 ${clerk.name} 第 1 版(已报送)`);
    expect(await ps.page.locator("#changes").count()).toBe(0);
    await ps.page.fill("#review-reason", "表二数据与台账不符,请核对");
    await ps.page.click("#review-return");
    await ps.waitForNotice(`已退回 ${clerk.name}`);

    // The clerk changes two cells and submits revision 2.
    await pc.page.click("#refresh");
    await pc.page.locator("#workflow", { hasText: "状态:已退回" }).waitFor();
    await pc.type(SHEET, layout, partsOnly(form, CHANGED));
    await pc.waitForIssues([]);
    await pc.page.click("#submit");
    await pc.waitForStatus("已提交:第 2 版");

    // The supervisor reloads: exactly those two cells are marked, old → new.
    await ps.page.click("#load-review");
    await ps.waitForNotice(`已载入 ${clerk.name} 第 2 版(已报送)`);
    const reviewSheet = `审核 ${clerk.name}`;
    const marked: string[] = [];
    for (const c of form.cells) {
      const cell = await ps.cell(reviewSheet, addr(c.id));
      if (cell.fill?.toUpperCase() === CHANGED_FILL) marked.push(c.id);
    }
    expect(marked.sort()).toEqual(Object.keys(CHANGED).sort());
    const items = ps.page.locator("#changes li.changed");
    expect(await items.count()).toBe(2);
    const listed = await items.evaluateAll((els) =>
      els.map((e) => [e.getAttribute("data-cell"), (e.textContent ?? "").trim()]),
    );
    expect(listed.map(([cell]) => cell)).toEqual(
      form.cells.map((c) => c.id).filter((id) => id in CHANGED),
    );
    for (const [cell, text] of listed) {
      const id = cell as keyof typeof CHANGED;
      expect(text).toContain(`${FIRST[id]} → ${CHANGED[id]}`);
    }
    expect(await ps.page.locator("#changes h4").textContent()).toContain("与第 1 版相比");
    expect(pc.consoleErrors.concat(ps.consoleErrors)).toEqual([]);
  });

  test("the browser page without Excel shows the supervisor the same two cells, by address", async () => {
    const clerk = stack.tokens.clerks[0]!;
    const county = stack.tokens.supervisor;
    const page = await FilesPane.open(browser, stack.origin, county.token);
    try {
      await page.set("year", YEAR);
      await page.set("unit", clerk.code);
      const section = page.page.locator("#files-compare");
      await section.waitFor();
      expect(await section.locator("h2").textContent()).toBe("修改对比");
      expect(await section.locator("p").first().textContent()).toBe(
        "第 2 版与退回的第 1 版相比,改动了 2 个单元格。",
      );
      const items = section.locator("li.changed");
      const listed = await items.evaluateAll((els) =>
        els.map((e) => [e.getAttribute("data-cell"), (e.textContent ?? "").trim()]),
      );
      expect(listed.map(([cell]) => cell)).toEqual(
        form.cells.map((c) => c.id).filter((id) => id in CHANGED),
      );
      for (const [cell, text] of listed) {
        const id = cell as keyof typeof CHANGED;
        const label = form.cellById.get(id)!.label.zh;
        expect(text).toBe(`单元格 ${addr(id)}「${label}」: ${FIRST[id]} → ${CHANGED[id]}`);
      }
      // Words a clerk knows: no cell ids, no HTTP.
      const words = (await section.textContent()) ?? "";
      expect(words).not.toMatch(/proactive\.|HTTP|\b[45]\d\d\b/);
    } finally {
      await page.close();
    }
  });

  test("a reminder reaches the robot once when the connection drops and the pane retries", async () => {
    const county = stack.tokens.supervisor;
    const late = stack.tokens.clerks[1]!;
    const key = "e2e-reminder-1";
    const body = JSON.stringify({ units: [late.code] });
    const url = `${stack.origin}/api/v1/units/${county.code}/reminders/gov-2021/${YEAR}`;
    const headers = {
      Authorization: `Bearer ${county.token}`,
      "Content-Type": "application/json",
      "Idempotency-Key": key,
    };
    // The first request: the robot gets the message, and the connection drops before the answer.
    const dropped = new AbortController();
    const arrived = robot.next();
    const first = fetch(url, { method: "POST", headers, body, signal: dropped.signal });
    await arrived;
    dropped.abort();
    await expect(first).rejects.toThrow();
    robot.release();

    // The retry with the same key is answered from the record; the robot hears nothing more.
    const api = createApiClient({ origin: stack.origin, token: county.token });
    let again = ReminderSchema.parse(
      await (await fetch(url, { method: "POST", headers, body })).json(),
    );
    for (let i = 0; i < 50 && again.delivery === "pending"; i++) {
      await new Promise((r) => setTimeout(r, 100));
      again = await api.remind(
        county.code,
        "gov-2021",
        YEAR,
        { units: [late.code] },
        {
          idempotencyKey: key,
        },
      );
    }
    expect(again.delivery).toBe("sent");
    expect(again.units.map((u) => u.code)).toEqual([late.code]);
    expect(robot.received).toHaveLength(1);
    const msg = robot.received[0]!;
    const signed = new URL(msg.url, "http://127.0.0.1");
    expect(signed.searchParams.get("access_token")).toBe("e2e");
    expect(signed.searchParams.get("sign")).toBeTruthy();
    expect(msg.body).toMatchObject({ msgtype: "text" });
    expect((msg.body as { text: { content: string } }).text.content).toContain(late.name);

    // 报送情况's follow-up list counts the one reminder.
    const list = await api.lateUnits(county.code, "gov-2021", YEAR);
    expect(list.units.find((u) => u.code === late.code)?.reminders.count).toBe(1);
  });

  test("in the pane: 催报 every late unit, the printable 催报通知 sheet, 汇总确认, 撤销确认", async () => {
    const county = stack.tokens.supervisor;
    const api = createApiClient({ origin: stack.origin, token: county.token });
    const late = await api.lateUnits(county.code, "gov-2021", YEAR);
    expect(late.units.length).toBeGreaterThan(0);
    const ps = await person(county.token);
    await ps.page.locator("#connect .me", { hasText: "审核员" }).waitFor();
    await ps.chooseForm("gov-2021", YEAR);
    await ps.page.click("#remind-missing");
    await ps.waitForNotice(`已向 ${late.units.length} 个单位催报,消息已发送`);
    expect(robot.received).toHaveLength(2);
    const sheet = await ps.table("催报通知", 3);
    expect(sheet.map((r) => String(r["单位代码"]))).toEqual(late.units.map((u) => u.code));
    expect(sheet.every((r) => Number(r["已催报次数"]) >= 1)).toBe(true);

    await ps.page.click("#sign-off");
    await ps.waitForNotice("已确认");
    expect((await api.signOff(county.code, "gov-2021", YEAR)).status).toBe("confirmed");

    // 撤销确认 where the supervisor sees the sign-off, with a reason the city reads.
    await ps.page.locator("#sign-off-status", { hasText: "已确认" }).waitFor();
    await ps.page.fill("#revoke-reason", "一个单位的数据需复核");
    await ps.page.click("#revoke-sign-off");
    await ps.waitForNotice("已撤销");
    await ps.page
      .locator("#sign-off-status", { hasText: "未确认:确认已于" })
      .filter({ hasText: "原因:一个单位的数据需复核" })
      .waitFor();
    expect(await ps.page.locator("#revoke-sign-off").count()).toBe(0);
    const after = await api.signOff(county.code, "gov-2021", YEAR);
    expect(after.status).toBe("unconfirmed");
    expect(after.withdrawn).toMatchObject({ action: "revoke", reason: "一个单位的数据需复核" });
    expect(ps.consoleErrors).toEqual([]);
  });
});
