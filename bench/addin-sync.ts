/**
 * Benchmark: Excel round trips (syncs) and write commands of the add-in, counted by the strict
 * stand-in (addin/testing/strict-excel) on each ExcelApi set the add-in treats differently.
 *
 *   npm run bench:addin-sync
 *
 * Prints a markdown table for docs/PERFORMANCE.md. Targets (issue 10): a debounced edit run
 * makes 1 read sync and 0 writes; inserting the form makes ≤ 2 syncs. Time on the stand-in is
 * not Excel's and is not reported; syncs are what cost in Excel (each one a round trip, on the
 * web over the network).
 */
import { derivedCells } from "../shared/engine";
import { getForm } from "../shared/forms/catalogue";
import type { Timer } from "../addin/src/common/debounce";
import { OfficeExcelHost } from "../addin/src/host/excel-host";
import { FormSession } from "../addin/src/session/session";
import { StrictExcel } from "../addin/testing/strict-excel";

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
  // A burst of 10 edits, the last a wrong total (so the run finds issues), then the debounced run.
  const total = [...derivedCells(form)][0]!;
  const ids = [
    ...Object.keys(s.layout.inputs)
      .filter((id) => id !== total)
      .slice(0, 9),
    total,
  ];
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
for (const api of ["1.8", "1.12", "1.14", "1.18"]) rows.push(await measure(api));
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
