/**
 * Where the signature block (shared/print/signature.ts) stands on a form sheet, from the row
 * given (one blank row under the last table). Two placements of the same entries:
 *
 * - `signatureText`, for read-only sheets (a rollup's 汇总, the add-in's review sheet): each
 *   caption and its value in one text cell, a blank value printed as a line (`审核人:_____`).
 * - `signatureFields`, for the checking workbook's form sheet: each caption in a locked cell and
 *   its value in a cell of its own, unlocked, text-formatted and underlined, so a clerk without
 *   the add-in types the names before printing (or signs on the line). A caption takes as few
 *   columns as it needs, its value the rest of its slot; a value too wide for what is left (a
 *   long unit name on a narrow sheet) goes on its own row under the caption.
 */
import type { Lang } from "../lang";
import { BLANK_LINE, type SignatureEntry } from "../print/signature";
import { textWidth } from "../layout/grid";
import type { WbCell } from "./types";

/** A cell of the block: 0-based row, first column and width in columns, and what it shows. */
export interface PlacedCell {
  row: number;
  col: number;
  colSpan: number;
  cell: Omit<WbCell, "address" | "merge">;
}

export interface PlacedBlock {
  cells: PlacedCell[];
  /** The last row of the block (0-based). */
  lastRow: number;
}

/** Narrowest line to sign on (Excel character units). */
const MIN_LINE = 10;

/** The fields after the unit line side by side: as many to a row as 3 columns each allow. */
function fieldSlots(colCount: number, fields: number): { perRow: number; span: number } {
  const perRow = Math.max(1, Math.min(fields, Math.floor(colCount / 3)));
  return { perRow, span: Math.max(1, Math.floor(colCount / perRow)) };
}

/** `单位负责人:____________`; in English a space after the colon (`Head of unit: …`). */
const joined = (lang: Lang, e: SignatureEntry) =>
  `${e.caption}${lang === "en" ? " " : ""}${e.value || BLANK_LINE}`;

/** Captions and values as one text cell each: the unit line across, then the fields. */
export function signatureText(
  lang: Lang,
  top: number,
  colCount: number,
  entries: SignatureEntry[],
): PlacedBlock {
  const [unit, ...fields] = entries;
  const style = { hAlign: "Left", vAlign: "Center" } as const;
  const cells: PlacedCell[] = [
    { row: top, col: 0, colSpan: colCount, cell: { value: joined(lang, unit!), ...style } },
  ];
  const { perRow, span } = fieldSlots(colCount, fields.length);
  fields.forEach((f, i) => {
    const slot = i % perRow;
    const col = slot * span;
    const last = slot === perRow - 1 || i === fields.length - 1;
    cells.push({
      row: top + 1 + Math.floor(i / perRow),
      col,
      colSpan: last ? colCount - col : span,
      cell: { value: joined(lang, f), ...style },
    });
  });
  return { cells, lastRow: cells[cells.length - 1]!.row };
}

/** One entry in columns c0..c1 from `row`: its caption and value cells, and the rows taken. */
function placeField(
  e: SignatureEntry,
  row: number,
  c0: number,
  c1: number,
  widths: readonly number[],
): { cells: PlacedCell[]; rows: number } {
  let end = c0;
  let room = widths[c0] ?? 0;
  while (room < textWidth(e.caption) + 1 && end < c1 - 1) room += widths[++end] ?? 0;
  let valueRoom = 0;
  for (let c = end + 1; c <= c1; c++) valueRoom += widths[c] ?? 0;
  const stacked = c0 === c1 || valueRoom < Math.max(MIN_LINE, textWidth(e.value) + 1);
  const value: PlacedCell["cell"] = {
    ...(e.value ? { value: e.value } : {}),
    numberFormat: "@", // typed text stays text: a phone's leading 0, a date as written
    hAlign: "Left",
    bottomBorder: true,
    unlocked: true,
  };
  const caption = (colSpan: number, hAlign: "Left" | "Right"): PlacedCell => ({
    row,
    col: c0,
    colSpan,
    cell: { value: e.caption, hAlign },
  });
  return stacked
    ? {
        cells: [
          caption(c1 - c0 + 1, "Left"),
          { row: row + 1, col: c0, colSpan: c1 - c0 + 1, cell: value },
        ],
        rows: 2,
      }
    : {
        cells: [
          caption(end - c0 + 1, "Right"),
          { row, col: end + 1, colSpan: c1 - end, cell: value },
        ],
        rows: 1,
      };
}

/** Captions and typeable values in cells of their own (`widths`: the sheet's columns). */
export function signatureFields(
  top: number,
  widths: readonly number[],
  entries: SignatureEntry[],
): PlacedBlock {
  const [unit, ...fields] = entries;
  const head = placeField(unit!, top, 0, widths.length - 1, widths);
  const cells = [...head.cells];
  const { perRow, span } = fieldSlots(widths.length, fields.length);
  let row = top + head.rows;
  for (let i = 0; i < fields.length; i += perRow) {
    const line = fields
      .slice(i, i + perRow)
      .map((f, slot) => placeField(f, row, slot * span, slot * span + span - 1, widths));
    for (const l of line) cells.push(...l.cells);
    row += Math.max(...line.map((l) => l.rows));
  }
  return { cells, lastRow: row - 1 };
}
