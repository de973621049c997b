import * as z from "zod/mini";
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

export const BulletinOptionsSchema = z.strictObject({
  /** Who issues it: the supervisor's unit (苍南县政务公开办, or the unit's name). */
  issuer: z.string().check(z.trim(), z.minLength(1)),
  /** The assessed form's title. */
  formTitle: LabelSchema,
  year: z.number().check(z.int()),
  /** The date of the notice, `YYYY-MM-DD`. */
  date: DateSchema,
  /** Whom it addresses (`各乡镇人民政府,县政府各部门:`); `addressees` makes it; default 各单位. */
  salutation: z.optional(z.string()),
});
export type BulletinOptions = z.infer<typeof BulletinOptionsSchema>;

/** The level of a place from its name's last character: 县, 区, 市 or 旗 (else none). */
function levelOf(place: string): string {
  const last = place.slice(-1);
  return ["县", "区", "市", "旗"].includes(last) ? last : "";
}

/**
 * The office that issues a place's notices: a county's 政务公开办 sits in its government's office
 * (苍南县 → 苍南县人民政府办公室); a unit not named as a place issues in its own name.
 */
export function issuingOffice(supervisor: string): string {
  return levelOf(supervisor) && !supervisor.includes("政府")
    ? `${supervisor}人民政府办公室`
    : supervisor;
}

/**
 * The salutation of an official notice to the units below, as a 政务公开办 writes it: towns and
 * sub-districts first, then the government's departments (各乡镇人民政府,县政府各部门:).
 */
export function addressees(supervisor: string, units: readonly string[]): string {
  const towns = units.filter((u) => /[镇乡](人民政府)?$/.test(u));
  const streets = units.filter((u) => /街道(办事处)?$/.test(u));
  const departments = units.length - towns.length - streets.length;
  const level = levelOf(supervisor);
  const parts = [
    towns.length && streets.length
      ? "各乡镇人民政府、街道办事处"
      : towns.length
        ? "各乡镇人民政府"
        : streets.length
          ? "各街道办事处"
          : "",
    departments > 0 && level ? `${level}政府各部门` : departments > 0 ? "各单位" : "",
  ].filter(Boolean);
  return `${parts.length ? parts.join(",") : "各单位"}:`;
}

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

type Note = (u: UnitScore) => string;

/** Everything a language says; the bulletin's skeleton (`bulletinLines`) is shared. */
interface Phrases {
  names(us: UnitScore[], note?: Note): string;
  title(o: BulletinOptions): string;
  salutation: string;
  intro(o: BulletinOptions, units: number, total: number): string;
  submissions(f: Facts): string;
  /** The end of a sentence. */
  stop: string;
  late: { lead: string; note: Note };
  missing: string;
  allOnTime: string;
  returns(f: Facts, most: string): string;
  noReturns: string;
  mostNote: Note;
  results(grades: string[]): string;
  grade(label: string, count: number, named: string | null): string;
  scoreNote: Note;
  closing(concern: boolean): string;
  date(iso: string): string;
  /** Final typography of each line. */
  finish(line: string): string;
}

const MONTHS =
  "January February March April May June July August September October November December";

