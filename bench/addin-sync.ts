/**
 * Benchmark: Excel round trips (syncs) and write commands of the add-in, counted by the strict
 * stand-in (addin/testing/strict-excel) on each ExcelApi set the add-in treats differently.
 *
 *   npm run bench:addin-sync
 *
 * Prints markdown tables for docs/PERFORMANCE.md. Targets (issue 10): a debounced edit run
 * makes 1 read sync and 0 writes; inserting the form makes ≤ 2 syncs. Time on the stand-in is
 * not Excel's and is not reported; syncs are what cost in Excel (each one a round trip, on the
 * web over the network).
 *
 * The second table (issue 24): the calls of each clerk's action that clear Excel's undo history,
 * as the stand-in counts them (custom XML parts, protection, visibility, document settings; below
 * ExcelApi 1.20 every write). Target: 0 for everything but 插入报表, 保存, 提交 and a 刷新状态
 * that brings new remarks.
 */
import { derivedCells } from "../shared/engine";
import { getForm } from "../shared/forms/catalogue";
import type { Timer } from "../addin/src/common/debounce";
import { OfficeExcelHost } from "../addin/src/host/excel-host";
import { FormSession } from "../addin/src/session/session";
import { StrictExcel } from "../addin/testing/strict-excel";
import { workflowServer } from "../addin/testing/fake-workflow";
import { PaneController } from "../addin/src/pane/controller";
import type { Connection } from "../addin/src/common/api-client";
import { memoryStorage } from "../addin/src/session/drafts";

const form = getForm("gov-2021")!;

/** The stand-in's counters around an action. */
async function count(excel: StrictExcel, action: () => Promise<unknown>) {
  const before = { syncs: excel.syncCount, writes: excel.writeCount, ws: excel.writeSyncs };
  await action();
  return {
    syncs: excel.syncCount - before.syncs,
    writeSyncs: excel.writeSyncs - before.ws,
    writes: excel.writeCount - before.writes,
  };
}

function manualTimer(): Timer & { fire(): void } {
  const jobs = new Map<number, () => void>();
  let next = 1;
  return {
    set: (fn) => (jobs.set(next, fn), next++),
    clear: (h) => void jobs.delete(h as number),
    fire() {
      const all = [...jobs.values()];
      jobs.clear();
      for (const fn of all) fn();
    },
  };
}

async function measure(excelApi: string) {
  const excel = new StrictExcel({ excelApi });
  const timer = manualTimer();
  const deps = {
    host: new OfficeExcelHost(excel),
    lang: "zh" as const,
    uuid: () => "bench",
    now: () => new Date("2025-01-15T08:00:00Z"),
    timer,
  };
  let s!: FormSession;
  const insert = await count(excel, async () => {
    s = await FormSession.insert(deps, form, 2024, { code: "U1", name: "苍南县人民政府办公室" });
  });
  await s.watch();
  // A burst of 10 edits of input cells (the totals are the sheet's own formulas, locked), the
  // last 999, then the debounced run.
  const derived = new Set(derivedCells(form));
  const ids = Object.keys(s.layout.inputs)
    .filter((id) => !derived.has(id))
    .slice(0, 10);
  const edit = await count(excel, async () => {
    for (let i = 0; i < 10; i++)
      await excel.userEdit(s.sheetName, s.layout.inputs[ids[i]!]!.address, i === 9 ? 999 : i + 1);
    timer.fire();
    await excel.settle();
    await s.pass({ ifChanged: true }); // waits for the run; reads once more (counted below)
  });
  const again = await count(excel, () => s.pass({ ifChanged: true }));
  const run = {
    syncs: edit.syncs - again.syncs,
    writeSyncs: edit.writeSyncs,
    writes: edit.writes,
  };
  const issues = s.issues.length;
  const totals = await count(excel, () => s.pass({ fillTotals: true }));
  return { excelApi, insert, largest: excel.largestPayload, run, issues, totals };
}

