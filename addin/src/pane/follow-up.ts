/**
 * The supervisor's follow-up beside the rollup: 催报 every unit below still to report (recorded,
 * and sent through the installation's robot if it has one) with the printable 催报通知 sheet, and
 * 汇总确认 of the supervisor's own unit's consolidated report.
 */
import { t } from "../i18n";
import { reminderSheetDraw } from "../sheets/reminders";
import type { PaneCore } from "./core";

export class FollowUpRole {
  constructor(private readonly core: PaneCore) {}

  /** Remind every unit below still to report, then draw the 催报通知 sheet. */
  async remindMissing(): Promise<void> {
    const core = this.core;
    await core.guard(async () => {
      if (!core.api) return core.say("error", t(core.lang, "notConnected"));
      const sent = await core.api.remind(
        core.unitCode,
        core.formId,
        core.year,
        { units: "missing" },
        { idempotencyKey: core.deps.uuid() },
      );
      if (!sent.ok) return core.say("error", core.failureText(sent));
      await this.drawSheet();
      core.say(
        "info",
        t(core.lang, `reminded_${sent.data.delivery}`, { n: sent.data.units.length }),
      );
    });
  }

  /** The 催报通知 sheet of the chosen unit, form and year (no reminder sent). */
  async reminderSheet(): Promise<void> {
    await this.core.guard(() => this.drawSheet());
  }

  private async drawSheet(): Promise<void> {
    const core = this.core;
    if (!core.api) return;
    const list = await core.api.lateUnits(core.unitCode, core.formId, core.year);
    if (!list.ok) return core.say("error", core.failureText(list));
    const title = core.forms.find((f) => f.id === core.formId)?.title[core.lang] ?? core.formId;
    await core.deps.host.writeSheets([
      {
        name: t(core.lang, "reminderSheet"),
        draw: reminderSheetDraw(list.data, title, core.lang),
      },
    ]);
  }

  /** 汇总确认 of the supervisor's own unit (the city then sees it 已确认). */
  async signOff(): Promise<void> {
    const core = this.core;
    await core.guard(async () => {
      if (!core.api || !core.me) return core.say("error", t(core.lang, "notConnected"));
      const res = await core.api.confirmRollup(core.me.unit.code, core.formId, core.year);
      if (!res.ok) return core.say("error", core.failureText(res));
      core.say("info", t(core.lang, "signedOff", { unit: res.data.unit.name, year: core.year }));
    });
  }
}
