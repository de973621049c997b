/**
 * The supervisor's follow-up beside the rollup: 催报 every unit below still to report (recorded,
 * and sent through the installation's robot if it has one) with the printable 催报通知 sheet, and
 * 汇总确认 of the supervisor's own unit's consolidated report.
 */
import type { SignOff } from "../../../shared/api/schemas";
import { chinaTime } from "../../../shared/china-time";
import { t, type Lang } from "../common/i18n";
import { reminderSheet } from "../sheets/reminders";
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
    const name = t(core.lang, "reminderSheet");
    await core.deps.host.writeSheets([reminderSheet(list.data, title, name, core.lang)]);
  }

  /** 汇总确认 of the supervisor's own unit (the city then sees it 已确认). */
  async signOff(): Promise<void> {
    const core = this.core;
    await core.guard(async () => {
      if (!core.api || !core.me) return core.say("error", t(core.lang, "notConnected"));
      const res = await core.api.confirmRollup(core.me.unit.code, core.formId, core.year);
      if (!res.ok) return core.say("error", core.failureText(res));
      core.showSignOff(res.data);
      core.say("info", t(core.lang, "signedOff", { unit: res.data.unit.name, year: core.year }));
    });
  }

  /**
   * The own unit's sign-off for the chosen form and year, read quietly (on connecting, after a
   * rollup): when the read fails the pane shows none and the buttons still work.
   */
  async loadSignOff(): Promise<void> {
    const core = this.core;
    if (!core.api || core.me?.role !== "supervisor" || !core.formId) return;
    const res = await core.api.signOff(core.me.unit.code, core.formId, core.year);
    if (res.ok) core.showSignOff(res.data);
  }

  /**
   * 撤销确认 of the sign-off the pane shows (its own form and year, not a choice changed since);
   * the answer is the state afterwards, said in words.
   */
  async revokeSignOff(reason: string): Promise<void> {
    const core = this.core;
    await core.guard(async () => {
      if (!core.api || !core.me) return core.say("error", t(core.lang, "notConnected"));
      const shown = core.signOffState;
      if (!shown || shown.unit.code !== core.me.unit.code) return;
      const why = reason.trim();
      const res = await core.api.revokeSignOff(
        shown.unit.code,
        shown.form,
        shown.year,
        why ? { reason: why } : {},
      );
      if (!res.ok) return core.say("error", core.failureText(res));
      core.showSignOff(res.data);
      core.say("info", revokedText(shown, res.data, core.lang));
    });
  }
}

/** The sign-off shown when it is the chosen form and year's of the connected supervisor's unit. */
export function shownSignOff(core: PaneCore): SignOff | null {
  const s = core.signOffState;
  return s && s.unit.code === core.me?.unit.code && s.form === core.formId && s.year === core.year
    ? s
    : null;
}

const when = (iso: string | null) => (iso ? (chinaTime(iso) ?? iso) : "");

/** The line beside the buttons: 已确认 (when, by whom) or 未确认 (and why it lapsed). */
export function signOffText(s: SignOff, lang: Lang): string {
  const vars = { unit: s.unit.name, year: s.year };
  if (s.status === "confirmed")
    return t(lang, "signOffConfirmed", { ...vars, at: when(s.at), by: s.by?.name ?? "" });
  const w = s.withdrawn;
  if (!w) return t(lang, "signOffNone", vars);
  const at = when(w.at);
  if (w.action === "revoke")
    return w.reason
      ? t(lang, "signOffRevokedBecause", { ...vars, at, reason: w.reason })
      : t(lang, "signOffRevoked", { ...vars, at });
  return t(lang, "signOffLapsed", {
    ...vars,
    at,
    below: w.unit.name,
    why: t(lang, `signOffLapse_${w.action}`),
  });
}

/**
 * What 撤销确认 did: the server answers the state afterwards, the same for a taking-back and for a
 * click on what had lapsed already, so the state before tells them apart.
 */
function revokedText(before: SignOff, after: SignOff, lang: Lang): string {
  if (after.status === "confirmed") return signOffText(after, lang);
  if (before.status === "confirmed" && after.withdrawn?.action === "revoke")
    return t(lang, "signOffRevokeDone", { unit: after.unit.name, year: after.year });
  return `${t(lang, "signOffNothingToRevoke")}${signOffText(after, lang)}`;
}