const rows = [];
for (const api of ["1.8", "1.12", "1.14", "1.18", "1.20"]) rows.push(await measure(api));
console.log("gov-2021, strict stand-in; a debounced run after a burst of 10 edits\n");
console.log(
  "| ExcelApi | insert syncs | insert writes | largest request | edit run: syncs | edit run: write syncs | edit run: writes | issues | 自动计算合计: syncs / writes |",
);
console.log("|---|---|---|---|---|---|---|---|---|");
for (const r of rows) {
  console.log(
    `| ${r.excelApi} | ${r.insert.syncs} | ${r.insert.writes} | ${(r.largest / 1024 / 1024).toFixed(2)} MB | ${r.run.syncs} | ${r.run.writeSyncs} | ${r.run.writes} | ${r.issues} | ${r.totals.syncs} / ${r.totals.writes} |`,
  );
}

/** The undo-clearing calls of each of the clerk's actions, on one ExcelApi set. */
async function undoDay(excelApi: string): Promise<Map<string, number>> {
  const server = workflowServer();
  let saved: Connection | null = null;
  const store = {
    load: () => saved,
    save: (c: Connection) => void (saved = c),
    clear: () => void (saved = null),
  };
  const drafts = memoryStorage();
  const out = new Map<string, number>();
  let n = 0;
  const paneOn = (excel: StrictExcel) => {
    const timer = manualTimer();
    const c = new PaneController({
      host: new OfficeExcelHost(excel),
      store,
      drafts,
      fetcher: server.fetcher,
      lang: "zh",
      uuid: () => `bench-${++n}`,
      now: () => new Date("2019-01-15T00:00:00Z"),
      timer,
      defaultServer: "https://localhost:8787",
    });
    return { c, timer };
  };
  let excel = new StrictExcel({ excelApi });
  let { c, timer } = paneOn(excel);
  const act = async (name: string, action: () => Promise<unknown>) => {
    const before = excel.undoClears;
    await action();
    out.set(name, (out.get(name) ?? 0) + excel.undoClears - before);
  };
  const type = async (id: string, v: number) => {
    const s = c.session!;
    await excel.userEdit(s.sheetName, s.layout.inputs[id]!.address, v);
    timer.fire();
    await excel.settle();
    await s.pass({ ifChanged: true });
  };
  await c.connect("https://localhost:8787", "clerk");
  c.choose({ year: 2018 });
  await act("插入报表", () => c.insert());
  await act("typing (3 values, checked)", async () => {
    await type("proactive.total.n", 300);
    await type("proactive.website.n", 298);
    await type("requests.accepted.n", 5);
  });
  await act("a 说明 typed", () =>
    c.explain("G8:requests.accepted.n", "含上年结转的申请,已核实无误。"),
  );
  await act("保存", () => c.saveTexts());
  await act("提交", () => c.submit());
  server.review("U1", "gov-2012", 2018, {
    action: "return",
    revision: 1,
    reason: "表一数字与受理台账不符",
    remarks: [{ cell: "requests.accepted.n", text: "受理数请说明来源" }],
  });
  await act("刷新状态, new remarks", () => c.refresh());
  await act("刷新状态, unchanged", () => c.refresh());
  excel = excel.reopen();
  ({ c, timer } = paneOn(excel));
  await act("open (reconnect, recognise, status)", () => c.start());
  const remark = c.session!.remarks()[0]!;
  await act("an answer typed", () => c.answer(remark.id, "含上年结转 5 件,已核对台账"));
  await act("typing (3 values, checked)", () => type("proactive.website.n", 297));
  await act("刷新状态, unchanged", () => c.refresh());
  await act("提交", () => c.submit());
  return out;
}

const versions = ["1.8", "1.12", "1.14", "1.18", "1.20"];
const days = [];
for (const v of versions) days.push(await undoDay(v));
console.log(
  "\nUndo-clearing calls per action (a clerk's day on gov-2012; 提交 and typing: summed over the day)\n",
);
console.log(`| action | ${versions.map((v) => `ExcelApi ${v}`).join(" | ")} |`);
console.log(`|---|${versions.map(() => "---").join("|")}|`);
for (const action of days[0]!.keys()) {
  console.log(`| ${action} | ${days.map((d) => d.get(action) ?? 0).join(" | ")} |`);
}
