import * as z from "zod/mini";
import { IdSchema, LabelSchema } from "../forms/schema";
import { formatNumber } from "../engine/format";

/**
 * An assessment rubric (考核细则): data, like a form. Items with their maximum points and how each
 * is measured from facts the server stores (./facts.ts), or scored by a supervisor (`manual`);
 * grades with their lower bounds. `checkRubric` explains a bad rubric in zh-CN and en-US.
 */

/** Points: non-negative, in steps of 0.01 (scores are added up in hundredths). */
const Points = z.number().check(z.nonnegative(), z.multipleOf(0.01));
/** Points lost per occurrence: more than 0. */
const Deduction = z.number().check(z.positive(), z.multipleOf(0.01));
const Id = IdSchema;

export const MeasureSchema = z.discriminatedUnion("kind", [
  /** Full points when a report was submitted at all. */
  z.strictObject({ kind: z.literal("submitted") }),
  /** Points lost per calendar day (China time) the first submission came after the due date. */
  z.strictObject({ kind: z.literal("on_time"), perDayLate: Deduction }),
  /** Points lost per return (退回) of the report. */
  z.strictObject({ kind: z.literal("returns"), perReturn: Deduction }),
  /** Points lost per warning left without 说明 and per 说明 a supervisor rejected. */
  z.strictObject({ kind: z.literal("explanations"), perUnexplained: Points, perRejected: Points }),
  /** Points lost per remark (审核意见) left open: neither answered nor acted on. */
  z.strictObject({ kind: z.literal("remarks"), perOpen: Deduction }),
  /** Scored by a supervisor with a reason; `unscored`: the points until then (default 0). */
  z.strictObject({ kind: z.literal("manual"), unscored: z.optional(Points) }),
]);
export type Measure = z.infer<typeof MeasureSchema>;
export type MeasureKind = Measure["kind"];

export const RubricItemSchema = z.strictObject({
  id: Id,
  label: LabelSchema,
  max: Deduction,
  measure: MeasureSchema,
});
export type RubricItem = z.infer<typeof RubricItemSchema>;

export const GradeSchema = z.strictObject({
  id: Id,
  label: LabelSchema,
  /** The lowest score of the grade (inclusive); the next grade up starts where it ends. */
  min: Points,
});
export type Grade = z.infer<typeof GradeSchema>;

type Ctx = z.core.$RefinementCtx;

interface Bilingual {
  zh: string;
  en: string;
}

/** A rubric check that zod's own checks cannot express, with its message in both languages. */
function problem(ctx: Ctx, path: (string | number)[], text: Bilingual): void {
  ctx.addIssue({ code: "custom", path, params: text });
}

const n = formatNumber;

function checkItems(items: RubricItem[], total: number, ctx: Ctx): void {
  const seen = new Set<string>();
  items.forEach((item, i) => {
    if (seen.has(item.id))
      problem(ctx, ["items", i, "id"], {
        zh: `评分项「${item.id}」重复`,
        en: `item "${item.id}" appears twice`,
      });
    seen.add(item.id);
    const m = item.measure;
    if (m.kind === "manual" && (m.unscored ?? 0) > item.max)
      problem(ctx, ["items", i, "measure", "unscored"], {
        zh: `评分项「${item.label.zh}」未评分时的分数 ${n(m.unscored!)} 超过了满分 ${n(item.max)}`,
        en: `item "${item.label.en}": the unscored points ${n(m.unscored!)} exceed its maximum ${n(item.max)}`,
      });
    if (m.kind === "explanations" && m.perUnexplained === 0 && m.perRejected === 0)
      problem(ctx, ["items", i, "measure"], {
        zh: `评分项「${item.label.zh}」的扣分标准均为 0,无法计分`,
        en: `item "${item.label.en}" deducts nothing for either case`,
      });
  });
  const sum = items.reduce((s, x) => s + x.max, 0);
  if (Math.abs(sum - total) > 1e-9)
    problem(ctx, ["items"], {
      zh: `各评分项满分之和为 ${n(sum)},应等于总分 ${n(total)}`,
      en: `the items' maximum points add up to ${n(sum)}, not the total ${n(total)}`,
    });
}

