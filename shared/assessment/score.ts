import * as z from "zod/mini";
import { formatNumber as n } from "../engine/format";
import { LabelSchema, UnitCodeSchema } from "../forms/schema";
import { daysLate, type ManualScore, type ManualScores, type UnitFacts } from "./facts";
import { gradeOf, RubricSchema, type Measure, type Rubric, type RubricItem } from "./rubric";

/**
 * Scores from stored facts: `scoreUnits(rubric, facts, manual)` is the body of
 * `GET /api/v1/units/:code/assessments/:form/:year`. Points are added up in hundredths, so a
 * score is exact to 0.01 and its grade never depends on float noise.
 */

export const ItemScoreSchema = z.object({
  id: z.string(),
  points: z.number(),
  max: z.number(),
  /** Why the item has these points (zh-CN); `reason_en` in English. */
  reason: z.string(),
  reason_en: z.string(),
});
export type ItemScore = z.infer<typeof ItemScoreSchema>;

export const UnitScoreSchema = z.object({
  code: UnitCodeSchema,
  name: z.string(),
  /** 1 for the highest score; equal scores share a rank (1, 2, 2, 4). */
  rank: z.number().check(z.int(), z.positive()),
  score: z.number(),
  /** The grade's id in the rubric (`excellent`); `gradeLabel` is what to show. */
  grade: z.string(),
  gradeLabel: LabelSchema,
  /** A report was submitted at all. */
  submitted: z.boolean(),
  /** When the first revision was stored; null when nothing was. */
  submittedAt: z.nullable(z.string()),
  /** Calendar days the first submission came after the due date; null when none came. */
  daysLate: z.nullable(z.number().check(z.int(), z.nonnegative())),
  returns: z.number().check(z.int(), z.nonnegative()),
  items: z.array(ItemScoreSchema),
});
export type UnitScore = z.infer<typeof UnitScoreSchema>;

/** The assessment of the units below one unit: ranked, highest score first. */
export const AssessmentSchema = z.object({
  rubric: RubricSchema,
  units: z.array(UnitScoreSchema),
});
export type Assessment = z.infer<typeof AssessmentSchema>;

interface Measured {
  /** Points lost, in hundredths (capped at the item's maximum by the caller). */
  lost: number;
  zh: string;
  en: string;
}

const cents = (x: number) => Math.round(x * 100);

function lostText(lost: number): { zh: string; en: string } {
  return { zh: `,扣 ${n(lost / 100)} 分`, en: `: −${n(lost / 100)}` };
}

type MeasureOf<K extends Measure["kind"]> = Extract<Measure, { kind: K }>;

function onTime(m: MeasureOf<"on_time">, f: UnitFacts, at: string): Measured {
  if (f.dueDate === null)
    return { lost: 0, zh: "未设截止日期,按时计", en: "No due date: counted as on time" };
  const days = daysLate(f.dueDate, at);
  if (days === 0)
    return { lost: 0, zh: `按时报送(截止 ${f.dueDate})`, en: `On time (due ${f.dueDate})` };
  const lost = days * cents(m.perDayLate);
  return {
    lost,
    zh: `逾期 ${days} 天(截止 ${f.dueDate})`,
    en: `${days} day${days > 1 ? "s" : ""} late (due ${f.dueDate})`,
  };
}

function returns(m: MeasureOf<"returns">, f: UnitFacts): Measured {
  if (f.returns === 0) return { lost: 0, zh: "未被退回", en: "Never returned" };
  return {
    lost: f.returns * cents(m.perReturn),
    zh: `被退回 ${f.returns} 次`,
    en: `Returned ${f.returns} time${f.returns > 1 ? "s" : ""}`,
  };
}

function explanations(m: MeasureOf<"explanations">, f: UnitFacts): Measured {
  const u = f.unexplainedWarnings;
  const r = f.rejectedExplanations;
  if (u === 0 && r === 0)
    return {
      lost: 0,
      zh: "警告均有说明,无说明被驳回",
      en: "Every warning explained, none rejected",
    };
  const zh = [u ? `${u} 条警告未说明` : "", r ? `${r} 条说明被驳回` : ""].filter(Boolean);
  const en = [u ? `${u} warning(s) unexplained` : "", r ? `${r} explanation(s) rejected` : ""];
  return {
    lost: u * cents(m.perUnexplained) + r * cents(m.perRejected),
    zh: zh.join("、"),
    en: en.filter(Boolean).join(", "),
  };
}

