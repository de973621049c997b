/**
 * The supervisor's assessment (考核) and bulletin (通报): pull the scores of the units directly
 * below and write two sheets. Pure drawing below; one host call (`writeSheets`) in the role.
 */
import type { AssessmentResponse } from "../../../shared/api/supervision";
import { assessmentTable } from "../../../shared/assessment/table";
import { tablePrintSetup } from "../../../shared/print/setup";
import { charsToPoints } from "../draw";
import type { SheetDraw } from "../host/types";
import { t, type Lang } from "../i18n";
import { table } from "../rollup";
import type { PaneCore } from "./core";

/** The 通报 sheet's one column, in characters. */
const BULLETIN_WIDTH = 90;

/** Fill of a grade's rows: the lowest grade red, the top one green. */
function gradeFill(a: AssessmentResponse, i: number): string | undefined {
  const grades = a.rubric.grades;
  const g = a.units[i]?.grade;
  if (g === grades[grades.length - 1]?.id) return "#FFC7CE";
  if (g === grades[0]?.id) return "#C6EFCE";
  return undefined;
}

/** The 考核 sheet: the units ranked, each item's points, the score, the grade, points lost. */
export function assessmentDraw(a: AssessmentResponse, title: string, lang: Lang): SheetDraw {
  const tab = assessmentTable(a, lang);
  const widths = tab.header.map((_, i) =>
    i === 2 ? 28 : i === tab.header.length - 1 ? 60 : i === 1 ? 14 : 10,
  );
  return table(title, { lang }, tab.header, tab.rows, widths, (i) => gradeFill(a, i));
}

/** The 通报 sheet: one paragraph a row, wrapped in one wide column, ready to copy. */
export function bulletinDraw(lines: readonly string[], lang: Lang): SheetDraw {
  return {
    columnWidths: [charsToPoints(BULLETIN_WIDTH)],
    cells: lines.map((value, i) => ({
      address: `A${i + 1}`,
      value,
      wrap: true,
      vAlign: "Top" as const,
      ...(i === 0 ? { bold: true, fontSize: 14, hAlign: "Center" as const } : {}),
    })),
    validations: [],
    print: tablePrintSetup([BULLETIN_WIDTH], Math.max(1, lines.length), null, { lang }),
    protect: false,
  };
}

/** Both sheets for an assessment: 考核 under `title`, and the server's 通报. */
export function drawAssessment(
  a: AssessmentResponse,
  title: string,
  lang: Lang,
): { name: string; draw: SheetDraw }[] {
  return [
    { name: t(lang, "assessmentSheet"), draw: assessmentDraw(a, title, lang) },
    { name: t(lang, "bulletinSheet"), draw: bulletinDraw(a.bulletin, lang) },
  ];
}

export class AssessmentRole {
  constructor(private readonly core: PaneCore) {}

  /** 拉取考核: the assessment of the units below the chosen unit → 考核 and 通报 sheets. */
  async pullAssessment(): Promise<void> {
    const core = this.core;
    await core.guard(async () => {
      if (!core.api) {
        core.say("error", t(core.lang, "notConnected"));
        return;
      }
      core.say("info", t(core.lang, "pullingAssessment"));
      const form = await core.loadForm(core.formId);
      if (!form) return;
      const res = await core.api.assessment(core.unitCode, core.formId, core.year, core.lang);
      if (!res.ok) {
        core.say("error", core.failureText(res));
        return;
      }
      const title = `${form.title[core.lang]} · ${core.unitCode} · ${core.year}`;
      await core.deps.host.writeSheets(drawAssessment(res.data, title, core.lang));
      core.say("info", t(core.lang, "pulledAssessment", { units: res.data.units.length }));
    });
  }
}
