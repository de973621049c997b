/**
 * The task pane's state and actions, without the DOM: connect, choose form and year, insert,
 * check, fill totals, explain warnings, answer remarks, submit, pull a rollup, review a unit
 * below (return / accept / reopen). The view (view.ts) renders it.
 */
import type {
  ExplanationDecision,
  FormSummary,
  Include,
  MeResponse,
  Problem,
  Report,
  ReportEvent,
  ReportStatus,
  ReviewBody,
} from "../../../shared/api/schemas";
import type { Issue } from "../../../shared/engine";
import { compileForm, servesYear, type Form } from "../../../shared/forms/model";
import { layoutForm, type SheetLayout } from "../../../shared/layout";
import { ApiClient, problemSlug, type ConnectionStore, type FetchLike } from "../api-client";
import type { Timer } from "../debounce";
import { cellAddress } from "../a1";
import { drawForm } from "../draw";
import { emptyPlan, type ExcelHost } from "../host/types";
import { t, type Lang, type StringKey } from "../i18n";
import { COLORS, remarkLine } from "../marks";
import { countsOf, drawRollup } from "../rollup";
import { FormSession, type SubmitStatus } from "../session";

export interface PaneDeps {
  host: ExcelHost;
  store: ConnectionStore;
  fetcher?: FetchLike;
  lang: Lang;
  uuid: () => string;
  now: () => Date;
  timer?: Timer;
  /** Default server: the origin the pane is served from. */
  defaultServer: string;
}

export interface IssueGroup {
  table: string;
  issues: Issue[];
}

/** The status the clerk sees: `not_started` before a first revision. */
export type ShownStatus = ReportStatus | "not_started";

export type Notice = { kind: "info" | "error"; text: string } | null;

/** A unit's report loaded for review by a supervisor of an ancestor unit. */
export interface ReviewState {
  unit: { code: string; name: string };
  form: Form;
  year: number;
  layout: SheetLayout;
  report: Report;
  /** Name of the review sheet (protected, read-only values). */
  sheet: string;
  /** The supervisor's decision on each warning's 说明, by issue key. */
  decisions: Record<string, { decision: ExplanationDecision; comment: string }>;
  /** Remarks pinned so far (sent with a return). */
  remarks: { cell: string; address: string; text: string }[];
  /** Every transition of the report, oldest first (empty when the server has none). */
  history: ReportEvent[];
}

export class PaneController {
  server: string;
  token = "";
  me: MeResponse | null = null;
  forms: FormSummary[] = [];
  formId = "";
  year: number;
  unitCode = "";
  /** Units a supervisor can pick (own path, then the units of the last rollup). */
  units: { code: string; name: string }[] = [];
  session: FormSession | null = null;
  /** Which reports a pulled rollup consolidates. */
  include: Include = "submitted";
  /** Units below the supervisor's own (from the last rollup's completeness list). */
  reviewUnits: { code: string; name: string }[] = [];
  reviewUnit = "";
  review: ReviewState | null = null;
  notice: Notice = null;
  busy = false;
  private api: ApiClient | null = null;
  private compiled = new Map<string, Form>();
  private listeners = new Set<() => void>();
  private unsubscribe: (() => void) | null = null;

  constructor(readonly deps: PaneDeps) {
    const saved = deps.store.load();
    this.server = saved?.server ?? deps.defaultServer;
    this.token = saved?.token ?? "";
    this.year = deps.now().getFullYear() - 1;
  }

  get lang(): Lang {
    return this.deps.lang;
  }

  subscribe(fn: () => void): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  private emit(): void {
    for (const fn of this.listeners) fn();
  }

  private say(kind: "info" | "error", text: string): void {
    this.notice = { kind, text };
    this.emit();
  }

  private async guard<T>(work: () => Promise<T>): Promise<T | undefined> {
    this.busy = true;
    this.emit();
    try {
      return await work();
    } catch (e) {
      this.say(
        "error",
        t(this.lang, "error", { detail: e instanceof Error ? e.message : String(e) }),
      );
      return undefined;
    } finally {
      this.busy = false;
      this.emit();
    }
  }

