/**
 * The 考核 and 通报 sheets, built once: the add-in's 拉取考核 draws them and the Worker's .xlsx
 * export writes 考核, so the two are the same cell for cell (addin/test/twins.test.ts).
 */
import { tablePrintSetup } from "../print/setup";
import { listSheet } from "../workbook/table-sheet";
import type { WbSheet } from "../workbook/types";
import type { Assessment } from "./score";
import { assessmentTable } from "./table";

type Lang = "zh" | "en";

export const ASSESSMENT_SHEETS = {
  assessment: { zh: "考核", en: "Assessment" },
  bulletin: { zh: "通报", en: "Bulletin" },
} as const;

/** The 通报 sheet's one column, in characters. */
const BULLETIN_WIDTH = 90;

const RED = "#FFC7CE";
const GREEN = "#C6EFCE";

/** Fill of a grade's rows: the lowest grade red, the top one green. */
function gradeFill(a: Assessment, i: number): string | undefined {
  const grades = a.rubric.grades;
  const g = a.units[i]?.grade;
  if (g === grades[grades.length - 1]?.id) return RED;
  if (g === grades[0]?.id) return GREEN;
  return undefined;
}

export interface AssessmentSheetOptions {
  lang: Lang;
  /** The form's title, the assessing unit and the year: the sheet's title and page header. */
  formTitle: string;
  unit: string;
  year: number;
}

/** 考核: the units ranked, each item's points, the score, the grade, why points were lost. */
export function assessmentSheet(a: Assessment, opts: AssessmentSheetOptions): WbSheet {
  const t = assessmentTable(a, opts.lang);
  const last = t.header.length - 1;
  return listSheet({
    name: ASSESSMENT_SHEETS.assessment[opts.lang],
    title: `${opts.formTitle} · ${opts.unit} · ${opts.year}`,
    widths: t.header.map((_, i) => (i === 2 ? 28 : i === last ? 60 : i === 1 ? 14 : 10)),
    tables: [
      {
        header: t.header,
        rows: t.rows.map((row, i) => {
          const fill = gradeFill(a, i);
          return { cells: row.map((value) => ({ value })), ...(fill ? { fill } : {}) };
        }),
      },
    ],
    print: { lang: opts.lang, unit: opts.unit, year: opts.year },
  });
}

/** 通报: one paragraph a row, wrapped in one wide column, ready to copy. */
export function bulletinSheet(lines: readonly string[], lang: Lang): WbSheet {
  return {
    name: ASSESSMENT_SHEETS.bulletin[lang],
    role: "form",
    visibility: "visible",
    protected: false,
    columnWidths: [BULLETIN_WIDTH],
    hiddenColumns: [],
    cells: lines.map((value, i) => ({
      address: `A${i + 1}`,
      value,
      wrap: true,
      vAlign: "Top" as const,
      ...(i === 0 ? { bold: true, fontSize: 14, hAlign: "Center" as const } : {}),
    })),
    validations: [],
    print: tablePrintSetup([BULLETIN_WIDTH], Math.max(1, lines.length), null, { lang }),
  };
}
