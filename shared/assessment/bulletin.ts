import { z } from "zod";
import { formatNumber as n } from "../engine/format";
import { LabelSchema } from "../forms/schema";
import { DateSchema } from "./facts";
import type { Assessment, UnitScore } from "./score";

/**
 * The bulletin (通报) a supervisor circulates after the collection: how many units reported on
 * time, the late and the missing by name, the most returned, the results by grade with the top
 * grade's units named. Plain text, one paragraph a line, ready to paste into an official notice;
 * zh-CN, and en-US for an English Office. Everything comes from the assessment.
 */

export const BulletinOptionsSchema = z
  .object({
    /** Who issues it: the supervisor's unit (苍南县政务公开办, or the unit's name). */
    issuer: z.string().trim().min(1),
    /** The assessed form's title. */
    formTitle: LabelSchema,
    year: z.number().int(),
    /** The date of the notice, `YYYY-MM-DD`. */
    date: DateSchema,
  })
  .strict();
export type BulletinOptions = z.infer<typeof BulletinOptionsSchema>;

interface Facts {
  all: UnitScore[];
  submitted: UnitScore[];
  onTime: UnitScore[];
  /** Most days late first. */
  late: UnitScore[];
  missing: UnitScore[];
  returned: UnitScore[];
  returnsTotal: number;
  mostReturned: UnitScore[];
}

function factsOf(a: Assessment): Facts {
  const all = a.units;
  const submitted = all.filter((u) => u.submitted);
  const returned = submitted.filter((u) => u.returns > 0);
  const most = Math.max(0, ...returned.map((u) => u.returns));
  return {
    all,
    submitted,
    onTime: submitted.filter((u) => (u.daysLate ?? 0) === 0),
    late: submitted.filter((u) => (u.daysLate ?? 0) > 0).sort((x, y) => y.daysLate! - x.daysLate!),
    missing: all.filter((u) => !u.submitted),
    returned,
    returnsTotal: returned.reduce((s, u) => s + u.returns, 0),
    mostReturned: most > 0 ? returned.filter((u) => u.returns === most) : [],
  };
}

function zhDate(date: string): string {
  const [y, m, d] = date.split("-").map(Number);
  return `${y}年${m}月${d}日`;
}

function enDate(date: string): string {
  const months =
    "January February March April May June July August September October November December";
  const [y, m, d] = date.split("-").map(Number);
  return `${d} ${months.split(" ")[m! - 1]} ${y}`;
}

/**
 * Chinese typography for the notice (GB/T 15834): full-width comma, semicolon, colon and
 * parentheses. The templates below are written with ASCII ones for legibility.
 */
const FULL_WIDTH: Record<string, string> = {
  ",": "\uFF0C",
  ";": "\uFF1B",
  ":": "\uFF1A",
  "(": "\uFF08",
  ")": "\uFF09",
};
function zhTypography(line: string): string {
  return line.replace(/[,;:()]/g, (c) => FULL_WIDTH[c] ?? c);
}

const zhNames = (us: UnitScore[], note: (u: UnitScore) => string = () => "") =>
  us.map((u) => u.name + note(u)).join("、");
const enNames = (us: UnitScore[], note: (u: UnitScore) => string = () => "") =>
  us.map((u) => u.name + note(u)).join(", ");

function zhLines(a: Assessment, f: Facts, o: BulletinOptions): string[] {
  const title = o.formTitle.zh;
  const lines = [
    `关于${o.year}年度《${title}》报送情况和考核结果的通报`,
    "各单位:",
    `根据政府信息公开工作年度报告工作安排,${o.issuer}对所属 ${f.all.length} 个单位 ${o.year} 年度《${title}》的报送情况进行了考核(满分 ${n(a.rubric.total)} 分)。现将有关情况通报如下:`,
  ];
  let p = `一、报送情况。应报送单位 ${f.all.length} 个,已报送 ${f.submitted.length} 个,其中按时报送 ${f.onTime.length} 个、逾期报送 ${f.late.length} 个;未报送 ${f.missing.length} 个。`;
  if (f.late.length) p += `逾期报送的单位:${zhNames(f.late, (u) => `(逾期 ${u.daysLate} 天)`)}。`;
  if (f.missing.length) p += `未报送的单位:${zhNames(f.missing)}。`;
  if (!f.late.length && !f.missing.length && f.all.length) p += "所有单位均按时报送。";
  lines.push(p);
  lines.push(
    f.returned.length
      ? `二、退回修改情况。共有 ${f.returned.length} 个单位的报表被退回修改,累计 ${f.returnsTotal} 次;退回次数最多的是${zhNames(f.mostReturned, (u) => `(${u.returns} 次)`)}。`
      : "二、退回修改情况。没有单位的报表被退回修改。",
  );
  lines.push(`三、考核结果。${gradeSentence(a, "zh")}`);
  const concern = f.late.length + f.missing.length > 0 || lowest(a).length > 0;
  lines.push(
    concern
      ? "请逾期报送、未报送和考核不合格的单位认真查找原因,切实加强政府信息公开工作,按要求做好整改。"
      : "希望各单位继续保持,进一步提高政府信息公开工作质量。",
  );
  lines.push(o.issuer, zhDate(o.date));
  return lines.map(zhTypography);
}