  /** Start: reconnect with the saved token, recognise the active sheet. */
  async start(): Promise<void> {
    if (this.token) await this.connect(this.server, this.token);
    await this.recognise({ anySheet: true });
    // Switching to another form sheet makes it the one the pane works on.
    await this.deps.host.onActivated((sheetId) => {
      if (!this.busy && sheetId !== this.session?.sheetId) return this.recognise();
      return undefined;
    });
  }

  async connect(server: string, token: string): Promise<boolean> {
    const ok = await this.guard(async () => {
      const api = new ApiClient({ server, token }, this.deps.fetcher);
      const me = await api.me();
      if (!me.ok) {
        this.me = null;
        this.say(
          "error",
          me.kind === "network" ? t(this.lang, "networkFailed") : this.problemText(me.problem),
        );
        return false;
      }
      this.api = api;
      this.server = server;
      this.token = token;
      this.me = me.data;
      this.unitCode = me.data.unit.code;
      this.units = me.data.unit.path;
      this.deps.store.save({ server, token });
      const forms = await api.forms();
      if (forms.ok) {
        this.forms = forms.data.forms;
        const fit = this.forms.find((f) => servesYear(f, this.year)) ?? this.forms[0];
        if (fit && !this.formId) this.formId = fit.id;
      }
      this.notice = null;
      return true;
    });
    if (ok && this.session)
      await this.session.refreshServer(
        this.api!,
        this.session.state.unitCode ?? this.unitCode,
        this.prevFormId(this.session.year),
      );
    return ok === true;
  }

  disconnect(): void {
    this.deps.store.clear();
    this.api = null;
    this.me = null;
    this.token = "";
    this.emit();
  }

  /** The form that serves the year before `year` (from GET /forms), or null when none. */
  prevFormId(year: number): string | null {
    return this.forms.find((f) => servesYear(f, year - 1))?.id ?? null;
  }

  private problemText(p: { detail: string; detail_en?: string }): string {
    return t(this.lang, "rejected", {
      detail: this.lang === "zh" ? p.detail : (p.detail_en ?? p.detail),
    });
  }

  /** Compile a form definition fetched from the server (cached). */
  async loadForm(id: string): Promise<Form | null> {
    const cached = this.compiled.get(id);
    if (cached) return cached;
    if (!this.api) return null;
    const res = await this.api.form(id);
    if (!res.ok) return null;
    const form = compileForm(res.data.definition);
    this.compiled.set(id, form);
    return form;
  }

  private sessionDeps() {
    return {
      host: this.deps.host,
      lang: this.lang,
      uuid: this.deps.uuid,
      now: this.deps.now,
      ...(this.deps.timer ? { timer: this.deps.timer } : {}),
    };
  }

  private async adopt(session: FormSession | null): Promise<void> {
    this.unsubscribe?.();
    await this.session?.stop();
    this.session = session;
    this.unsubscribe = null;
    if (!session) return;
    this.unsubscribe = session.subscribe(() => this.emit());
    this.formId = session.form.id;
    this.year = session.year;
    await session.watch((e) => this.say("error", t(this.lang, "error", { detail: String(e) })));
    await session.pass();
  }

  /** Recognise the active sheet (a saved and reopened workbook, or after switching sheets). */
  async recognise(opts: { anySheet?: boolean } = {}): Promise<void> {
    await this.guard(async () => {
      const resolve = (id: string) => this.loadForm(id);
      let session = await FormSession.attach(this.sessionDeps(), resolve);
      if (!session && opts.anySheet) {
        // The active sheet is not a form (e.g. 汇总): take the workbook's first form sheet.
        const [first] = await this.deps.host.findFormSheets();
        if (first) session = await FormSession.attach(this.sessionDeps(), resolve, first.id);
      }
      if (!session) return;
      await this.adopt(session);
      if (this.api && this.me)
        await session.refreshServer(
          this.api,
          session.state.unitCode ?? this.unitCode,
          this.prevFormId(session.year),
        );
      this.say("info", t(this.lang, "recognised", { form: session.form.id, year: session.year }));
    });
  }

  async insert(): Promise<void> {
    await this.guard(async () => {
      const form = await this.loadForm(this.formId);
      if (!form || !this.me) {
        this.say("error", t(this.lang, "notConnected"));
        return;
      }
      const session = await FormSession.insert(this.sessionDeps(), form, this.year, this.me.unit);
      await this.adopt(session);
      if (this.api)
        await session.refreshServer(this.api, this.me.unit.code, this.prevFormId(this.year));
      this.say("info", t(this.lang, "inserted", { sheet: session.sheetName }));
    });
  }

