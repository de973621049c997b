/**
 * The clerk's part of the pane: the form sheet being filled in (insert, recognise, follow the
 * user to another form sheet), checking, totals, 说明, answers to remarks, submitting, and the
 * status lines the clerk reads.
 */
import type { Report } from "../../../shared/api/schemas";
import { t, type StringKey } from "../common/i18n";
import { FormSession, type SubmitStatus } from "../session/session";
import type { PaneCore, ShownStatus } from "./core";
import { groupIssues, type IssueGroup } from "./issues";

export class ClerkRole {
  constructor(private readonly core: PaneCore) {}

  private sessionDeps() {
    const d = this.core.deps;
    return {
      host: d.host,
      lang: this.core.lang,
      uuid: d.uuid,
      now: d.now,
      ...(d.timer ? { timer: d.timer } : {}),
      ...(d.drafts ? { drafts: d.drafts } : {}),
    };
  }

  /**
   * Make a session the pane's: the previous one stops (the core stops following it). Its first
   * check is the caller's (`refreshSession`'s repaint, or `firstPass`): one read, not two.
   */
  private async adopt(session: FormSession | null): Promise<void> {
    const core = this.core;
    await core.session?.stop();
    core.adoptSession(session);
    if (!session) return;
    await session.watch((e) => core.say("error", t(core.lang, "error", { detail: String(e) })));
  }

  /** The adopted session's first check: the server refresh's repaint, or a read pass offline. */
  private async firstPass(session: FormSession, unit?: string): Promise<void> {
    if (!(await this.refreshSession(unit))) await session.pass();
  }

  /**
   * Fetch the sheet's report, period and last year's report (when connected), for the sheet's
   * unit, else `unit` (the credential's by default).
   */
  async refreshSession(unit = this.core.me?.unit.code): Promise<boolean> {
    const { core } = this;
    const s = core.session;
    if (!s || !core.api || !core.me || !unit) return false;
    await s.refreshServer(core.api, s.state.unitCode ?? unit, core.prevFormId(s.year));
    return true;
  }

  /** Recognise the active sheet (a saved and reopened workbook, or after switching sheets). */
  async recognise(opts: { anySheet?: boolean } = {}): Promise<void> {
    const core = this.core;
    await core.guard(async () => {
      const resolve = (id: string) => core.loadForm(id);
      let session = await FormSession.attach(this.sessionDeps(), resolve);
      if (!session && opts.anySheet) {
        // The active sheet is not a form (e.g. 汇总): take the workbook's first form sheet.
        const [first] = await core.deps.host.findFormSheets();
        if (first) session = await FormSession.attach(this.sessionDeps(), resolve, first.id);
      }
      if (!session) return;
      await this.adopt(session);
      await this.firstPass(session, core.unitCode);
      core.say(
        "info",
        t(core.lang, "recognised", {
          form: session.form.title[core.lang],
          year: session.year,
        }),
      );
    });
  }

  async insert(): Promise<void> {
    const core = this.core;
    await core.guard(async () => {
      const form = await core.loadForm(core.formId);
      if (!form || !core.me) {
        core.say("error", t(core.lang, "notConnected"));
        return;
      }
      const session = await FormSession.insert(
        this.sessionDeps(),
        form,
        core.year,
        core.me.unit,
        await this.lastYear(form.id, core.year),
      );
      await this.adopt(session);
      await this.firstPass(session);
      core.say("info", t(core.lang, "inserted", { sheet: session.sheetName }));
    });
  }

  /**
   * Last year's report of the unit when it is of the same form (its values go on the new
   * workbook's 上年 sheet, so the cross-year rules are formulas too); null when there is none.
   */
  private async lastYear(formId: string, year: number): Promise<Report | null> {
    const { core } = this;
    const prevForm = core.prevFormId(year);
    if (!core.api || !core.me || prevForm !== formId) return null;
    const res = await core.api.report(core.me.unit.code, prevForm, year - 1);
    return res.ok ? res.data : null;
  }

  /** The issues by table (section of the form), errors first within each. */
  groups(): IssueGroup[] {
    const s = this.core.session;
    return s ? groupIssues(s.form, s.issues, this.core.lang) : [];
  }

  /** The status of the sheet's report as the clerk sees it (not_started before a revision). */
  reportStatus(): ShownStatus {
    const r = this.core.session?.report;
    return r ? (r.status ?? "submitted") : "not_started";
  }

  /**
   * The workflow line of the clerk's report: status, due date, lateness (「状态:已退回 · 截止日期:
   * 2026-01-31 · 逾期报送」), or that no period is open.
   */
  workflowText(): string {
    const s = this.core.session;
    if (!s) return "";
    const L = (k: StringKey, v?: Record<string, string | number>) => t(this.core.lang, k, v);
    const r = s.report;
    const parts = [
      L("wfStatus", { status: L(`status_${this.reportStatus()}`) }) +
        (r?.resubmitted && r.status === "submitted" ? L("wfResubmitted") : ""),
    ];
    const due = s.dueDate;
    if (due) parts.push(L("wfDue", { date: due }));
    if (r) {
      if (r.late === true) parts.push(L("wfLate"));
      else if (r.late === false && due) parts.push(L("wfOnTime"));
    } else if (due && dayAfter(due) <= this.core.deps.now().getTime()) parts.push(L("wfOverdue"));
    if (s.period === null && !r) parts.push(L("wfNoPeriod"));
    return parts.join(" · ");
  }

  async submit(): Promise<SubmitStatus | undefined> {
    const core = this.core;
    return core.guard(async () => {
      if (!core.session) return undefined;
      if (!core.api || !core.me) {
        core.say("error", t(core.lang, "notConnected"));
        return undefined;
      }
      core.clearNotice();
      return core.session.submit(core.api, core.session.state.unitCode ?? core.me.unit.code);
    });
  }

  /** A line for the submit status (revision and time, or what to do next). */
  statusText(): string {
    const s = this.core.session?.submitStatus;
    return s ? submitStatusText(this.core, s) : "";
  }
}

function submitStatusText(core: PaneCore, s: SubmitStatus): string {
  const L = core.lang;
  const report = core.session?.report;
  switch (s.kind) {
    case "idle":
      return "";
    case "submitting":
      return t(L, "submitting");
    case "submitted":
      if (report?.status === "returned") return t(L, "returnedRevision", { revision: s.revision });
      if (report?.status === "accepted") return t(L, "acceptedRevision", { revision: s.revision });
      return t(L, "submitted", {
        revision: s.revision,
        time: new Date(s.submittedAt).toLocaleString(L === "zh" ? "zh-CN" : "en-US"),
      });
    case "network":
      return t(L, "networkFailed");
    case "blocked":
      return t(L, "hasErrors", { n: s.errors });
    case "needsExplanations":
      return t(L, "explanationMissing", { n: s.keys.length });
    case "conflict":
      return t(L, "conflict", { revision: s.revision ?? "?" });
    case "rejected":
      return t(L, "rejected", { detail: L === "zh" ? s.detail : s.detailEn });
    case "locked":
      return t(L, "locked");
    case "noPeriod":
      return t(L, "noOpenPeriod", {
        year: core.session?.year ?? "",
        form: core.session?.form.title[L] ?? "",
      });
  }
}

/** The first instant after a due date (23:59:59 UTC+8 of that day), in ms. */
function dayAfter(date: string): number {
  return Date.parse(`${date}T00:00:00+08:00`) + 24 * 3600 * 1000;
}
