/**
 * Demo page (not shipped): the task pane beside the strict stand-in's workbook drawn as a grid.
 * `?scenario=errors` inserts gov-2021 for 2024 and types figures that break a few rules;
 * `?scenario=remark` does the same for a report a supervisor returned with remarks.
 */
import { excel } from "./setup";
import { TYPED } from "./values";
import { boot } from "../src/pane/main";
import { GRID_CSS, renderSheet, renderWorkbookTabs } from "../testing/render-grid";

const style = document.createElement("style");
style.textContent = GRID_CSS;
document.head.appendChild(style);

if (new URLSearchParams(location.search).get("view") === "pane")
  document.body.classList.add("pane-only");
const grid = document.getElementById("grid")!;
const tabs = document.getElementById("tabs")!;
let last = "";
function draw(): void {
  const wb = excel.workbook;
  const shown = new URLSearchParams(location.search).get("sheet");
  const sheet =
    (shown && wb.sheets.find((s) => s.name === shown)) ||
    wb.sheets.find((s) => s.id === wb.active) ||
    wb.sheets[0]!;
  const html =
    renderWorkbookTabs(wb) +
    renderSheet(sheet, {
      maxRows: 60,
      maxCols: 20,
      selection: wb.selection?.sheet === sheet.name ? wb.selection.address : null,
      calc: excel.recalculated(),
    });
  if (html !== last) {
    last = html;
    tabs.innerHTML = renderWorkbookTabs(wb);
    grid.innerHTML = renderSheet(sheet, {
      maxRows: 60,
      maxCols: 20,
      selection: wb.selection?.sheet === sheet.name ? wb.selection.address : null,
      calc: excel.recalculated(),
    });
  }
}
setInterval(draw, 200);

async function scenario(): Promise<void> {
  const pane = await boot(document.getElementById("app")!, { injected: excel });
  if (!pane) return;
  const params = new URLSearchParams(location.search);
  const scenarioName = params.get("scenario");
  if (scenarioName === "review") {
    pane.choose({ year: 2024, formId: "gov-2021" });
    await pane.pullRollup();
    await pane.loadReview("A01");
    const r = pane.review!;
    const [w] = pane.reviewWarnings();
    if (w) pane.decide(w.issue.key, "rejected", "请写明补正申请的件数和日期");
    excel.userSelect(r.sheet, r.layout.inputs["requests.granted.natural"]!.address);
    await pane.pinRemark("与受理台账不一致,请核对");
    draw();
    return;
  }
  if (scenarioName !== "errors" && scenarioName !== "remark") return;
  pane.choose({ year: 2024, formId: "gov-2021" });
  await pane.insert();
  const s = pane.session!;
  const at = (id: string) => s.layout.inputs[id]!.address;
  const typed: Record<string, unknown> = TYPED;
  for (const [id, v] of Object.entries(typed)) await excel.userEdit(s.sheetName, at(id), v);
  await s.pass();
  // 刷新状态 with the returned figures in the sheet: the open remarks are painted (an explicit write).
  if (scenarioName === "remark") await pane.refresh();
  if (scenarioName === "remark") await s.selectCell("requests.granted.natural");
  else await pane.selectIssue(s.issues[0]!);
  draw();
}
void scenario();