  /** Fetch the report's status, remarks and reviews again (after a supervisor acted). */
  async refresh(): Promise<void> {
    await this.guard(async () => {
      const s = this.session;
      if (!s || !this.api || !this.me) return;
      await s.refreshServer(
        this.api,
        s.state.unitCode ?? this.me.unit.code,
        this.prevFormId(s.year),
      );
    });
  }

  async fillTotals(): Promise<void> {
    await this.guard(async () => {
      await this.session?.pass({ fillTotals: true });
    });
  }

  async check(): Promise<void> {
    await this.guard(async () => {
      await this.session?.pass();
    });
  }

  /** The issues by table (section of the form), errors first within each. */
  groups(): IssueGroup[] {
    const s = this.session;
    if (!s) return [];
    const titles = new Map(s.form.definition.sections.map((sec) => [sec.id, sec.title[this.lang]]));
    const out = new Map<string, Issue[]>();
    for (const issue of s.issues) {
      const section = s.form.cellById.get(issue.cell)?.section ?? "";
      const table = titles.get(section) ?? section;
      out.set(table, [...(out.get(table) ?? []), issue]);
    }
    return [...out].map(([table, issues]) => ({
      table,
      issues: [...issues].sort((a, b) =>
        a.severity === b.severity ? 0 : a.severity === "error" ? -1 : 1,
      ),
    }));
  }

  async selectIssue(issue: Issue): Promise<void> {
    await this.guard(async () => {
      await this.session?.selectIssue(issue);
    });
  }

  async explain(key: string, text: string): Promise<void> {
    await this.session?.setExplanation(key, text);
  }

  /** Start a warning's 说明 from last year's for the same rule. */
  async useLastYear(issue: Issue): Promise<void> {
    const text = this.session?.lastYearExplanation(issue);
    if (text) await this.explain(issue.key, text);
    this.emit();
  }

  async answer(remarkId: string, text: string): Promise<void> {
    await this.guard(async () => {
      await this.session?.setAnswer(remarkId, text);
    });
  }

  async selectCell(cell: string): Promise<void> {
    await this.guard(async () => {
      await this.session?.selectCell(cell);
    });
  }

  /** The status of the sheet's report as the clerk sees it (not_started before a revision). */
  reportStatus(): ShownStatus {
    const r = this.session?.report;
    return r ? (r.status ?? "submitted") : "not_started";
  }

