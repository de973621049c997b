/**
 * Render a sheet of the strict stand-in as an HTML table (string): merges, fills, borders, bold,
 * notes (red corner, text in a tooltip and listed below) and the selection. Used by the demo
 * page and the screenshots; free of Node and DOM APIs so a browser harness can reuse it.
 */
import { cellAddress } from "../src/host/a1";
import type { BorderModel, CellModel, SheetModel, WorkbookModel } from "./strict-excel";
import type { Recalculated } from "./strict-excel/recalc";

function esc(s: unknown): string {
  return String(s ?? "").replace(
    /[&<>"]/g,
    (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" })[c]!,
  );
}

function border(b: BorderModel | undefined): string {
  if (!b) return "1px solid #e0e0e0";
  const w = b.weight === "Medium" ? 2 : b.weight === "Thick" ? 3 : 1;
  return `${w}px solid ${b.color}`;
}

function shown(cell: CellModel, v: unknown): string {
  if (typeof v === "number" && cell.numberFormat.startsWith("0.00")) return v.toFixed(2);
  return esc(v);
}

export function renderSheet(
  sheet: SheetModel,
  opts: {
    maxRows?: number;
    maxCols?: number;
    selection?: string | null;
    /** Excel's recalculation: formula results and conditional-format fills (the marks). */
    calc?: Recalculated;
  } = {},
): string {
  const calc = opts.calc;
  let rows = 0;
  let cols = 0;
  for (const k of sheet.cells.keys()) {
    const [r, c] = k.split(":").map(Number) as [number, number];
    rows = Math.max(rows, r + 1);
    cols = Math.max(cols, c + 1);
  }
  rows = Math.min(rows, opts.maxRows ?? 200);
  cols = Math.min(cols + 1, opts.maxCols ?? 30);
  const covered = new Set<string>();
  const spans = new Map<string, { rs: number; cs: number }>();
  for (const m of sheet.merges) {
    spans.set(`${m.r0}:${m.c0}`, { rs: m.r1 - m.r0 + 1, cs: m.c1 - m.c0 + 1 });
    for (let r = m.r0; r <= m.r1; r++)
      for (let c = m.c0; c <= m.c1; c++) if (r !== m.r0 || c !== m.c0) covered.add(`${r}:${c}`);
  }
  const px = (c: number) => Math.round((sheet.columnWidths.get(c) ?? 48) * 1.33);
  const colHtml = Array.from({ length: cols }, (_, c) => `<col style="width:${px(c)}px">`).join("");
  // A set width makes the layout fixed: columns keep their widths whatever the text.
  let width = 32;
  for (let c = 0; c < cols; c++) width += px(c);
  const head = `<tr><th></th>${Array.from({ length: cols }, (_, c) => `<th>${cellAddress(0, c).replace(/\d+$/, "")}</th>`).join("")}</tr>`;
  const body: string[] = [];
  for (let r = 0; r < rows; r++) {
    const tds: string[] = [`<th>${r + 1}</th>`];
    for (let c = 0; c < cols; c++) {
      const k = `${r}:${c}`;
      if (covered.has(k)) continue;
      const cell = sheet.cells.get(k);
      const span = spans.get(k);
      const address = cellAddress(r, c);
      const note = sheet.notes.get(address);
      const comment = [...sheet.comments.values()].find((x) => x.address === address)?.content;
      const style: string[] = [];
      const value = cell && calc ? calc.value(sheet, r, c) : cell?.value;
      const fill = cell && calc ? calc.fill(sheet, r, c) : (cell?.fill ?? null);
      if (cell) {
        if (fill) style.push(`background:${fill}`);
        if (cell.bold) style.push("font-weight:600");
        if (cell.fontSize !== 11) style.push(`font-size:${cell.fontSize}px`);
        style.push(
          `text-align:${cell.hAlign === "General" ? (typeof value === "number" ? "right" : "left") : cell.hAlign.toLowerCase()}`,
        );
        if (cell.wrap) style.push("white-space:normal");
        else if (typeof value === "string" && value && !span) {
          // Like Excel: unwrapped text runs on over empty cells to its right.
          const next = sheet.cells.get(`${r}:${c + 1}`);
          if (!covered.has(`${r}:${c + 1}`) && (next?.value ?? "") === "")
            style.push("overflow:visible;z-index:1");
        }
        style.push(
          `border-top:${border(cell.borders.top)}`,
          `border-bottom:${border(cell.borders.bottom)}`,
        );
        style.push(
          `border-left:${border(cell.borders.left)}`,
          `border-right:${border(cell.borders.right)}`,
        );
        if (!cell.locked) style.push("--unlocked:1");
      }
      const cls = [note || comment ? "has-note" : "", opts.selection === address ? "selected" : ""]
        .filter(Boolean)
        .join(" ");
      const attrs = [
        span ? `rowspan="${span.rs}" colspan="${span.cs}"` : "",
        style.length ? `style="${style.join(";")}"` : "",
        cls ? `class="${cls}"` : "",
        note || comment ? `title="${esc(note ?? comment)}"` : "",
        `data-address="${address}"`,
      ].filter(Boolean);
      tds.push(`<td ${attrs.join(" ")}>${cell ? shown(cell, value) : ""}</td>`);
    }
    body.push(`<tr>${tds.join("")}</tr>`);
  }
  return `<table class="xl-grid" style="width:${width}px"><colgroup><col style="width:32px">${colHtml}</colgroup>${head}${body.join("")}</table>`;
}

/** The CSS the rendered grid expects. */
export const GRID_CSS = `
.xl-grid{border-collapse:collapse;font:12px "Microsoft YaHei UI","Segoe UI",sans-serif;table-layout:fixed;background:#fff}
.xl-grid th{background:#f3f3f3;color:#616161;font-weight:400;border:1px solid #d4d4d4;font-size:11px}
.xl-grid td{padding:1px 3px;height:18px;white-space:nowrap;overflow:hidden;position:relative;vertical-align:middle}
.xl-grid td.has-note::after{content:"";position:absolute;top:0;right:0;border-style:solid;border-width:0 7px 7px 0;border-color:transparent #d13438 transparent transparent}
.xl-grid td.selected{outline:2px solid #107c41;outline-offset:-2px}
`;

export function renderWorkbookTabs(wb: WorkbookModel): string {
  return wb.sheets
    .filter((s) => s.visibility === "Visible")
    .map((s) => `<span class="tab${s.id === wb.active ? " active" : ""}">${esc(s.name)}</span>`)
    .join("");
}
