/**
 * Drawing a sheet through the Excel API subset of xl.ts (part of the Office.js host, used only by
 * excel-host.ts): cells, blocks of values, validation, print setup, and the request sizes that
 * keep a draw under Excel on the web's payload limit. Queues commands; never syncs.
 */
import { cmToPoints, titleRowsRef, type PrintSetup } from "../../../shared/print/setup";
import { boxAddress, parseBox, type Box } from "./a1";
import { SHARED_FORMATS, TEXT, type DrawBlock, type DrawCell, type SheetDraw } from "./sheet-draw";
import type { Capabilities } from "./types";
import type { XlApi, XlBorderIndex, XlPageLayout, XlRange, XlWorksheet } from "./xl";

/**
 * Excel takes a string written to `values` as typed: "=…", "+…", "-…" become formulas (a unit
 * named `=cmd|' /C calc'!A0` would be a live DDE formula), "007" becomes 7 and "2025-01-31" a
 * date. A cell formatted as text (`TEXT`) first keeps the string as it is.
 */
export function writeText(range: XlRange, text: string): void {
  range.numberFormat = [[TEXT]];
  range.values = [[text]];
}

const EDGES: XlBorderIndex[] = ["EdgeTop", "EdgeBottom", "EdgeLeft", "EdgeRight"];

export function outline(
  range: XlRange,
  color: string,
  weight: "Thin" | "Medium",
  edges: readonly XlBorderIndex[] = EDGES,
): void {
  for (const e of edges) {
    const b = range.format.borders.getItem(e);
    b.style = "Continuous";
    b.color = color;
    b.weight = weight;
  }
}

export function topLeft(address: string): string {
  return address.split(":")[0]!;
}

/** Queue the drawing of one cell (no sync). */
function drawCell(ws: XlWorksheet, c: DrawCell, caps: Capabilities): void {
  const range = ws.getRange(c.address);
  if (c.merge) range.merge(false);
  const first = c.merge ? ws.getRange(topLeft(c.address)) : range;
  const format = c.numberFormat ?? (typeof c.value === "string" ? TEXT : undefined);
  if (format) first.numberFormat = [[format]];
  if (c.value !== undefined) first.values = [[c.value]];
  // A formula of the model (status line, messages, verdicts): `formulas` says it is one.
  else if (c.formula !== undefined) first.formulas = [[c.formula]];
  const f = range.format;
  if (c.bold) f.font.bold = true;
  if (c.fontColor) f.font.color = c.fontColor;
  if (c.fontSize) f.font.size = c.fontSize;
  if (c.fill) f.fill.color = c.fill;
  if (c.hAlign) f.horizontalAlignment = c.hAlign;
  if (c.vAlign) f.verticalAlignment = c.vAlign;
  if (c.wrap) f.wrapText = true;
  if (c.indent && caps.pageLayout) f.indentLevel = c.indent; // indentLevel: ExcelApi 1.9
  if (c.border) outline(range, "#000000", "Thin");
  else if (c.bottomBorder) outline(range, "#000000", "Thin", ["EdgeBottom"]);
  if (c.unlocked) f.protection.locked = false;
}

/** Bytes Office.js sends per queued action (object path, method, arguments): a generous guess. */
const ACTION_BYTES = 160;

/** Rough request size of drawing some cells (what Excel on the web counts against 5 MB). */
export function drawPayload(cells: DrawCell[]): number {
  let n = 0;
  for (const c of cells) {
    let actions = 2;
    for (const k of ["merge", "value", "formula", "numberFormat", ...SHARED_FORMATS] as const) {
      if (c[k] !== undefined) actions++;
    }
    if (c.border) actions += 12;
    else if (c.bottomBorder) actions += 3;
    n += actions * ACTION_BYTES + JSON.stringify(c.value ?? c.formula ?? "").length;
  }
  return n;
}

/** Queue the writing of a block of values (no sync). */
function drawBlock(ws: XlWorksheet, b: DrawBlock): void {
  const origin = parseBox(b.address);
  const cols = b.values[0]?.length ?? 0;
  if (!origin || cols === 0) return;
  const box = {
    r0: origin.r0,
    c0: origin.c0,
    r1: origin.r0 + b.values.length - 1,
    c1: origin.c0 + cols - 1,
  };
  const range = ws.getRange(boxAddress(box));
  // Formats first: text cells formatted as text before their values (null leaves a format be).
  range.numberFormat = b.formats;
  range.values = b.values;
}

/** A thin black border around and inside a rectangle: every cell of it bordered. */
function grid(range: XlRange, box: Box): void {
  const inside: XlBorderIndex[] = [...EDGES];
  if (box.r1 > box.r0) inside.push("InsideHorizontal");
  if (box.c1 > box.c0) inside.push("InsideVertical");
  outline(range, "#000000", "Thin", inside);
}

