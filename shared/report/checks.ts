import { formatNumber } from "../engine/format";
import type { Form } from "../forms/model";
import type { Label } from "../forms/schema";
import { textsOf } from "./structure";
import type { ReportStructure } from "./schema";

/**
 * Checks on the texts of a report, for the page and the pane (pure; the same module runs in the
 * browser and in tests): a required section left empty, a number typed in a sentence that
 * contradicts the tables, and, before the due date, what is still missing.
 */

export type TextIssue =
  | { kind: "empty"; text: string; heading: Label }
  | {
      kind: "contradiction";
      text: string;
      heading: Label;
      /** The clause as typed, up to the number and its unit. */
      excerpt: string;
      stated: number;
      cell: string;
      expected: number;
      message: Label;
    };

/** Units a count is written with in the report's prose. */
const NUMBER = /(\d[\d,,]*(?:\.\d+)?)\s*(件|条|起|项|次)/g;
/** Clause boundaries: a phrase names the number in its own clause only. */
const BOUNDARY = /[,,。;;!!??\n::、]/;
/** A clause about a change or a share states a difference, not a table figure. */
const RELATIVE =
  /(增加|减少|增长|下降|上升|同比|比上年|较上年|环比|多|少|约|近|超过|以上|以下|不到|%|%)/;

/** Where a heading of the structure names a text (the part's heading when it has none). */
function headingOf(structure: ReportStructure, id: string): Label {
  for (const p of structure.parts)
    for (const b of p.blocks) if (b.kind === "text" && b.id === id) return b.heading ?? p.heading;
  return { zh: id, en: id };
}

/** Numbers typed next to 件/条/起 that a known phrase ties to a figure other than the table's. */
export function contradictions(
  form: Form,
  structure: ReportStructure,
  values: Readonly<Record<string, number>>,
  id: string,
  text: string,
): Extract<TextIssue, { kind: "contradiction" }>[] {
  const out: Extract<TextIssue, { kind: "contradiction" }>[] = [];
  const heading = headingOf(structure, id);
  for (const m of text.matchAll(NUMBER)) {
    const before = text.slice(0, m.index);
    const start = Math.max(...[...before].map((ch, i) => (BOUNDARY.test(ch) ? i + 1 : 0)), 0);
    const clause = before.slice(start);
    if (RELATIVE.test(clause)) continue;
    // The phrase nearest the number names it (「新收申请12件,其中予以公开5件」); of two ending at
    // the same place the longer (「不同意公开」 over 「同意公开」).
    let best: { cell: string; end: number; length: number } | null = null;
    for (const t of structure.terms)
      for (const phrase of t.zh) {
        const at = clause.lastIndexOf(phrase);
        const end = at + phrase.length;
        if (
          at >= 0 &&
          (!best || end > best.end || (end === best.end && phrase.length > best.length))
        )
          best = { cell: t.cell, end, length: phrase.length };
      }
    if (!best) continue;
    const stated = Number(m[1]!.replace(/[,,]/g, ""));
    const expected = values[best.cell] ?? 0;
    if (stated === expected) continue;
    const excerpt = (clause + m[0]).trim();
    const cell = form.cellById.get(best.cell);
    const unit = cell?.unit ?? { zh: m[2]!, en: "" };
    out.push({
      kind: "contradiction",
      text: id,
      heading,
      excerpt,
      stated,
      cell: best.cell,
      expected,
      message: {
        zh: `「${excerpt}」与统计表不符:表中「${cell?.label.zh ?? best.cell}」为 ${formatNumber(expected)}${unit.zh}`,
        en: `“${excerpt}” contradicts the tables: “${cell?.label.en ?? best.cell}” is ${formatNumber(expected)} there`,
      },
    });
  }
  return out;
}

/** Every issue of the texts: empty required sections, then contradictions, in document order. */
export function checkTexts(
  form: Form,
  structure: ReportStructure,
  values: Readonly<Record<string, number>>,
  texts: Readonly<Record<string, string>>,
): TextIssue[] {
  const out: TextIssue[] = [];
  for (const t of textsOf(structure)) {
    const body = texts[t.id] ?? "";
    if (body.trim() === "") {
      if (t.required) out.push({ kind: "empty", text: t.id, heading: headingOf(structure, t.id) });
      continue;
    }
    out.push(...contradictions(form, structure, values, t.id, body));
  }
  return out;
}

export const TEXT_STATUSES = ["drafted", "submitted", "returned", "accepted"] as const;
export type TextStatus = (typeof TEXT_STATUSES)[number];

/** What the page, the index of a unit's documents and the pane call each status. */
export const TEXT_STATUS_LABELS: Record<TextStatus | "none", Label> = {
  none: { zh: "未撰写", en: "not written" },
  drafted: { zh: "草稿", en: "draft" },
  submitted: { zh: "已提交", en: "submitted" },
  returned: { zh: "已退回", en: "returned" },
  accepted: { zh: "已通过", en: "accepted" },
};

export const REPORT_STATUS_LABELS: Record<
  "submitted" | "returned" | "accepted" | "withdrawn" | "none",
  Label
> = {
  none: { zh: "未报送", en: "not submitted" },
  submitted: { zh: "已报送", en: "submitted" },
  returned: { zh: "已退回", en: "returned" },
  accepted: { zh: "已通过", en: "accepted" },
  withdrawn: { zh: "已撤回", en: "withdrawn" },
};

export interface MissingInput {
  structure: ReportStructure;
  texts: Readonly<Record<string, string>>;
  /** The figures' status (null: no table submitted yet). */
  reportStatus: "submitted" | "returned" | "accepted" | null;
  /** The texts' status (null: nothing saved yet). */
  textStatus: TextStatus | null;
  /** Today and the due date, YYYY-MM-DD in China time. */
  today: string;
  dueDate: string | null;
}

export interface Missing {
  /** Days until the due date (negative: overdue); null without a due date. */
  daysLeft: number | null;
  items: Label[];
}

function days(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

/** What stands between the report and its publication by the due date. */
export function stillMissing(input: MissingInput): Missing {
  const items: Label[] = [];
  if (input.reportStatus === null)
    items.push({ zh: "统计表尚未报送", en: "The tables have not been submitted" });
  else if (input.reportStatus === "returned")
    items.push({
      zh: "统计表被退回,需修改后重新报送",
      en: "The tables were returned: correct and resubmit them",
    });
  for (const t of textsOf(input.structure))
    if (t.required && (input.texts[t.id] ?? "").trim() === "") {
      const h = headingOf(input.structure, t.id);
      items.push({ zh: `尚未填写「${h.zh}」`, en: `“${h.en}” is not written yet` });
    }
  if (input.textStatus === null || input.textStatus === "drafted")
    items.push({ zh: "报告文字尚未提交", en: "The report's texts have not been submitted" });
  else if (input.textStatus === "returned")
    items.push({
      zh: "报告文字被退回,需修改后重新提交",
      en: "The texts were returned: revise and resubmit them",
    });
  return { daysLeft: input.dueDate ? days(input.today, input.dueDate) : null, items };
}
