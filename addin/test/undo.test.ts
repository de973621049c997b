/**
 * The clerk's Ctrl+Z survives the day (issue 24): on the strict stand-in, which counts every call
 * that clears Excel's undo history (custom XML parts, protection, sheet visibility, document
 * settings; below ExcelApi 1.20 every write), a whole day of the clerk — open, type, type a 说明,
 * answer a remark, 刷新状态 twice, reopen — makes none. Only the actions that announce a write
 * (插入报表, 保存, 提交, and a paint of remarks the sheet does not show yet) make them, and they
 * still do their job.
 */
import { describe, expect, it } from "vitest";
import { compareVersions } from "../src/host/requirements";
import { PaneController } from "../src/pane/controller";
import { memoryStorage, type DraftStorage } from "../src/session/drafts";
import { COLORS } from "../src/session/marks";
import { stateFromXml } from "../src/session/state";
import { RETURN, workflowServer } from "../testing/fake-workflow";
import type { WorkbookModel } from "../testing/strict-excel";
import { memoryStore, setup } from "./helpers";

/** Every ExcelApi set the add-in runs on up to 1.18, and 1.20 (where ordinary writes keep undo). */
const VERSIONS = [...Array.from({ length: 11 }, (_, i) => `1.${8 + i}`), "1.20"];
const G8 = "G8:requests.accepted.n";

type Server = ReturnType<typeof workflowServer>;
let panes = 0;

/** A pane opened on a workbook (a new one, or one saved and reopened) on this machine. */
function open(
  server: Server,
  excelApi: string,
  machine: { store: ReturnType<typeof memoryStore>; drafts: DraftStorage },
  workbook?: WorkbookModel,
) {
  const env = setup({ excelApi, ...(workbook ? { workbook } : {}) });
  const day = ++panes;
  let n = 0;
  const c = new PaneController({
    host: env.host,
    store: machine.store,
    drafts: machine.drafts,
    fetcher: server.fetcher,
    lang: "zh",
    uuid: () => `p${day}-${++n}`,
    now: () => new Date("2019-01-15T00:00:00Z"),
    timer: env.timer,
    defaultServer: "https://localhost:8787",
  });
  const s = () => c.session!;
  const address = (id: string) => s().layout.inputs[id]!.address;
  /** The clerk types into a cell; the debounced check runs (one read). */
  const type = async (id: string, v: unknown) => {
    await env.excel.userEdit(s().sheetName, address(id), v);
    env.timer.fire();
    await env.excel.settle();
    await s().pass({ ifChanged: true });
  };
  const note = (id: string) => env.excel.sheet(s().sheetName).notes.get(address(id)) ?? null;
  const comment = (id: string) =>
    [...env.excel.sheet(s().sheetName).comments.values()].find((x) => x.address === address(id))
      ?.content ?? null;
  const fill = (id: string) => env.excel.shown(s().sheetName, address(id)).fill;
  return { ...env, c, s, type, note, comment, fill, address };
}

/** The undo-clearing calls an action makes (with what they were, for a failing test's message). */
async function clears(
  excel: { undoClears: number; undoLog: string[] },
  act: () => Promise<unknown>,
) {
  const before = excel.undoLog.length;
  await act();
  return excel.undoLog.slice(before);
}

/** Yesterday: the sheet inserted, filled, submitted; the supervisor returned it with remarks. */
async function yesterday(server: Server, excelApi: string, machine: Parameters<typeof open>[2]) {
  const p = open(server, excelApi, machine);
  expect(await p.c.connect("https://localhost:8787", "clerk")).toBe(true);
  p.c.choose({ year: 2018 });
  const inserted = await clears(p.excel, () => p.c.insert());
  expect(inserted.length).toBeGreaterThan(0); // 插入报表 announces its writes
  expect(p.c.session?.form.id).toBe("gov-2012");
  await p.type("proactive.total.n", 300);
  await p.type("proactive.website.n", 298);
  await p.type("requests.accepted.n", 5); // G8 warning: accepted > total
  await p.c.explain(G8, "含上年结转的申请,已核实无误。");
  expect((await clears(p.excel, () => p.c.submit())).length).toBeGreaterThan(0); // 提交
  expect(server.reports.get("U1/gov-2012/2018")?.revision).toBe(1);
  server.review("U1", "gov-2012", 2018, RETURN);
  // 刷新状态 with new remarks: the sheet did not show them, so they are painted (announced).
  await p.c.refresh();
  expect(p.fill("proactive.total.n")).toBe(COLORS.remarkFill);
  return p;
}

