/**
 * The supervisor's assessment (考核) and bulletin (通报): pull the scores of the units directly
 * below and write two sheets (built in shared/assessment/sheets.ts), in one `writeSheets` call.
 */
import type { AssessmentResponse } from "../../../shared/api/supervision";
import { assessmentSheet, bulletinSheet } from "../../../shared/assessment/sheets";
import type { WbSheet } from "../../../shared/workbook";
import { t, type Lang } from "../common/i18n";
import type { PaneCore } from "./core";

/** Both sheets for an assessment: 考核 (shared/assessment, as the .xlsx export), and the 通报. */
export function drawAssessment(
  a: AssessmentResponse,
  head: { formTitle: string; unit: string; year: number },
  lang: Lang,
): WbSheet[] {
  return [assessmentSheet(a, { lang, ...head }), bulletinSheet(a.bulletin, lang)];
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
      const named = [...core.units, ...(core.me ? [core.me.unit] : [])];
      const unit = named.find((u) => u.code === core.unitCode)?.name ?? core.unitCode;
      const head = { formTitle: form.title[core.lang], unit, year: core.year };
      await core.deps.host.writeSheets(drawAssessment(res.data, head, core.lang));
      core.say("info", t(core.lang, "pulledAssessment", { units: res.data.units.length }));
    });
  }
}
