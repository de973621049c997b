/**
 * A sheet of the strict stand-in saved as Excel would save it: its cells (values, formats, fills,
 * borders, merges), column widths and page layout, in the shared workbook model, for the shared
 * xlsx writer. The print tests hand the result to LibreOffice: what the add-in drew through the
 * host, printed by a real program. Values only (formulas are left out: nothing recalculates).
 */
import { cmToPoints, MARGINS_CM, type PrintSetup } from "../../shared/print/setup";
import type { WbCell, WbSheet } from "../../shared/workbook/types";
import { boxAddress, cellAddress } from "../src/host/a1";
import { pointsToChars } from "../src/host/sheet-draw";
import type { CellModel, SheetModel } from "./strict-excel";

const ALIGN = new Set(["Left", "Center", "Right"]);

function savedCell(address: string, c: CellModel): WbCell {
  const plain = c.formula === undefined && c.value !== "";
  return {
    address,
    ...(plain ? { value: c.value as string | number | boolean } : {}),
    ...(c.numberFormat !== "General" && c.numberFormat !== "@"
      ? { numberFormat: c.numberFormat }
      : {}),
    ...(c.bold ? { bold: true } : {}),
    ...(c.fontSize !== 11 ? { fontSize: c.fontSize } : {}),
    ...(c.fill ? { fill: c.fill } : {}),
    ...(ALIGN.has(c.hAlign) ? { hAlign: c.hAlign as WbCell["hAlign"] } : {}),
    ...(c.vAlign === "Center" || c.vAlign === "Top" ? { vAlign: c.vAlign } : {}),
    ...(c.wrap ? { wrap: true } : {}),
    ...(c.indent ? { indent: c.indent } : {}),
    ...borderOf(c),
  };
}

/** A bottom edge alone is a line to sign on; any other border is saved as the whole outline. */
function borderOf(c: CellModel): Pick<WbCell, "border" | "bottomBorder"> {
  const edges = Object.keys(c.borders);
  if (edges.length === 0) return {};
  return edges.length === 1 && c.borders.bottom ? { bottomBorder: true } : { border: true };
}

const points = (v: unknown, cm: number) => (typeof v === "number" ? v : cmToPoints(cm));

/** The page layout the add-in set, as the shared print setup (a missing member: Excel's own). */
function savedPrint(p: Record<string, unknown>): PrintSetup | undefined {
  if (!p.printArea) return undefined;
  if (p.paperSize !== "A4") throw new Error(`paper ${String(p.paperSize)} is not A4`);
  const rows = /^(\d+):(\d+)$/.exec(String(p.printTitleRows ?? ""));
  const zoom = p.zoom as { horizontalFitToPages?: number } | undefined;
  if (zoom?.horizontalFitToPages !== 1) throw new Error("not fitted to one page wide");
  const text = (k: string) => String(p[k] ?? "");
  const cm = (k: keyof typeof MARGINS_CM) => (points(p[`${k}Margin`], MARGINS_CM[k]) / 72) * 2.54;
  return {
    paperSize: "A4",
    orientation: p.orientation === "Landscape" ? "landscape" : "portrait",
    area: String(p.printArea),
    titleRows: rows ? { first: Number(rows[1]), last: Number(rows[2]) } : null,
    fitToWidth: 1,
    fitToHeight: 0,
    centerHorizontally: true,
    margins: {
      left: cm("left"),
      right: cm("right"),
      top: cm("top"),
      bottom: cm("bottom"),
      header: cm("header"),
      footer: cm("footer"),
    },
    header: { left: text("leftHeader"), center: text("centerHeader"), right: text("rightHeader") },
    footer: { left: text("leftFooter"), center: text("centerFooter"), right: text("rightFooter") },
  };
}

export function savedSheet(s: SheetModel): WbSheet {
  const mergeAt = new Map(s.merges.map((b) => [`${b.r0}:${b.c0}`, b]));
  const inMerge = (r: number, c: number) =>
    s.merges.some((b) => r >= b.r0 && r <= b.r1 && c >= b.c0 && c <= b.c1);
  const cells: WbCell[] = [];
  for (const [k, c] of s.cells) {
    const [r, col] = k.split(":").map(Number) as [number, number];
    const merge = mergeAt.get(k);
    if (merge) cells.push({ ...savedCell(boxAddress(merge), c), merge: true });
    else if (!inMerge(r, col)) cells.push(savedCell(cellAddress(r, col), c));
  }
  const widths = Math.max(0, ...s.columnWidths.keys()) + 1;
  const print = savedPrint(s.pageLayout);
  return {
    name: s.name,
    role: "form",
    visibility: "visible",
    protected: false,
    columnWidths: Array.from({ length: widths }, (_, i) =>
      pointsToChars(s.columnWidths.get(i) ?? 64),
    ),
    hiddenColumns: [],
    cells,
    validations: [],
    ...(print ? { print } : {}),
  };
}