describe("the clerk's day keeps Ctrl+Z (strict stand-in)", () => {
  it.each(VERSIONS)(
    "ExcelApi %s: open, type, a 说明, an answer, 刷新状态 twice, reopen: no undo-clearing call",
    async (excelApi) => {
      const server = workflowServer();
      const machine = { store: memoryStore(), drafts: memoryStorage() };
      const before = await yesterday(server, excelApi, machine);

      // This morning: the workbook opened again, the pane starts (reconnects, recognises).
      const p = open(server, excelApi, machine, before.excel.reopen().workbook);
      const day: string[] = [];
      day.push(...(await clears(p.excel, () => p.c.start())));
      expect(p.c.session?.report?.status).toBe("returned");
      const remark = p
        .s()
        .remarks()
        .find((r) => r.cell === "requests.accepted.n")!;
      day.push(
        ...(await clears(p.excel, async () => {
          await p.type("proactive.website.n", 297);
          await p.type("proactive.website.n", 296);
          await p.c.explain(G8, "含上年结转的申请 5 件,已与受理台账逐件核对。");
          await p.c.answer(remark.id, "含上年结转 5 件,已核对台账");
          await p.c.refresh();
          await p.c.refresh();
        })),
      );
      expect(day).toEqual([]);
      // What the clerk notices: Ctrl+Z takes back the last two edits, in order.
      expect(p.excel.undoDepth).toBe(2);
      expect(await p.excel.userUndo()).toBe(true);
      expect(p.excel.cell(p.s().sheetName, p.address("proactive.website.n")).value).toBe(297);
      expect(await p.excel.userUndo()).toBe(true);
      expect(p.excel.cell(p.s().sheetName, p.address("proactive.website.n")).value).toBe(298);
      // The remarks still show (an answer typed clears nothing before 提交).
      expect(p.fill("proactive.total.n")).toBe(COLORS.remarkFill);
      expect(p.fill("requests.accepted.n")).not.toBeNull();
      // The remark's text: a note from 1.18, a comment from 1.14, else the pane only.
      const text = compareVersions(excelApi, "1.18") >= 0 ? p.note : p.comment;
      if (compareVersions(excelApi, "1.14") >= 0)
        expect(text("requests.accepted.n")).toContain("受理数请说明来源");
      // The workbook holds yesterday's 说明; today's texts wait in the pane's storage.
      const part = () => stateFromXml(p.excel.workbook.parts[0]!.xml);
      expect(part().explanations[G8]).toBe("含上年结转的申请,已核实无误。");
      expect(part().answers).toEqual({});

      // Reopened in the afternoon on the same machine: nothing written, the drafts come back.
      const again = open(server, excelApi, machine, p.excel.reopen().workbook);
      expect(await clears(again.excel, () => again.c.start())).toEqual([]);
      expect(again.s().state.explanations[G8]).toBe("含上年结转的申请 5 件,已与受理台账逐件核对。");
      expect(again.s().state.answers[remark.id]).toBe("含上年结转 5 件,已核对台账");
      expect(again.s().unsaved).toBe(true);

      // 提交 announces its writes, and does its job: texts sent and kept, the answered mark gone.
      expect((await clears(again.excel, () => again.c.submit())).length).toBeGreaterThan(0);
      const put = server.last("PUT")!.body as {
        explanations: Record<string, string>;
        answers?: Record<string, string>;
      };
      expect(put.explanations[G8]).toBe("含上年结转的申请 5 件,已与受理台账逐件核对。");
      expect(put.answers).toEqual({ [remark.id]: "含上年结转 5 件,已核对台账" });
      const saved = stateFromXml(again.excel.workbook.parts[0]!.xml);
      expect(saved.explanations[G8]).toBe("含上年结转的申请 5 件,已与受理台账逐件核对。");
      expect(again.s().unsaved).toBe(false);
      expect(again.fill("requests.accepted.n")).not.toBe(COLORS.remarkFill);
      expect(again.note("requests.accepted.n")).toBeNull();
    },
  );

  it("保存 writes the typed texts into the workbook (announced), so another machine sees them", async () => {
    const server = workflowServer();
    const machine = { store: memoryStore(), drafts: memoryStorage() };
    const p = await yesterday(server, "1.20", machine);
    await p.c.explain(G8, "改写后的说明:含上年结转的申请。");
    expect(stateFromXml(p.excel.workbook.parts[0]!.xml).explanations[G8]).toBe(
      "含上年结转的申请,已核实无误。",
    );
    const saved = await clears(p.excel, () => p.c.saveTexts());
    expect(saved).toEqual(["CustomXmlPart.setXml"]);
    expect(p.c.notice?.text).toBe("说明和答复已保存到工作簿。");
    // Nothing new: a second 保存 writes nothing.
    expect(await clears(p.excel, () => p.c.saveTexts())).toEqual([]);
    const elsewhere = { store: machine.store, drafts: memoryStorage() };
    const other = open(server, "1.20", elsewhere, p.excel.reopen().workbook);
    await other.c.start();
    expect(other.s().state.explanations[G8]).toBe("改写后的说明:含上年结转的申请。");
  });

  it("opening a form sheet whose state part is missing writes nothing (the part comes with 保存)", async () => {
    const server = workflowServer();
    const machine = { store: memoryStore(), drafts: memoryStorage() };
    const first = open(server, "1.8", machine);
    await first.c.connect("https://localhost:8787", "clerk");
    first.c.choose({ year: 2018 });
    await first.c.insert();
    const workbook = first.excel.reopen().workbook;
    workbook.parts = [];
    const p = open(server, "1.8", machine, workbook);
    const writes = p.excel.writeCount;
    expect(await clears(p.excel, () => p.c.start())).toEqual([]);
    expect(p.excel.writeCount).toBe(writes);
    expect(p.excel.workbook.parts).toEqual([]);
    await p.c.explain(G8, "含上年结转的申请,已核实无误。");
    expect(await clears(p.excel, () => p.c.saveTexts())).toEqual(["CustomXmlPartCollection.add"]);
    expect(stateFromXml(p.excel.workbook.parts[0]!.xml).explanations[G8]).toBe(
      "含上年结转的申请,已核实无误。",
    );
  });

  it("paints a remark on a protected sheet without unprotect/protect", async () => {
    const server = workflowServer();
    const machine = { store: memoryStore(), drafts: memoryStorage() };
    const p = await yesterday(server, "1.20", machine);
    const sheet = p.excel.sheet(p.s().sheetName);
    expect(sheet.protected).toBe(true);
    expect(p.excel.protectionChanges).toBe(
      p.excel.workbook.sheets.filter((x) => x.protected).length,
    );
    expect(p.note("proactive.total.n")).toBe("审核意见 · 苍南县政务公开办:与台账不一致,请核对");
  });
});
