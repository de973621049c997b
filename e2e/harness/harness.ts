/**
 * The browser tests' host page: the strict Excel stand-in (the one the add-in's unit tests use)
 * is installed as `window.xxgkExcel` before the real task pane bundle boots, and its workbook is
 * drawn as an HTML grid (fills, borders, notes), so a screenshot shows what a clerk would see.
 * Unlike addin/demo, nothing is faked: the pane talks to the real Worker on this origin.
 */
import { parseBox } from "../../addin/src/host/a1";
import { StrictExcel } from "../../addin/testing/strict-excel";
import { GRID_CSS, renderSheet, renderWorkbookTabs } from "../../addin/testing/render-grid";
import type { HarnessApi, HarnessCell, HarnessWindow } from "./api";

// `?excelApi=1.7` stands in for an older Excel (the pane must say it is too old).
const excelApi = new URLSearchParams(location.search).get("excelApi");
const excel = new StrictExcel(excelApi ? { excelApi } : {});
// The pane's harness entry (addin/testing/pane-entry.ts) boots the pane on it.
(window as unknown as { xxgkExcel?: StrictExcel }).xxgkExcel = excel;

const style = document.createElement("style");
style.textContent = `${GRID_CSS}\n.xl-grid{font-family:"Noto Sans CJK SC","Microsoft YaHei UI",sans-serif}`;
document.head.appendChild(style);

let shown: string | null = null;
let last = "";

function displayed() {
  const wb = excel.workbook;
  return (
    (shown ? excel.findSheet(shown) : undefined) ??
    wb.sheets.find((s) => s.id === wb.active) ??
    wb.sheets[0]!
  );
}

function noteMap(name: string): Record<string, string> {
  const s = excel.sheet(name);
  const out: Record<string, string> = {};
  for (const [address, text] of s.notes) out[address] = text;
  for (const c of s.comments.values()) out[c.address] = c.content;
  return out;
}

function esc(s: string): string {
  return s.replace(
    /[&<>"]/g,
    (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" })[c]!,
  );
}

function redraw(): void {
  const wb = excel.workbook;
  const sheet = displayed();
  const selection = wb.selection?.sheet === sheet.name ? wb.selection.address : null;
  // What Excel shows: formulas' results and the conditional formats' fills (the marks).
  const calc = excel.recalculated();
  const notes = Object.entries(noteMap(sheet.name))
    .map(([address, text]) => {
      const b = parseBox(address)!;
      const fill = calc.fill(sheet, b.r0, b.c0)?.toUpperCase();
      const kind = fill === "#FFEB9C" ? "warning" : fill === "#BDD7EE" ? "remark" : "error";
      return `<li class="${kind}" data-address="${address}"><b>${address}</b> ${esc(text)}</li>`;
    })
    .join("");
  const tabs = renderWorkbookTabs({ ...wb, active: sheet.id });
  const grid = renderSheet(sheet, { maxRows: 120, maxCols: 24, selection, calc });
  const html = tabs + notes + grid;
  if (html === last) return;
  last = html;
  document.getElementById("tabs")!.innerHTML = tabs;
  document.getElementById("notes")!.innerHTML = notes;
  const el = document.getElementById("grid")!;
  el.innerHTML = grid;
  el.dataset.sheet = sheet.name;
  if (selection) {
    const at = el.querySelector(`td[data-address="${selection.split(":")[0]}"]`);
    at?.scrollIntoView({ block: "nearest", inline: "nearest" });
  }
}
setInterval(redraw, 100);

const api: HarnessApi = {
  type: (sheet, address, value) => excel.userEdit(sheet, address, value),
  select(sheet, address) {
    excel.userSelect(sheet, address);
    shown = null;
    redraw();
  },
  cell(sheet, address): HarnessCell {
    const c = excel.cell(sheet, address);
    const b = parseBox(address)!;
    const calc = excel.recalculated();
    const s = excel.sheet(sheet);
    return {
      value: calc.value(s, b.r0, b.c0),
      fill: calc.fill(s, b.r0, b.c0),
      note: noteMap(sheet)[address] ?? null,
      locked: c.locked,
    };
  },
  sheets: () => excel.workbook.sheets.map((s) => s.name),
  show(sheet) {
    shown = sheet;
    redraw();
  },
  redraw,
  notes: noteMap,
  table(sheet, headerRow) {
    const s = excel.sheet(sheet);
    let cols = 0;
    for (const k of s.cells.keys()) cols = Math.max(cols, Number(k.split(":")[1]) + 1);
    const at = (r: number, c: number) => s.cells.get(`${r}:${c}`)?.value ?? "";
    const headers = Array.from({ length: cols }, (_, c) => String(at(headerRow - 1, c)));
    const rows: unknown[][] = [];
    for (let r = headerRow; ; r++) {
      const row = Array.from({ length: cols }, (_, c) => at(r, c));
      if (row.every((v) => v === "" || v === null)) break;
      rows.push(row);
    }
    return { headers, rows };
  },
};
(window as unknown as HarnessWindow).harness = api;
