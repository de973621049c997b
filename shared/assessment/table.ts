import type { Assessment } from "./score";

/**
 * The 考核 table: one row per unit, ranked, with each item's points, the score, the grade and
 * why points were lost. The same rows feed the pane's 考核 sheet, the CSV and the xlsx export.
 */

export interface AssessmentTable {
  header: string[];
  /** Numbers stay numbers (points, scores, ranks) so a spreadsheet can sort and sum them. */
  rows: (string | number)[][];
}

const HEADER = {
  zh: {
    rank: "排名",
    code: "单位代码",
    name: "单位名称",
    score: "总分",
    grade: "等级",
    notes: "扣分说明",
  },
  en: {
    rank: "Rank",
    code: "Code",
    name: "Unit",
    score: "Score",
    grade: "Grade",
    notes: "Points lost",
  },
};

export function assessmentTable(a: Assessment, lang: "zh" | "en"): AssessmentTable {
  const h = HEADER[lang];
  const items = a.rubric.items;
  const header = [
    h.rank,
    h.code,
    h.name,
    ...items.map((i) => (lang === "zh" ? `${i.label.zh}(${i.max}分)` : `${i.label.en} (${i.max})`)),
    h.score,
    h.grade,
    h.notes,
  ];
  const rows = a.units.map((u) => {
    const lost = u.submitted
      ? u.items
          .filter((s) => s.points < s.max)
          .map((s) => {
            const label = items.find((i) => i.id === s.id)?.label[lang] ?? s.id;
            const reason = lang === "zh" ? s.reason : s.reason_en;
            return lang === "zh" ? `${label}:${reason}` : `${label}: ${reason}`;
          })
      : [u.items[0]?.[lang === "zh" ? "reason" : "reason_en"] ?? ""];
    return [
      u.rank,
      u.code,
      u.name,
      ...items.map((i) => u.items.find((s) => s.id === i.id)?.points ?? 0),
      u.score,
      u.gradeLabel[lang],
      lost.join(lang === "zh" ? ";" : "; "),
    ];
  });
  return { header, rows };
}