function enLines(a: Assessment, f: Facts, o: BulletinOptions): string[] {
  const title = o.formTitle.en;
  const lines = [
    `Bulletin on the ${o.year} "${title}": submissions and assessment results`,
    "To all units:",
    `${o.issuer} has assessed how its ${f.all.length} units submitted the ${o.year} "${title}" (out of ${n(a.rubric.total)} points). The results are as follows.`,
  ];
  let p = `1. Submissions. ${f.all.length} units were due to report; ${f.submitted.length} did, ${f.onTime.length} on time and ${f.late.length} late; ${f.missing.length} did not report.`;
  if (f.late.length) p += ` Late: ${enNames(f.late, (u) => ` (${u.daysLate} day(s) late)`)}.`;
  if (f.missing.length) p += ` Not submitted: ${enNames(f.missing)}.`;
  if (!f.late.length && !f.missing.length && f.all.length) p += " Every unit reported on time.";
  lines.push(p);
  lines.push(
    f.returned.length
      ? `2. Returns. ${f.returned.length} unit(s) had their report returned for correction, ${f.returnsTotal} time(s) in all; most often ${enNames(f.mostReturned, (u) => ` (${u.returns})`)}.`
      : "2. Returns. No report was returned for correction.",
  );
  lines.push(`3. Results. ${gradeSentence(a, "en")}`);
  const concern = f.late.length + f.missing.length > 0 || lowest(a).length > 0;
  lines.push(
    concern
      ? "Units that reported late, did not report or failed are asked to find the causes and put them right."
      : "Every unit is encouraged to keep up the quality of its disclosure work.",
  );
  lines.push(o.issuer, enDate(o.date));
  return lines;
}

/** Units in the lowest grade, when the rubric has more than one grade. */
function lowest(a: Assessment): UnitScore[] {
  const grades = a.rubric.grades;
  if (grades.length < 2) return [];
  const last = grades[grades.length - 1]!.id;
  return a.units.filter((u) => u.grade === last);
}

/** How many units in each grade; the top and the lowest grade's units by name, with scores. */
function gradeSentence(a: Assessment, lang: "zh" | "en"): string {
  const grades = a.rubric.grades;
  const parts = grades.map((g, i) => {
    const us = a.units.filter((u) => u.grade === g.id);
    const named = us.length > 0 && (i === 0 || i === grades.length - 1) && grades.length > 1;
    if (lang === "zh")
      return `${g.label.zh} ${us.length} 个${named ? `:${zhNames(us, (u) => `(${n(u.score)} 分)`)}` : ""}`;
    return `${g.label.en}: ${us.length}${named ? ` (${enNames(us, (u) => ` ${n(u.score)}`)})` : ""}`;
  });
  return lang === "zh" ? `${parts.join(";")}。` : `${parts.join("; ")}.`;
}

/** The bulletin's lines: title, salutation, paragraphs, issuer, date. */
export function bulletinLines(
  a: Assessment,
  options: BulletinOptions,
  lang: "zh" | "en",
): string[] {
  const f = factsOf(a);
  return lang === "zh" ? zhLines(a, f, options) : enLines(a, f, options);
}

/** The bulletin as one text, a paragraph a line. */
export function bulletinText(a: Assessment, options: BulletinOptions, lang: "zh" | "en"): string {
  return bulletinLines(a, options, lang).join("\n");
}
