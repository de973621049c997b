/** The supervisor's rollup: pull 汇总, 分单位 and 报送情况 and learn the units below. */
import { layoutForm } from "../../../shared/layout";
import { t } from "../common/i18n";
import { countsOf, drawRollup } from "../sheets/rollup";
import type { PaneCore } from "./core";

export class SupervisorRole {
  constructor(private readonly core: PaneCore) {}

  async pullRollup(): Promise<void> {
    const core = this.core;
    await core.guard(async () => {
      if (!core.api) {
        core.say("error", t(core.lang, "notConnected"));
        return;
      }
      core.say("info", t(core.lang, "pulling"));
      const form = await core.loadForm(core.formId);
      if (!form) return;
      const res = await core.api.rollup(core.unitCode, core.formId, core.year, core.include);
      if (!res.ok) {
        core.say("error", core.failureText(res));
        return;
      }
      await core.deps.host.writeSheets(
        drawRollup(form, layoutForm(form, core.lang), res.data, core.lang),
      );
      const r = res.data;
      core.learnUnits(r.completeness);
      core.say("info", t(core.lang, "pulled", { units: r.units, ...countsOf(r) }));
    });
  }
}
