/**
 * `npx tsx addin/scripts/live-smoke.ts [origin]`: drive the pane controller, on the strict Excel
 * stand-in, against a running Worker (`npm start`; tokens from .dev/credentials.json): connect,
 * insert, fill, check, submit, retry after a dropped answer, pull the supervisor's rollup, and
 * the workflow (return with a remark, resubmit, accept, locked, reopen) when the server has it.
 */
import { readFileSync } from "node:fs";
import { DevCredentialsSchema } from "../../shared/api/schemas";
import type { ConnectionStore, FetchLike } from "../src/common/api-client";
import { OfficeExcelHost } from "../src/host/excel-host";
import { StrictExcel } from "../testing/strict-excel";
import { PaneController } from "../src/pane/controller";
import { ROLLUP_SHEETS } from "../src/sheets/rollup";

const origin = process.argv[2] ?? "http://localhost:8787";
const creds = DevCredentialsSchema.parse(JSON.parse(readFileSync(".dev/credentials.json", "utf8")));
const clerk = creds.units.find((u) => u.role === "clerk")!;
const supervisor = creds.units.find((u) => u.role === "supervisor")!;
const memory = (): ConnectionStore => {
  let v: ReturnType<ConnectionStore["load"]> = null;
  return { load: () => v, save: (c) => void (v = c), clear: () => void (v = null) };
};
let dropNextAnswer = false;
const fetcher: FetchLike = async (url, init) => {
  const res = await fetch(url, init);
  if (dropNextAnswer && init.method === "PUT") {
    dropNextAnswer = false;
    throw new TypeError("answer lost (simulated)");
  }
  return res;
};
function check(ok: boolean, what: string): void {
  console.log(`${ok ? "ok  " : "FAIL"} ${what}`);
  if (!ok) process.exitCode = 1;
}

const excel = new StrictExcel();
let n = 0;
const pane = new PaneController({
  host: new OfficeExcelHost(excel),
  store: memory(),
  fetcher,
  lang: "zh",
  uuid: () => `live-${Date.now()}-${++n}`,
  now: () => new Date(),
  defaultServer: origin,
});
check(await pane.connect(origin, clerk.token), `connect as ${clerk.name}: ${pane.me?.role}`);
pane.choose({ formId: "gov-2021", year: 2024 });
await pane.insert();
const s = pane.session!;
check(!!s, `inserted ${s?.sheetName}`);
const at = (id: string) => s.layout.inputs[id]!.address;
await excel.userEdit(s.sheetName, at("requests.new.natural"), 5);
await excel.userEdit(s.sheetName, at("requests.granted.natural"), 4);
await excel.userEdit(s.sheetName, at("requests.carried_out.natural"), 1);
await s.pass();
check(
  s.issues.some((i) => i.severity === "error"),
  `errors before totals: ${s.issues.length}`,
);
await pane.fillTotals();
check(s.issues.filter((i) => i.severity === "error").length === 0, "no errors after 自动计算合计");
dropNextAnswer = true;
const failed = await pane.submit();
check(failed?.kind === "network", `dropped answer → ${failed?.kind}`);
const retried = await pane.submit();
check(retried?.kind === "submitted", `retry → ${JSON.stringify(retried)}`);
const same = await pane.submit();
check(
  same?.kind === "submitted" && same.revision === (retried as { revision: number }).revision,
  "unchanged → no new revision",
);
await excel.userEdit(s.sheetName, at("proactive.rules.issued"), 1);
const again = await pane.submit();
check(
  again?.kind === "submitted" && again.revision === (retried as { revision: number }).revision + 1,
  `changed → revision ${(again as { revision?: number }).revision}`,
);

const sup = new PaneController({
  host: new OfficeExcelHost(excel),
  store: memory(),
  lang: "zh",
  uuid: () => `sup-${++n}`,
  now: () => new Date(),
  defaultServer: origin,
});
check(
  await sup.connect(origin, supervisor.token),
  `connect as ${supervisor.name}: ${sup.me?.role}`,
);
sup.choose({ formId: "gov-2021", year: 2024 });
await sup.pullRollup();
check(
  excel.workbook.sheets.some((x) => x.name === ROLLUP_SHEETS.status),
  `rollup: ${sup.notice?.text}`,
);

// The reporting workflow (docs/WORKFLOW.md): return with a remark, the clerk sees it in blue and
// changes the cell, accept, the locked 409, reopen. Skipped when the server predates it.
sup.choose({ reviewUnit: pane.me!.unit.code });
await sup.loadReview();
const review = sup.review;
if (!review || !Array.isArray(review.report.remarks)) {
  console.log("skip workflow: the server has no report statuses yet");
} else {
  const cell = "requests.new.natural";
  excel.userSelect(review.sheet, review.layout.inputs[cell]!.address);
  check(await sup.pinRemark("与受理台账不一致,请核对"), "remark pinned to the selected cell");
  check(!(await sup.reviewAction("return", "")), "return without a reason refused");
  check(await sup.reviewAction("return", "表三与台账不符"), `returned: ${sup.notice?.text}`);
  await pane.refresh();
  check(pane.reportStatus() === "returned", `clerk sees: ${pane.workflowText()}`);
  check(excel.cell(s.sheetName, at(cell)).fill === "#BDD7EE", "the remark's cell is blue");
  await excel.userEdit(s.sheetName, at(cell), 6);
  await excel.userEdit(s.sheetName, at("requests.carried_out.natural"), 2); // still adds up
  await pane.refresh(); // the server's remarks did not change: the blue stays, nothing written
  check(excel.cell(s.sheetName, at(cell)).fill === "#BDD7EE", "刷新状态 keeps the mark");
  const resubmitted = await pane.submit();
  check(
    resubmitted?.kind === "submitted",
    `resubmitted: ${pane.workflowText()} (${pane.statusText()})`,
  );
  check(
    excel.cell(s.sheetName, at(cell)).fill !== "#BDD7EE",
    "the changed cell's mark goes at 提交",
  );
  await sup.loadReview();
  check(await sup.reviewAction("accept"), `accepted: ${sup.notice?.text}`);
  await excel.userEdit(s.sheetName, at("proactive.rules.issued"), 2);
  const locked = await pane.submit();
  check(locked?.kind === "locked", `locked: ${pane.statusText()}`);
  check(await sup.reviewAction("reopen", "发现上报口径错误"), `reopened: ${sup.notice?.text}`);
}