/** A piece of drawing that goes into one request: a cell, or a slice of a block. */
export type Piece = { cell: DrawCell } | { block: DrawBlock };

export function drawPiece(ws: XlWorksheet, p: Piece, caps: Capabilities): void {
  if ("cell" in p) drawCell(ws, p.cell, caps);
  else drawBlock(ws, p.block);
}

export function piecePayload(p: Piece): number {
  return "cell" in p
    ? drawPayload([p.cell])
    : // values, and as long again for the text formats that go with them
      2 * JSON.stringify(p.block.values).length + 20 * ACTION_BYTES;
}

/** Every piece of a draw, blocks sliced into row runs small enough for a request. */
export function pieces(draw: SheetDraw, limit: number): Piece[] {
  const out: Piece[] = draw.cells.map((cell) => ({ cell }));
  for (const b of draw.blocks) {
    const origin = parseBox(b.address);
    if (!origin) continue;
    const rowSize = (i: number) =>
      JSON.stringify(b.values[i]).length + JSON.stringify(b.formats[i]).length;
    let start = 0;
    while (start < b.values.length) {
      let end = start;
      let size = 20 * ACTION_BYTES;
      while (end < b.values.length && (end === start || size + rowSize(end) < limit / 2)) {
        size += rowSize(end);
        end++;
      }
      out.push({
        block: {
          address: boxAddress({
            r0: origin.r0 + start,
            c0: origin.c0,
            r1: origin.r0 + start,
            c1: origin.c0,
          }),
          values: b.values.slice(start, end),
          formats: b.formats.slice(start, end),
        },
      });
      start = end;
    }
  }
  return out;
}

/** Split pieces into requests whose payload stays under a limit (one when it all fits). */
export function chunkPieces(list: Piece[], limit: number): Piece[][] {
  const out: Piece[][] = [[]];
  let size = 0;
  for (const p of list) {
    const s = piecePayload(p);
    if (size + s > limit && out[out.length - 1]!.length > 0) {
      out.push([]);
      size = 0;
    }
    out[out.length - 1]!.push(p);
    size += s;
  }
  return out;
}

export function drawSheet(
  ws: XlWorksheet,
  draw: SheetDraw,
  caps: Capabilities,
  list?: Piece[],
): void {
  draw.columnWidths.forEach((w, i) => {
    ws.getRange(boxAddress({ r0: 0, c0: i, r1: 0, c1: i })).format.columnWidth = w;
  });
  if (list) for (const p of list) drawPiece(ws, p, caps);
  else {
    for (const c of draw.cells) drawCell(ws, c, caps);
    for (const b of draw.blocks) drawBlock(ws, b);
  }
  for (const address of draw.grids) {
    const box = parseBox(address);
    if (box) grid(ws.getRange(address), box);
  }
  for (const v of draw.validations) {
    const range = ws.getRange(v.address);
    range.dataValidation.clear();
    range.dataValidation.rule = v.rule;
    range.dataValidation.errorAlert = {
      title: v.alert.title,
      message: v.alert.message,
      showAlert: true,
      style: "Stop",
    };
  }
  if (caps.pageLayout && draw.print) applyPrint(ws.pageLayout, draw.print);
}

/** The shared print setup (shared/print) in Office.js terms: margins in points. */
function applyPrint(pl: XlPageLayout, p: PrintSetup): void {
  pl.paperSize = "A4";
  pl.orientation = p.orientation === "landscape" ? "Landscape" : "Portrait";
  pl.centerHorizontally = p.centerHorizontally;
  pl.zoom = { horizontalFitToPages: p.fitToWidth };
  pl.leftMargin = cmToPoints(p.margins.left);
  pl.rightMargin = cmToPoints(p.margins.right);
  pl.topMargin = cmToPoints(p.margins.top);
  pl.bottomMargin = cmToPoints(p.margins.bottom);
  pl.headerMargin = cmToPoints(p.margins.header);
  pl.footerMargin = cmToPoints(p.margins.footer);
  const hf = pl.headersFooters.defaultForAllPages;
  hf.leftHeader = p.header.left;
  hf.centerHeader = p.header.center;
  hf.rightHeader = p.header.right;
  hf.leftFooter = p.footer.left;
  hf.centerFooter = p.footer.center;
  hf.rightFooter = p.footer.right;
  pl.setPrintArea(p.area);
  if (p.titleRows) pl.setPrintTitleRows(titleRowsRef(p.titleRows));
}

/** The values of a range of a sheet (null: no such sheet), in 1 sync. */
export function readValues(xl: XlApi, sheet: string, range: string): Promise<unknown[][] | null> {
  return xl.run(async (ctx) => {
    const ws = ctx.workbook.worksheets.getItemOrNullObject(sheet).load("isNullObject");
    const r = ws.getRange(range).load("values");
    await ctx.sync();
    return ws.isNullObject ? null : r.values;
  });
}