const PHRASES: Record<"zh" | "en", Phrases> = {
  zh: {
    names: (us, note = () => "") => us.map((u) => u.name + note(u)).join("、"),
    title: (o) => `关于${o.year}年度《${o.formTitle.zh}》报送情况和考核结果的通报`,
    salutation: "各单位:",
    intro: (o, units, total) =>
      `根据政府信息公开工作年度报告工作安排,${o.issuer}对所属 ${units} 个单位 ${o.year} 年度《${o.formTitle.zh}》的报送情况进行了考核(满分 ${n(total)} 分)。现将有关情况通报如下:`,
    submissions: (f) =>
      `一、报送情况。应报送单位 ${f.all.length} 个,已报送 ${f.submitted.length} 个,其中按时报送 ${f.onTime.length} 个、逾期报送 ${f.late.length} 个;未报送 ${f.missing.length} 个。`,
    stop: "。",
    late: { lead: "逾期报送的单位:", note: (u) => `(逾期 ${u.daysLate} 天)` },
    missing: "未报送的单位:",
    allOnTime: "所有单位均按时报送。",
    returns: (f, most) =>
      `二、退回修改情况。共有 ${f.returned.length} 个单位的报表被退回修改,累计 ${f.returnsTotal} 次;退回次数最多的是${most}。`,
    noReturns: "二、退回修改情况。没有单位的报表被退回修改。",
    mostNote: (u) => `(${u.returns} 次)`,
    results: (grades) => `三、考核结果。${grades.join(";")}。`,
    grade: (label, count, named) => `${label} ${count} 个${named ? `:${named}` : ""}`,
    scoreNote: (u) => `(${n(u.score)} 分)`,
    closing: (concern) =>
      concern
        ? "请逾期报送、未报送和考核不合格的单位认真查找原因,切实加强政府信息公开工作,按要求做好整改。"
        : "希望各单位继续保持,进一步提高政府信息公开工作质量。",
    date: (iso) => {
      const [y, m, d] = iso.split("-").map(Number);
      return `${y}年${m}月${d}日`;
    },
    finish: (line) => line.replace(/[,;:()]/g, (c) => FULL_WIDTH[c] ?? c),
  },
  en: {
    names: (us, note = () => "") => us.map((u) => u.name + note(u)).join(", "),
    title: (o) =>
      `Bulletin on the ${o.year} "${o.formTitle.en}": submissions and assessment results`,
    salutation: "To all units:",
    intro: (o, units, total) =>
      `${o.issuer} has assessed how its ${units} units submitted the ${o.year} "${o.formTitle.en}" (out of ${n(total)} points). The results are as follows.`,
    submissions: (f) =>
      `1. Submissions. ${f.all.length} units were due to report; ${f.submitted.length} did, ${f.onTime.length} on time and ${f.late.length} late; ${f.missing.length} did not report.`,
    stop: ".",
    late: { lead: " Late: ", note: (u) => ` (${u.daysLate} day(s) late)` },
    missing: " Not submitted: ",
    allOnTime: " Every unit reported on time.",
    returns: (f, most) =>
      `2. Returns. ${f.returned.length} unit(s) had their report returned for correction, ${f.returnsTotal} time(s) in all; most often ${most}.`,
    noReturns: "2. Returns. No report was returned for correction.",
    mostNote: (u) => ` (${u.returns})`,
    results: (grades) => `3. Results. ${grades.join("; ")}.`,
    grade: (label, count, named) => `${label}: ${count}${named ? ` (${named})` : ""}`,
    scoreNote: (u) => ` ${n(u.score)}`,
    closing: (concern) =>
      concern
        ? "Units that reported late, did not report or failed are asked to find the causes and put them right."
        : "Every unit is encouraged to keep up the quality of its disclosure work.",
    date: (iso) => {
      const [y, m, d] = iso.split("-").map(Number);
      return `${d} ${MONTHS.split(" ")[m! - 1]} ${y}`;
    },
    finish: (line) => line,
  },
};

/** Units in the lowest grade, when the rubric has more than one grade. */
function lowest(a: Assessment): UnitScore[] {
  const grades = a.rubric.grades;
  if (grades.length < 2) return [];
  const last = grades[grades.length - 1]!.id;
  return a.units.filter((u) => u.grade === last);
}

/** How many units in each grade; the top and the lowest grade's units by name, with scores. */
function gradeParts(a: Assessment, t: Phrases, lang: "zh" | "en"): string[] {
  const grades = a.rubric.grades;
  return grades.map((g, i) => {
    const us = a.units.filter((u) => u.grade === g.id);
    const named = us.length > 0 && (i === 0 || i === grades.length - 1) && grades.length > 1;
    return t.grade(g.label[lang], us.length, named ? t.names(us, t.scoreNote) : null);
  });
}

/** The bulletin's lines: title, salutation, paragraphs, issuer, date. */
export function bulletinLines(
  a: Assessment,
  options: BulletinOptions,
  lang: "zh" | "en",
): string[] {
  const f = factsOf(a);
  const t = PHRASES[lang];
  let submissions = t.submissions(f);
  if (f.late.length) submissions += `${t.late.lead}${t.names(f.late, t.late.note)}${t.stop}`;
  if (f.missing.length) submissions += `${t.missing}${t.names(f.missing)}${t.stop}`;
  if (!f.late.length && !f.missing.length && f.all.length) submissions += t.allOnTime;
  const concern = f.late.length + f.missing.length > 0 || lowest(a).length > 0;
  return [
    t.title(options),
    lang === "zh" ? (options.salutation ?? t.salutation) : t.salutation,
    t.intro(options, f.all.length, a.rubric.total),
    submissions,
    f.returned.length ? t.returns(f, t.names(f.mostReturned, t.mostNote)) : t.noReturns,
    t.results(gradeParts(a, t, lang)),
    t.closing(concern),
    options.issuer,
    t.date(options.date),
  ].map(t.finish);
}

/** The bulletin as one text, a paragraph a line. */
export function bulletinText(a: Assessment, options: BulletinOptions, lang: "zh" | "en"): string {
  return bulletinLines(a, options, lang).join("\n");
}
