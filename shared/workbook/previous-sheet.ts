/**
 * The hidden, protected 上年 sheet: the workbook's identity (`XXGK_META`, key/value rows a parser
 * reads) and last year's value of every cell of this form, which the cross-year rules read.
 * A last-year value is written only where the engine would use it (a valid number for the
 * cell's kind, numeric text included); anything else stays blank, and a rule reading a blank
 * cell judges nothing, as the engine skips an instance whose last-year value is missing. Beside
 * each value, a flag formula (1 where this year's value differs from it) lets a rule over whole
 * tables (`unchanged`) read one range instead of a formula per cell.
 */
import { acceptedValue } from "../engine/values";
import type { Form } from "../forms/model";
import type { Lang } from "../layout/types";
import { a1 } from "../layout/grid";
import { text } from "./text";
import type { WbCell, WbMeta, WbRef, WbSheet } from "./types";

const META_FIRST = 1;

export interface PreviousSheet {
  sheet: WbSheet;
  /** The `XXGK_META` range. */
  meta: string;
  cells: Record<string, WbRef>;
  /** Each cell's differs flag (column D). */
  differs: Record<string, WbRef>;
}

/** The flag: this year's value (text and blank count 0, as the engine) differs from last year's. */
function differsFormula(current: string, previous: string): string {
  return `=IF(ROUND(SUM(${current}),4)=ROUND(SUM(${previous}),4),0,1)`;
}

/** The value the engine reads for a cell from last year's report, or undefined (not compared). */
export function previousValue(
  form: Form,
  previous: Record<string, unknown> | null | undefined,
  id: string,
): number | undefined {
  if (!previous) return undefined;
  return acceptedValue(form.cellById.get(id)?.kind ?? "count", previous[id]);
}

function metaRows(meta: WbMeta): [string, string | number | null][] {
  return [
    ["form", meta.formId],
    ["year", meta.year],
    ["layout_version", meta.version],
    ["lang", meta.lang],
    ["unit_name", meta.unitName],
    ["unit_code", meta.unitCode],
    ["revision", meta.revision],
    ["file", meta.file],
  ];
}

export function previousSheet(
  name: string,
  form: Form,
  meta: WbMeta,
  previous: Record<string, unknown> | null | undefined,
  lang: Lang,
  /** A reference to this year's value of a cell (the form sheet's input). */
  current: (id: string) => string,
): PreviousSheet {
  const t = text(lang);
  const cells: WbCell[] = [{ address: "A1", value: t.previousTitle, bold: true }];
  const rows = metaRows(meta);
  rows.forEach(([key, value], i) => {
    const r = META_FIRST + i;
    cells.push({ address: a1(r, 0), value: key });
    if (value !== null) cells.push({ address: a1(r, 1), value });
    cells.push({ address: a1(r, 2), value: t.meta[i]! });
  });
  const header = META_FIRST + rows.length + 1;
  t.previousHeaders.forEach((h, col) =>
    cells.push({ address: a1(header, col), value: h, bold: true }),
  );
  const refs: Record<string, WbRef> = {};
  const differs: Record<string, WbRef> = {};
  form.cells.forEach((c, i) => {
    const r = header + 1 + i;
    cells.push({ address: a1(r, 0), value: c.id });
    const v = previousValue(form, previous, c.id);
    const address = a1(r, 1);
    cells.push({ address, ...(v !== undefined ? { value: v } : {}) });
    cells.push({ address: a1(r, 2), value: c.label[lang] });
    const flag = a1(r, 3);
    cells.push({
      address: flag,
      formula: differsFormula(current(c.id), `$${address.replace(/(\d+)$/, "$$$1")}`),
    });
    refs[c.id] = { sheet: name, address };
    differs[c.id] = { sheet: name, address: flag };
  });
  return {
    sheet: {
      name,
      role: "previous",
      visibility: "hidden",
      protected: true,
      columnWidths: [34, 14, 40, 8],
      hiddenColumns: [],
      cells,
      validations: [],
    },
    meta: `A${META_FIRST + 1}:B${META_FIRST + rows.length}`,
    cells: refs,
    differs,
  };
}