function checkGrades(grades: Grade[], total: number, ctx: Ctx): void {
  const seen = new Set<string>();
  grades.forEach((g, i) => {
    if (seen.has(g.id))
      problem(ctx, ["grades", i, "id"], {
        zh: `等级「${g.id}」重复`,
        en: `grade "${g.id}" appears twice`,
      });
    seen.add(g.id);
    const above = grades[i - 1];
    if (above && g.min >= above.min)
      problem(ctx, ["grades", i, "min"], {
        zh: `等级须按分数线从高到低排列:「${g.label.zh}」(${n(g.min)} 分起)不能排在「${above.label.zh}」(${n(above.min)} 分起)之后`,
        en: `grades go from the highest bound down: "${g.label.en}" (from ${n(g.min)}) cannot follow "${above.label.en}" (from ${n(above.min)})`,
      });
  });
  const top = grades[0];
  if (top && top.min > total)
    problem(ctx, ["grades", 0, "min"], {
      zh: `最高等级「${top.label.zh}」的分数线 ${n(top.min)} 超过了总分 ${n(total)}`,
      en: `the top grade "${top.label.en}" starts at ${n(top.min)}, above the total ${n(total)}`,
    });
  const last = grades[grades.length - 1];
  if (last && last.min !== 0)
    problem(ctx, ["grades", grades.length - 1, "min"], {
      zh: `最低等级「${last.label.zh}」的分数线应为 0(现为 ${n(last.min)}),每个得分都要有等级`,
      en: `the lowest grade "${last.label.en}" must start at 0 (not ${n(last.min)}) so every score has a grade`,
    });
}

export const RubricSchema = z
  .strictObject({
    id: z
      .string()
      .check(z.regex(/^[a-z0-9][a-z0-9-]*$/, "rubric ids are lower-case words joined by -")),
    title: LabelSchema,
    /** The full score (100 on the usual scale): the items' maxima add up to it. */
    total: Deduction,
    /** Highest first; the last starts at 0. */
    grades: z.array(GradeSchema).check(z.minLength(1)),
    items: z.array(RubricItemSchema).check(z.minLength(1)),
  })
  .check(
    z.superRefine((r, ctx) => {
      checkItems(r.items, r.total, ctx);
      checkGrades(r.grades, r.total, ctx);
    }),
  );
export type Rubric = z.infer<typeof RubricSchema>;

/** One thing wrong with a rubric: where (`items.2.max`) and why, in both languages. */
export interface RubricProblem {
  path: string;
  zh: string;
  en: string;
}

export type RubricCheck = { ok: true; rubric: Rubric } | { ok: false; problems: RubricProblem[] };

// Made on first use: the pane bundles zod with its English locale only (addin/bundle.ts) and
// imports this module for the assessment response's schema, never for checkRubric.
let zhLocale: ReturnType<typeof z.locales.zhCN>["localeError"] | undefined;

function messages(raw: unknown, lang: "zh" | "en"): z.core.$ZodIssue[] {
  const r = RubricSchema.safeParse(raw, {
    error: (iss) => {
      const text = iss.code === "custom" ? (iss.params as Bilingual | undefined) : undefined;
      if (text) return text[lang];
      if (lang !== "zh") return undefined;
      zhLocale ??= z.locales.zhCN().localeError;
      return zhLocale(iss);
    },
  });
  return r.success ? [] : r.error.issues;
}

/** Parse a rubric; a bad one gets every problem, with its place, in zh-CN and en-US. */
export function checkRubric(raw: unknown): RubricCheck {
  const parsed = RubricSchema.safeParse(raw);
  if (parsed.success) return { ok: true, rubric: parsed.data };
  const zh = messages(raw, "zh");
  const en = messages(raw, "en");
  return {
    ok: false,
    problems: en.map((issue, i) => ({
      path: issue.path.join("."),
      zh: zh[i]?.message ?? issue.message,
      en: issue.message,
    })),
  };
}

/** The grade of a score: the first (highest) grade whose lower bound it reaches. */
export function gradeOf(rubric: Rubric, score: number): Grade {
  const grades = rubric.grades;
  return grades.find((g) => score >= g.min) ?? grades[grades.length - 1]!;
}