  /**
   * The workflow line of the clerk's report: status, due date, lateness (「状态:已退回 · 截止日期:
   * 2026-01-31 · 逾期报送」), or that no period is open.
   */
  workflowText(): string {
    const s = this.session;
    if (!s) return "";
    const L = (k: StringKey, v?: Record<string, string | number>) => t(this.lang, k, v);
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
    } else if (due && dayAfter(due) <= this.deps.now().getTime()) parts.push(L("wfOverdue"));
    if (s.period === null && !r) parts.push(L("wfNoPeriod"));
    return parts.join(" · ");
  }

  async submit(): Promise<SubmitStatus | undefined> {
    return this.guard(async () => {
      if (!this.session) return undefined;
      if (!this.api || !this.me) {
        this.say("error", t(this.lang, "notConnected"));
        return undefined;
      }
      this.notice = null;
      return this.session.submit(this.api, this.session.state.unitCode ?? this.me.unit.code);
    });
  }

  /** A line for the submit status (revision and time, or what to do next). */
  statusText(): string {
    const s = this.session?.submitStatus;
    if (!s) return "";
    const L = this.lang;
    switch (s.kind) {
      case "idle":
        return "";
      case "submitting":
        return t(L, "submitting");
      case "submitted":
        if (this.session?.report?.status === "returned")
          return t(L, "returnedRevision", { revision: s.revision });
        if (this.session?.report?.status === "accepted")
          return t(L, "acceptedRevision", { revision: s.revision });
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
          year: this.session?.year ?? "",
          form: this.session?.form.id ?? "",
        });
    }
  }

  async pullRollup(): Promise<void> {
    await this.guard(async () => {
      if (!this.api) {
        this.say("error", t(this.lang, "notConnected"));
        return;
      }
      this.say("info", t(this.lang, "pulling"));
      const form = await this.loadForm(this.formId);
      if (!form) return;
      const res = await this.api.rollup(this.unitCode, this.formId, this.year, this.include);
      if (!res.ok) {
        this.say(
          "error",
          res.kind === "network" ? t(this.lang, "networkFailed") : this.problemText(res.problem),
        );
        return;
      }
      await this.deps.host.writeSheets(
        drawRollup(form, layoutForm(form, this.lang), res.data, this.lang),
      );
      const r = res.data;
      const seen = new Set(this.units.map((u) => u.code));
      this.units = [...this.units, ...r.completeness.filter((u) => !seen.has(u.code))];
      // Units strictly below the supervisor's own unit can be reviewed (a rollup pulled for a
      // unit below lists that unit too).
      const own = this.me?.unit.code;
      const below = r.completeness
        .filter((u) => u.code !== own)
        .map((u) => ({ code: u.code, name: u.name }));
      const known = new Set(below.map((u) => u.code));
      this.reviewUnits = [...below, ...this.reviewUnits.filter((u) => !known.has(u.code))];
      if (!this.reviewUnit && this.reviewUnits[0]) this.reviewUnit = this.reviewUnits[0].code;
      const n = countsOf(r);
      this.say("info", t(this.lang, "pulled", { units: r.units, ...n }));
    });
  }

  // ---- review (supervisor of an ancestor unit) ---------------------------------------------------

  private reviewProblem(p: Problem): string {
    return this.problemText(p);
  }

  /** Load a unit's current report into a review sheet (protected, values read-only). */
  async loadReview(code = this.reviewUnit): Promise<void> {
    await this.guard(() => this.loadReviewNow(code));
  }

  private async loadReviewNow(code: string): Promise<boolean> {
    if (!this.api) {
      this.say("error", t(this.lang, "notConnected"));
      return false;
    }
    const form = await this.loadForm(this.formId);
    if (!form) return false;
    const unit = this.reviewUnits.find((u) => u.code === code) ?? { code, name: code };
    const [res, hist] = await Promise.all([
      this.api.report(code, this.formId, this.year),
      this.api.history(code, this.formId, this.year),
    ]);
    if (!res.ok) {
      this.review = null;
      if (res.kind === "problem" && res.status === 404)
        this.say("info", t(this.lang, "reviewNoReport", { unit: unit.name }));
      else
        this.say(
          "error",
          res.kind === "network" ? t(this.lang, "networkFailed") : this.reviewProblem(res.problem),
        );
      return false;
    }
    const report = res.data;
    const layout = layoutForm(form, this.lang);
    const sheet = `${t(this.lang, "reviewSheet")} ${code}`.slice(0, 31);
    const keep = this.review?.unit.code === code ? this.review : null;
    const decisions: ReviewState["decisions"] = {};
    for (const [k, v] of Object.entries(report.explanationReviews ?? {}))
      decisions[k] = { decision: v.decision, comment: v.comment ?? "" };
    this.review = {
      unit: { code, name: report.unit?.name ?? unit.name },
      form,
      year: this.year,
      layout,
      report,
      sheet,
      decisions: keep ? { ...decisions, ...keep.decisions } : decisions,
      remarks: keep?.remarks ?? [],
      history: hist.ok ? (hist.data.events ?? []) : [],
    };
    await this.drawReviewSheet();
    this.say(
      "info",
      t(this.lang, "reviewLoaded", {
        unit: this.review.unit.name,
        revision: report.revision,
        status: t(this.lang, `status_${report.status ?? "submitted"}`),
      }),
    );
    return true;
  }

  /** The review sheet: the form's layout with the report's values, warnings amber, remarks blue. */
  private async drawReviewSheet(): Promise<void> {
    const r = this.review;
    if (!r) return;
    const draw = drawForm(r.form, r.layout, {
      lang: this.lang,
      unitName: r.unit.name,
      year: r.year,
      values: r.report.values,
      editable: false,
    });
    draw.cells = draw.cells.map((c) => {
      const f = this.reviewFill(c.address);
      return f ? { ...c, fill: f } : c;
    });
    // Beside the numbers, in a column right of the table: each warning with the clerk's 说明,
    // and the open remarks.
    const L = (k: StringKey) => t(this.lang, k);
    const lines = new Map<number, string[]>();
    const put = (cell: string, text: string) => {
      const pos = r.layout.inputs[cell];
      if (pos) lines.set(pos.row, [...(lines.get(pos.row) ?? []), text]);
    };
    for (const w of this.reviewWarnings())
      put(
        w.issue.cell,
        `${L("markWarning")}${this.lang === "zh" ? w.issue.message_zh : w.issue.message_en}
` + `${L("explanation")}: ${w.explanation || L("noExplanation")}`,
      );
    for (const m of r.report.remarks ?? [])
      if (!m.resolved) put(m.cell, remarkLine(this.lang, { author: m.author.name, text: m.text }));
    // One line (no wrap: the row keeps its height, the text runs on to the right), in the
    // first column after the table's cells on that row.
    const SPANNING = new Set(["title", "section", "heading", "meta-label", "meta-value"]);
    for (const [row, text] of lines) {
      let end = 0;
      for (const c of r.layout.cells)
        if (!SPANNING.has(c.role) && c.row <= row && row < c.row + c.rowSpan)
          end = Math.max(end, c.col + c.colSpan);
      draw.cells.push({
        address: cellAddress(row, end),
        value: text.join(" / ").replace(/\n/g, " "),
      });
    }
    draw.protect = true;
    await this.deps.host.writeSheets([{ name: r.sheet, draw }]);
  }

  /** The warnings of the loaded revision, each with the clerk's 说明 and the decision so far. */
  reviewWarnings(): { issue: Issue; explanation: string; decision: ExplanationDecision | null }[] {
    const r = this.review;
    if (!r) return [];
    return (r.report.issues ?? [])
      .filter((i) => i.severity === "warning")
      .map((issue) => ({
        issue,
        explanation: r.report.explanations[issue.key] ?? "",
        decision: r.decisions[issue.key]?.decision ?? null,
      }));
  }

  decide(key: string, decision: ExplanationDecision | null, comment?: string): void {
    const r = this.review;
    if (!r) return;
    if (decision === null) delete r.decisions[key];
    else r.decisions[key] = { decision, comment: comment ?? r.decisions[key]?.comment ?? "" };
    this.emit();
  }

  /** Pin a remark to the input cell selected in the review sheet. */
  async pinRemark(text: string): Promise<boolean> {
    const ok = await this.guard(async () => {
      const r = this.review;
      if (!r) return false;
      if (!text.trim()) {
        this.say("error", t(this.lang, "remarkNeedsText"));
        return false;
      }
      const sel = await this.deps.host.selection();
      const cell =
        sel && sel.sheet.toLowerCase() === r.sheet.toLowerCase()
          ? Object.entries(r.layout.inputs).find(([, p]) => p.address === sel.address)?.[0]
          : undefined;
      if (!sel || !cell) {
        this.say("error", t(this.lang, "remarkNeedsCell"));
        return false;
      }
      r.remarks = [
        ...r.remarks.filter((m) => m.cell !== cell),
        { cell, address: sel.address, text: text.trim() },
      ];
      await this.paintReviewCell(sel.address);
      this.say("info", t(this.lang, "remarkPinned", { cell: this.cellLabel(cell) }));
      return true;
    });
    return ok === true;
  }

  async removeRemark(cell: string): Promise<void> {
    await this.guard(async () => {
      const r = this.review;
      const m = r?.remarks.find((x) => x.cell === cell);
      if (!r || !m) return;
      r.remarks = r.remarks.filter((x) => x !== m);
      await this.paintReviewCell(m.address);
    });
  }

  /** The fill a cell of the review sheet should have now (issue, remark or none). */
  private reviewFill(address: string): string | null {
    const r = this.review!;
    let fill: string | null = null;
    const at = (cell: string) => r.layout.inputs[cell]?.address === address;
    if ((r.report.remarks ?? []).some((m) => !m.resolved && at(m.cell))) fill = COLORS.remarkFill;
    if (r.remarks.some((m) => m.address === address)) fill = COLORS.remarkFill;
    for (const i of r.report.issues ?? [])
      if (at(i.cell)) fill = i.severity === "error" ? COLORS.errorFill : COLORS.warningFill;
    return fill;
  }

  /** Repaint one cell of the (protected) review sheet: 1 sync. */
  private async paintReviewCell(address: string): Promise<void> {
    const r = this.review;
    if (!r) return;
    const plan = emptyPlan();
    plan.fills.push({ address, color: this.reviewFill(address) });
    await this.deps.host.writePass({ sheet: r.sheet, wasProtected: true, plan, state: null });
  }

  /** A cell's label for the pane: its row label and column (「本年新收政府信息公开申请数量 · 自然人」). */
  cellLabel(cell: string, form = this.review?.form ?? this.session?.form): string {
    const def = form?.cellById.get(cell);
    const address =
      (this.review?.form === form ? this.review?.layout : this.session?.layout)?.inputs[cell]
        ?.address ?? "";
    return def ? `${address} ${def.label[this.lang]}`.trim() : cell;
  }

  /** Which review actions the loaded report's status allows. */
  reviewActions(): { return: boolean; accept: boolean; reopen: boolean } {
    const st = this.review?.report.status ?? "submitted";
    return { return: st === "submitted", accept: st === "submitted", reopen: st === "accepted" };
  }

  /** Return (reason required, with remarks and 说明 decisions), accept, or reopen. */
  async reviewAction(action: "return" | "accept" | "reopen", reason = ""): Promise<boolean> {
    const ok = await this.guard(async () => {
      const r = this.review;
      if (!r || !this.api) return false;
      const why = reason.trim();
      let body: ReviewBody;
      if (action === "return" || action === "reopen") {
        if (!why) {
          this.say("error", t(this.lang, "reasonRequired"));
          return false;
        }
      }
      const decided = Object.entries(r.decisions).filter(([k]) =>
        (r.report.issues ?? []).some((i) => i.key === k),
      );
      if (action === "return") {
        const explanations: Record<string, { decision: ExplanationDecision; comment?: string }> =
          {};
        for (const [k, d] of decided)
          explanations[k] = { decision: d.decision, ...(d.comment ? { comment: d.comment } : {}) };
        body = {
          action,
          revision: r.report.revision,
          reason: why,
          ...(r.remarks.length
            ? { remarks: r.remarks.map((m) => ({ cell: m.cell, text: m.text })) }
            : {}),
          ...(decided.length ? { explanations } : {}),
        };
      } else if (action === "accept") {
        if (decided.some(([, d]) => d.decision === "rejected")) {
          this.say("error", t(this.lang, "acceptWithRejection"));
          return false;
        }
        // Accepting the report accepts every 说明 of its warnings.
        const explanations: Record<string, { decision: "accepted"; comment?: string }> = {};
        for (const w of this.reviewWarnings()) {
          const c = r.decisions[w.issue.key]?.comment;
          explanations[w.issue.key] = { decision: "accepted", ...(c ? { comment: c } : {}) };
        }
        body = {
          action,
          revision: r.report.revision,
          ...(Object.keys(explanations).length ? { explanations } : {}),
        };
      } else body = { action, reason: why, revision: r.report.revision };
      const res = await this.api.review(r.unit.code, this.formId, r.year, body);
      if (!res.ok) {
        if (res.kind === "problem" && problemSlug(res.problem.type) === "stale-revision") {
          await this.loadReviewNow(r.unit.code);
          this.say(
            "error",
            t(this.lang, "staleRevision", {
              unit: r.unit.name,
              revision: this.review?.report.revision ?? "?",
            }),
          );
          return false;
        }
        this.say(
          "error",
          res.kind === "network" ? t(this.lang, "networkFailed") : this.reviewProblem(res.problem),
        );
        return false;
      }
      r.report = res.data;
      if (action === "return") r.remarks = [];
      const hist = await this.api.history(r.unit.code, this.formId, r.year);
      if (hist.ok) r.history = hist.data.events ?? [];
      await this.drawReviewSheet();
      this.say(
        "info",
        t(this.lang, `reviewed_${action}`, { unit: r.unit.name, revision: res.data.revision }),
      );
      return true;
    });
    return ok === true;
  }
}

/** The first instant after a due date (23:59:59 UTC+8 of that day), in ms. */
function dayAfter(date: string): number {
  return Date.parse(`${date}T00:00:00+08:00`) + 24 * 3600 * 1000;
}