function remarks(m: MeasureOf<"remarks">, f: UnitFacts): Measured {
  const { total, open } = f.remarks;
  if (total === 0) return { lost: 0, zh: "无审核意见", en: "No remarks" };
  if (open === 0)
    return { lost: 0, zh: `${total} 条审核意见均已处理`, en: `All ${total} remark(s) resolved` };
  return {
    lost: open * cents(m.perOpen),
    zh: `${open} 条审核意见未答复(共 ${total} 条)`,
    en: `${open} of ${total} remark(s) left open`,
  };
}

function itemScore(item: RubricItem, points: number, zh: string, en: string): ItemScore {
  return { id: item.id, points: points / 100, max: item.max, reason: zh, reason_en: en };
}

/** One item of a unit that submitted (`at`: its first submission). */
function scoreItem(
  item: RubricItem,
  f: UnitFacts,
  at: string,
  manual: ManualScores[string] | undefined,
): ItemScore {
  const max = cents(item.max);
  const m = item.measure;
  if (m.kind === "manual") {
    const given = manual?.[item.id];
    if (given) {
      const reason = given.reason.trim();
      return itemScore(item, Math.min(max, cents(given.points)), reason, reason);
    }
    const p = Math.min(max, cents(m.unscored ?? 0));
    return itemScore(item, p, `尚未评分,暂计 ${n(p / 100)} 分`, `Not scored yet: ${n(p / 100)}`);
  }
  if (m.kind === "submitted") return itemScore(item, max, "已报送", "Submitted");
  const measured =
    m.kind === "on_time"
      ? onTime(m, f, at)
      : m.kind === "returns"
        ? returns(m, f)
        : m.kind === "explanations"
          ? explanations(m, f)
          : remarks(m, f);
  const lost = Math.min(max, measured.lost);
  const tail = lost > 0 ? lostText(lost) : { zh: "", en: "" };
  return itemScore(item, max - lost, measured.zh + tail.zh, measured.en + tail.en);
}

function scoreOne(rubric: Rubric, f: UnitFacts, manual: ManualScores): Omit<UnitScore, "rank"> {
  const at = f.firstSubmittedAt;
  // Nothing submitted: every item 0, whatever a supervisor scored by hand.
  const items = rubric.items.map((item) =>
    at === null
      ? itemScore(item, 0, "未报送", "Not submitted")
      : scoreItem(item, f, at, manual[f.code]),
  );
  const score = items.reduce((s, i) => s + cents(i.points), 0) / 100;
  const grade = gradeOf(rubric, score);
  return {
    code: f.code,
    name: f.name,
    score,
    grade: grade.id,
    gradeLabel: grade.label,
    submitted: at !== null,
    submittedAt: at,
    daysLate: at === null ? null : f.dueDate === null ? 0 : daysLate(f.dueDate, at),
    returns: f.returns,
    items,
  };
}

/**
 * Score every unit with the rubric: measured items from the facts, manual items from the
 * supervisor's scores (clamped to the item's maximum; scores for items the rubric no longer has,
 * or that are not manual, are ignored). A unit that submitted nothing scores 0 and gets the
 * lowest grade. Units come ranked, highest score first; equal scores keep the facts' order.
 */
export function scoreUnits(
  rubric: Rubric,
  facts: readonly UnitFacts[],
  manual: ManualScores = {},
): Assessment {
  const scored = facts.map((f) => scoreOne(rubric, f, manual));
  const order = scored
    .map((_, i) => i)
    .sort((a, b) => scored[b]!.score - scored[a]!.score || a - b);
  const units: UnitScore[] = [];
  for (const [k, i] of order.entries()) {
    const u = scored[i]!;
    const above = units[k - 1];
    units.push({ ...u, rank: above && above.score === u.score ? above.rank : k + 1 });
  }
  return { rubric, units };
}

/**
 * Check a supervisor's score of a manual item before it is stored: the item must be a manual item
 * of the rubric and the points within its maximum (the reason is required by ManualScoreSchema).
 */
export function checkManualScore(
  rubric: Rubric,
  itemId: string,
  score: ManualScore,
): { ok: true } | { ok: false; zh: string; en: string } {
  const item = rubric.items.find((i) => i.id === itemId);
  if (!item)
    return {
      ok: false,
      zh: `考核细则中没有评分项「${itemId}」`,
      en: `The rubric has no item "${itemId}"`,
    };
  if (item.measure.kind !== "manual")
    return {
      ok: false,
      zh: `评分项「${item.label.zh}」由系统根据报送记录计分,不能手工评分`,
      en: `Item "${item.label.en}" is measured from the stored records and cannot be scored by hand`,
    };
  if (score.points > item.max)
    return {
      ok: false,
      zh: `评分项「${item.label.zh}」满分 ${n(item.max)} 分,不能评 ${n(score.points)} 分`,
      en: `Item "${item.label.en}" has at most ${n(item.max)} points, not ${n(score.points)}`,
    };
  return { ok: true };
}
