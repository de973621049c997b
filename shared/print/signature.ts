/**
 * The signature block printed under the last table of every form sheet (the unit's own form, a
 * rollup's 汇总): the unit that stamps it, then the people who sign and the date it is sent. One
 * definition for every form: the block is not part of any table, so form definitions stay tables.
 * Pure data (captions and known values); where each caption and value stands is the sheet's
 * business (shared/workbook/signature-cells.ts).
 */
import { chinaDate } from "../china-time";
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

/** A line to write on by hand, where a caption and its value share one text cell. */
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

/** One entry of the block: the unit line first, then the fields in print order. */
export interface SignatureEntry {
  key: "unit" | Field["key"];
  /** The caption with its colon (`单位负责人:`, `Head of unit:`). */
  caption: string;
  /** What the server knows ("" when nothing: a line to fill in or sign on). */
  value: string;
}

/** The block as data: the unit line, then every field, with the values known. */
export function signatureEntries(input: SignatureInput): SignatureEntry[] {
  const { lang } = input;
  const unitLabel = UNIT_LINE[input.rollup ? "rollup" : "unit"][lang];
  return [
    { key: "unit", caption: `${unitLabel}:`, value: input.unit },
    ...SIGNATURE_FIELDS.map((f) => ({
      key: f.key,
      caption: `${f.label[lang]}:`,
      value: input.values?.[f.key] ?? "",
    })),
  ];
}

/**
 * 报出日期 of a report sent at an ISO time: its calendar date in China time, the time zone of the
 * reporting periods, so the server and the pane print one date.
 */
export const sentDate = chinaDate;
