/**
 * The signature block printed under the last table of every form sheet (the unit's own form, a
 * rollup's 汇总): the unit that stamps it, then the people who sign and the date it is sent. One
 * definition for every form: the block is not part of any table, so form definitions stay tables.
 */
import type { Lang } from "../lang";

interface Field {
  key: "head" | "reviewer" | "preparer" | "phone" | "date";
  label: Record<Lang, string>;
}

/** The fields after the unit line, in print order. */
export const SIGNATURE_FIELDS: readonly Field[] = [
  { key: "head", label: { zh: "单位负责人", en: "Head of unit" } },
  { key: "reviewer", label: { zh: "审核人", en: "Reviewed by" } },
  { key: "preparer", label: { zh: "填报人", en: "Prepared by" } },
  { key: "phone", label: { zh: "联系电话", en: "Telephone" } },
  { key: "date", label: { zh: "报出日期", en: "Date sent" } },
];

const UNIT_LINE = {
  unit: { zh: "填报单位(盖章)", en: "Reporting unit (seal)" },
  rollup: { zh: "汇总单位(盖章)", en: "Consolidating unit (seal)" },
};

/** A line to write on by hand. */
export const BLANK_LINE = "____________";

export interface SignatureInput {
  lang: Lang;
  /** The unit that stamps the sheet (the reporting unit, or a rollup's consolidating unit). */
  unit: string;
  /** Whether the sheet is a rollup (its unit line names the consolidating unit). */
  rollup?: boolean;
  /** Known values, e.g. the submission date; the rest are blank lines. */
  values?: Partial<Record<Field["key"], string>>;
}

/** One text cell of the block, 0-based, left-aligned, no border. */
export interface SignatureCell {
  row: number;
  col: number;
  colSpan: number;
  text: string;
}

export interface SignatureBlock {
  cells: SignatureCell[];
  /** The last row of the block (0-based). */
  lastRow: number;
}

const caption = (lang: Lang, label: string) => (lang === "zh" ? `${label}:` : `${label}: `);

/**
 * The block as cells from `top` (one blank row under the last table): the unit line across the
 * sheet, then the fields side by side, as many to a row as the sheet's width allows.
 */
export function signatureBlock(
  top: number,
  colCount: number,
  input: SignatureInput,
): SignatureBlock {
  const { lang } = input;
  const unitLabel = UNIT_LINE[input.rollup ? "rollup" : "unit"][lang];
  const cells: SignatureCell[] = [
    {
      row: top,
      col: 0,
      colSpan: colCount,
      text: caption(lang, unitLabel) + (input.unit || BLANK_LINE),
    },
  ];
  const perRow = Math.max(1, Math.min(SIGNATURE_FIELDS.length, Math.floor(colCount / 3)));
  const span = Math.max(1, Math.floor(colCount / perRow));
  SIGNATURE_FIELDS.forEach((f, i) => {
    const row = top + 1 + Math.floor(i / perRow);
    const slot = i % perRow;
    const last = slot === perRow - 1 || i === SIGNATURE_FIELDS.length - 1;
    const col = slot * span;
    cells.push({
      row,
      col,
      colSpan: last ? colCount - col : span,
      text: caption(lang, f.label[lang]) + (input.values?.[f.key] || BLANK_LINE),
    });
  });
  return { cells, lastRow: cells[cells.length - 1]!.row };
}

/**
 * 报出日期 of a report sent at an ISO time: its calendar date in China time (UTC+8), the time
 * zone of the reporting periods (docs/WORKFLOW.md), so the server and the pane print one date.
 */
export function sentDate(iso: string): string | undefined {
  return chinaTime(iso)?.slice(0, 10);
}

/**
 * A submission time as a supervisor reads it in a file the server writes: China time (UTC+8,
 * as `sentDate`) to the minute, `2022-01-10 08:00`; an unreadable string is left as it is.
 */
export function chinaTime(iso: string): string | undefined {
  const t = Date.parse(iso);
  if (Number.isNaN(t)) return undefined;
  return new Date(t + 8 * 3600_000).toISOString().slice(0, 16).replace("T", " ");
}
