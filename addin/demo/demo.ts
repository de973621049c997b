/**
 * Demo page (not shipped): the task pane beside the strict stand-in's workbook drawn as a grid.
 * `?scenario=errors` inserts gov-2021 for 2024 and types figures that break a few rules.
 */
import { excel } from "./setup";
import { boot } from "../src/pane/main";
import { GRID_CSS, renderSheet, renderWorkbookTabs } from "../src/host/render-grid";

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
  const sheet = wb.sheets.find((s) => s.id === wb.active) ?? wb.sheets[0]!;
  const html =
    renderWorkbookTabs(wb) +
    renderSheet(sheet, {
      maxRows: 60,
      maxCols: 20,
      selection: wb.selection?.sheet === sheet.name ? wb.selection.address : null,
    });
  if (html !== last) {
    last = html;
    tabs.innerHTML = renderWorkbookTabs(wb);
    grid.innerHTML = renderSheet(sheet, {
      maxRows: 60,
      maxCols: 20,
      selection: wb.selection?.sheet === sheet.name ? wb.selection.address : null,
    });
  }
}
setInterval(draw, 200);

async function scenario(): Promise<void> {
  const pane = await boot(document.getElementById("app")!);
  const params = new URLSearchParams(location.search);
  if (params.get("scenario") !== "errors") return;
  pane.year = 2024;
  pane.formId = "gov-2021";
  await pane.insert();
  const s = pane.session!;
  const at = (id: string) => s.layout.inputs[id]!.address;
  const typed: Record<string, unknown> = {
    "proactive.rules.issued": 2,
    "proactive.rules.repealed": 1,
    "proactive.rules.in_force": 13,
    "requests.new.natural": 20,
    "requests.carried_in.natural": 2,
    "requests.granted.natural": 12,
    "requests.partial.natural": 3,
    "requests.denied_state_secret.natural": 1,
    "requests.handled_total.natural": 21,
    "requests.carried_out.natural": 1,
    "requests.new.total": 20,
    "requests.carried_in.total": 2,
    "requests.granted.total": 12,
    "requests.partial.total": 3,
    "requests.denied_state_secret.total": 1,
    "requests.handled_total.total": 21,
    "requests.carried_out.total": 1,
  };
  for (const [id, v] of Object.entries(typed)) await excel.userEdit(s.sheetName, at(id), v);
  await s.pass();
  await pane.selectIssue(s.issues[0]!);
  draw();
}
void scenario();
