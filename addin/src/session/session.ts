/**
 * One form sheet being filled in: insert its self-checking workbook or recognise it, check it
 * after every change for the pane's list (1 read-only sync; the sheet's marks are its own
 * conditional formats), fill totals, paint remarks, keep explanations and the pending submission
 * in the workbook, submit.
 * Talks to Excel only through `ExcelHost` and to the server only through `ApiClient`.
 */
import {
  MIN_EXPLANATION_CHARS,
  type Period,
  type Remark,
  type Report,
  type ReportPutBody,
} from "../../../shared/api/schemas";
import type { Issue, ValidationResult } from "../../../shared/engine";
import type { Form } from "../../../shared/forms/model";
import { layoutForm, type SheetLayout } from "../../../shared/layout";
import { payloadHash, problemSlug, type ApiClient } from "../common/api-client";
import { debounce, serial, type Timer } from "../common/debounce";
import { buildWorkbook } from "../../../shared/workbook";
import { text as workbookText } from "../../../shared/workbook/text";
import { checkInputs, paneIssues, sameInputs } from "./check";
import { valuesFromGrid } from "./form-values";
import { stateNamespace } from "../host/excel-host";
import {
  emptyPlan,
  markModeOf,
  type ExcelHost,
  type FormMeta,
  type MarkMode,
  type ReadPassResult,
  type RecognisedSheet,
} from "../host/types";
import type { Lang } from "../common/i18n";
import { planMarks, type RemarkMark } from "./marks";
import { emptyState, stateFromXml, stateToXml, type SheetState } from "./state";

export interface SessionDeps {
  host: ExcelHost;
  lang: Lang;
  uuid: () => string;
  now: () => Date;
  /** Debounce timer for change events (injected in tests). */
  timer?: Timer;
  debounceMs?: number;
}

export type SubmitStatus =
  | { kind: "idle" }
  | { kind: "submitting" }
  | { kind: "submitted"; revision: number; submittedAt: string; status: string }
  | { kind: "network"; message: string }
  | { kind: "blocked"; errors: number }
  | { kind: "needsExplanations"; keys: string[] }
  | { kind: "conflict"; revision: number | null }
  /** 409 report-locked: accepted, until a supervisor reopens it. */
  | { kind: "locked" }
  /** 409 no-open-period. */
  | { kind: "noPeriod"; detail: string; detailEn: string }
  | { kind: "rejected"; status: number; detail: string; detailEn: string };

export interface PassResult {
  result: ValidationResult;
  /** What the sheet shows: the engine's issues plus those only the server found. */
  issues: Issue[];
}

export class FormSession {
  readonly layout: SheetLayout;
  readonly namespace: string;
  issues: Issue[] = [];
  lastResult: ValidationResult | null = null;
  /** The unit's current report on the server (status, remarks, reviews), when known. */
  report: Report | null = null;
  /** The reporting period that applies to this sheet, when known (null: none open). */
  period: Period | null | undefined = undefined;
  /** Last year's current report of the unit (any form): its 说明 are offered as a start. */
  lastYear: Report | null = null;
  /** Last year's report was fetched (found or 404): not again in this session. */
  private lastYearKnown = false;
  /** Issues the server reported that the add-in cannot compute itself (e.g. cross-year). */
  serverIssues: Issue[] = [];
  /** Last year's values of the unit, when known (cross-year rules). */
  previous: Record<string, number> | null = null;
  submitStatus: SubmitStatus = { kind: "idle" };
  private listeners = new Set<() => void>();
  private queue = serial();
  private unwatch: (() => Promise<void>) | null = null;
  private stopped = false;
  /** The inputs as the last pass read them (with the totals it wrote). */
  private lastRaw: Record<string, unknown> | null = null;

  private constructor(
    private readonly deps: SessionDeps,
    readonly form: Form,
    readonly meta: FormMeta,
    public sheetId: string,
    public sheetName: string,
    public state: SheetState,
  ) {
    this.layout = layoutForm(form, deps.lang);
    this.namespace = stateNamespace(meta.uid);
    if (state.server) {
      this.submitStatus = {
        kind: "submitted",
        revision: state.server.revision,
        submittedAt: state.server.submittedAt,
        status: state.server.status,
      };
    }
  }

  /**
   * Insert the form's self-checking workbook (shared/workbook): the form sheet with its marks as
   * conditional formats, the 校验 sheet, and last year's values (`lastYear`, when the server has
   * the unit's report of last year for this form) on the hidden 上年 sheet. 2 syncs.
   */
  static async insert(
    deps: SessionDeps,
    form: Form,
    year: number,
    unit: { code: string; name: string } | null,
    lastYear: Report | null = null,
  ): Promise<FormSession> {
    const layout = layoutForm(form, deps.lang);
    const meta: FormMeta = {
      formId: form.id,
      year,
      version: form.version,
      uid: deps.uuid().replace(/[^A-Za-z0-9-]/g, ""),
      selfChecking: true,
      formulaTotals: true,
    };
    const state = emptyState(unit?.code ?? null);
    const namespace = stateNamespace(meta.uid);
    const previous = lastYear?.form === form.id ? lastYear.values : null;
    const t = workbookText(deps.lang);
    const sheet = await deps.host.insertForm(
      {
        baseNames: {
          form: `${layout.sheetName} ${year}`.slice(0, 31),
          checks: t.checksSheet,
          previous: t.previousSheet,
        },
        meta,
        state: { namespace, xml: stateToXml(namespace, state) },
      },
      (names) =>
        buildWorkbook(form, {
          lang: deps.lang,
          unitName: unit?.name ?? "",
          year,
          previous,
          unitCode: unit?.code ?? null,
          sheetNames: names,
        }),
    );
    const session = new FormSession(deps, form, meta, sheet.id, sheet.name, state);
    if (lastYear) session.knowLastYear(lastYear);
    return session;
  }

  /** Recognise the active (or named) sheet as a form sheet; null when it is not one. */
  static async attach(
    deps: SessionDeps,
    resolveForm: (id: string) => Promise<Form | null>,
    sheet?: string,
  ): Promise<FormSession | null> {
    const found: RecognisedSheet | null = await deps.host.recognise(sheet);
    if (!found) return null;
    const form = await resolveForm(found.meta.formId);
    if (!form) return null;
    const state = stateFromXml(found.stateXml);
    const session = new FormSession(deps, form, found.meta, found.id, found.name, state);
    if (found.stateXml === null)
      await deps.host.saveState(session.namespace, stateToXml(session.namespace, state));
    return session;
  }

  get year(): number {
    return this.meta.year;
  }

  /**
   * True when an add-in before the self-checking workbook drew the sheet: no conditional formats,
   * so no marks while the clerk types (the pane's list still checks). Re-inserting fixes it.
   */
  get legacy(): boolean {
    return !this.meta.selfChecking;
  }

  /** The sheet's totals are its own formulas: 自动计算合计 is not offered (nothing to fill). */
  get formulaTotals(): boolean {
    return this.meta.formulaTotals === true;
  }

  /** True when the sheet was drawn from an older layout version of the form. */
  get outdated(): boolean {
    return this.meta.version !== this.form.version;
  }

  subscribe(fn: () => void): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  private emit(): void {
    for (const fn of this.listeners) fn();
  }

  private xml(): { namespace: string; xml: string } {
    return { namespace: this.namespace, xml: stateToXml(this.namespace, this.state) };
  }

  /**
   * A check: read the inputs (1 read-only sync) and run the shared engine for the pane's list.
   * The marks on the sheet are the workbook's own conditional formats, so a check writes nothing
   * (Excel's undo keeps working). Explicit actions write: `fillTotals` the derived totals,
   * `paint` the supervisor's open remarks (blue, with a note); 1 more sync when either changes
   * something.
   */
  pass(
    opts: { fillTotals?: boolean; ifChanged?: boolean; paint?: boolean } = {},
  ): Promise<PassResult> {
    return this.queue(async () => {
      const host = this.deps.host;
      const paint = opts.paint === true;
      const mode = markModeOf(host.capabilities());
      const read = await host.readPass({
        sheet: this.sheetId,
        range: this.layout.range,
        noteProbes:
          paint && mode === "note" ? this.state.marks.notes.concat(this.remarkAddresses()) : [],
        commentProbes: paint && mode === "comment" ? Object.values(this.state.marks.comments) : [],
      });
      const raw = valuesFromGrid(this.layout, read.values);
      // A change event that changed no input (a value typed again, or the add-in's own total
      // reported as a change below ExcelApi 1.14) needs no new check.
      const last = this.lastRaw;
      if (opts.ifChanged && last && this.lastResult && sameInputs(raw, last)) {
        return { result: this.lastResult, issues: this.issues };
      }
      const { result, after, writes } = checkInputs(
        this.form,
        this.layout,
        raw,
        this.previous,
        opts.fillTotals === true,
      );
      const issues = paneIssues(this.form, result, this.serverIssues, this.previous);
      this.lastResult = result;
      this.lastRaw = after;
      if (writes.length || paint) await this.write(read, writes, paint, mode);
      this.issues = issues;
      this.settleStatus();
      this.emit();
      return { result, issues };
    });
  }

  private remarkAddresses(): string[] {
    return this.remarksToPaint().flatMap((r) => {
      const pos = this.layout.inputs[r.cell];
      return pos ? [pos.address] : [];
    });
  }

  /**
   * An explicit action's write: totals into their (unlocked) cells, and with `paint` the open
   * remarks (blue fill, note or comment) with stale marks cleared; the sheet is unprotected
   * for the remarks' formats only. No write at all when nothing changes.
   */
  private async write(
    read: ReadPassResult,
    values: { address: string; value: number }[],
    paint: boolean,
    mode: MarkMode,
  ): Promise<void> {
    const host = this.deps.host;
    const planned = paint
      ? planMarks({
          layout: this.layout,
          remarks: this.remarksToPaint(),
          lang: this.deps.lang,
          mode,
          previous: this.state.marks,
          probe: read,
          values,
        })
      : null;
    const plan = planned?.plan ?? { ...emptyPlan(), values };
    const formats =
      plan.fills.length + plan.outlines.length + plan.notes.length + plan.comments.length;
    if (formats + plan.commentDeletes.length + plan.values.length + plan.messages.length === 0)
      return;
    if (planned) this.state = { ...this.state, marks: planned.marks };
    const written = await host.writePass({
      sheet: this.sheetId,
      wasProtected:
        read.protected && formats + plan.commentDeletes.length + plan.messages.length > 0,
      plan,
      state: planned ? this.xml() : null,
    });
    if (Object.keys(written.commentIds).length) {
      // New comment ids are known after the write; saved with the next state save.
      this.state.marks.comments = { ...this.state.marks.comments, ...written.commentIds };
    }
  }

  /**
   * Check on every change of the sheet (debounced). The add-in's own writes and co-authors'
   * edits are ignored; a change that leaves every input as it was makes no write.
   */
  async watch(onError: (e: unknown) => void = () => undefined): Promise<void> {
    if (this.unwatch) return;
    const run = debounce(
      () => {
        if (this.stopped) return;
        this.pass({ ifChanged: true }).catch(onError);
      },
      this.deps.debounceMs ?? 300,
      this.deps.timer,
    );
    this.stopped = false;
    this.unwatch = await this.deps.host.onChanged(this.sheetId, (e) => {
      if (!e.own && !e.remote) run();
    });
  }

  /** The session ends: its change handler is removed from the sheet. */
  async stop(): Promise<void> {
    this.stopped = true;
    const unwatch = this.unwatch;
    this.unwatch = null;
    await unwatch?.();
  }

  /** The warnings that need a 说明 before submitting. */
  warnings(): Issue[] {
    return this.issues.filter((i) => i.severity === "warning");
  }

  missingExplanations(): string[] {
    return this.warnings()
      .filter((w) => (this.state.explanations[w.key] ?? "").trim().length < MIN_EXPLANATION_CHARS)
      .map((w) => w.key);
  }

  /**
   * A refusal to submit ("还有 2 个错误" / "请填写说明") stands only while its cause does: once
   * the errors are fixed or every warning explained, the status line goes back to idle.
   */
  private settleStatus(): void {
    const s = this.submitStatus;
    const fixed =
      (s.kind === "blocked" && !this.issues.some((i) => i.severity === "error")) ||
      (s.kind === "needsExplanations" && this.missingExplanations().length === 0);
    if (fixed) this.submitStatus = { kind: "idle" };
  }

  /** Keep an explanation in the workbook (custom XML part) right away: 1 sync. */
  setExplanation(key: string, text: string): Promise<void> {
    this.state = { ...this.state, explanations: { ...this.state.explanations, [key]: text } };
    const before = this.submitStatus;
    this.settleStatus();
    if (before !== this.submitStatus) this.emit();
    return this.queue(() => this.deps.host.saveState(this.namespace, this.xml().xml));
  }

  selectIssue(issue: Issue): Promise<void> {
    return this.selectCell(issue.cell);
  }

  selectCell(cell: string): Promise<void> {
    const pos = this.layout.inputs[cell];
    return pos ? this.deps.host.select(this.sheetId, pos.address) : Promise.resolve();
  }

  // ---- remarks of a return -------------------------------------------------------------------

  /** Every remark of the current report (open ones first). */
  remarks(): Remark[] {
    const all = this.report?.remarks ?? [];
    return [...all.filter((r) => !r.resolved), ...all.filter((r) => r.resolved)];
  }

  /**
   * How a remark stands for the clerk: resolved by the server, or locally `changed` (the cell no
   * longer holds the remarked revision's value) or `answered` (an answer is typed), else open.
   */
  remarkState(r: Remark): "open" | "changed" | "answered" {
    if (r.resolved) return r.resolution === "answered" ? "answered" : "changed";
    const base = this.report?.values[r.cell] ?? 0;
    const now = this.lastResult ? (this.lastResult.values[r.cell] ?? 0) : base;
    // An open remark's cell still holds the returned revision's value in every later revision
    // (else the server resolved it), so the current revision is the reference.
    if (this.report && now !== base) return "changed";
    if ((this.state.answers[r.id] ?? "").trim()) return "answered";
    return "open";
  }

  private remarksToPaint(): RemarkMark[] {
    return this.remarks()
      .filter((r) => this.remarkState(r) === "open")
      .map((r) => ({ cell: r.cell, author: r.author.name, text: r.text }));
  }

  /** Keep an answer to a remark in the workbook (1 sync); it goes with the next submission. */
  async setAnswer(remarkId: string, text: string): Promise<void> {
    const before = this.remarks().find((r) => r.id === remarkId);
    const wasOpen = before ? this.remarkState(before) === "open" : false;
    this.state = { ...this.state, answers: { ...this.state.answers, [remarkId]: text } };
    const nowOpen = before ? this.remarkState(before) === "open" : false;
    // Answering clears the cell's blue mark (and an emptied answer brings it back): a pass.
    if (before && wasOpen !== nowOpen) await this.pass({ paint: true });
    else await this.queue(() => this.deps.host.saveState(this.namespace, this.xml().xml));
    this.emit();
  }

  /** Last year's 说明 for the same rule: the same issue key first, else any key of the rule. */
  lastYearExplanation(issue: Pick<Issue, "key" | "rule">): string | null {
    const ex = this.lastYear?.explanations;
    if (!ex) return null;
    const same = ex[issue.key];
    if (same?.trim()) return same;
    for (const [k, v] of Object.entries(ex)) {
      if (k.slice(0, k.indexOf(":")) === issue.rule && v.trim()) return v;
    }
    return null;
  }

  /**
   * Fetch the unit's current revision (its ETag, status and remarks), the period that applies,
   * and last year's report (`prevFormId`: the form serving last year; cross-year values when it
   * is this form, its 说明 offered either way).
   */
  async refreshServer(api: ApiClient, unitCode: string, prevFormId?: string | null): Promise<void> {
    const prevForm = prevFormId === undefined ? this.form.id : prevFormId;
    const [cur, prev, periods] = await Promise.all([
      api.report(unitCode, this.form.id, this.year),
      prevForm && !this.lastYearKnown
        ? api.report(unitCode, prevForm, this.year - 1)
        : Promise.resolve(null),
      api.periods(unitCode),
    ]);
    if (cur.ok) this.acceptReport(cur.data, cur.etag);
    else if (cur.kind === "problem" && cur.status === 404) {
      this.state = { ...this.state, server: null };
      this.report = null;
    }
    if (prev) {
      if (prev.ok) this.knowLastYear(prev.data);
      else this.lastYearKnown = prev.kind === "problem" && prev.status === 404;
    }
    if (periods.ok) {
      const open = (periods.data.periods ?? []).filter(
        (p) => p.form === this.form.id && p.year === this.year,
      );
      this.period = open.find((p) => !p.closedAt) ?? open[0] ?? null;
    }
    this.state = { ...this.state, unitCode };
    // Repaint: the report's remarks (blue) show at once; server issues join the pane's list.
    await this.pass({ paint: true });
  }

  /** Last year's report of the unit: its 说明 offered, its values for the cross-year rules. */
  knowLastYear(report: Report): void {
    this.lastYear = report;
    this.lastYearKnown = true;
    if (report.form === this.form.id) this.previous = report.values;
  }

  /** Due date of the sheet's report: the report's own, else the applicable period's. */
  get dueDate(): string | null {
    return this.report?.dueDate ?? this.period?.dueDate ?? null;
  }

  private acceptReport(report: Report, etag: string | null): void {
    this.report = report;
    this.state = {
      ...this.state,
      pending: null,
      server: {
        revision: report.revision,
        etag: etag ?? `"${report.form}-${report.year}-r${report.revision}"`,
        submittedAt: report.submittedAt,
        status: report.status,
      },
    };
    this.serverIssues = report.issues;
    this.submitStatus = {
      kind: "submitted",
      revision: report.revision,
      submittedAt: report.submittedAt,
      status: report.status,
    };
  }

  private setStatus(s: SubmitStatus): SubmitStatus {
    this.submitStatus = s;
    this.emit();
    return s;
  }

  /**
   * Submit the sheet. The Idempotency-Key is made once per payload and kept in the workbook
   * until the server confirms, so a retry after a network failure can never add a revision.
   */
  async submit(api: ApiClient, unitCode: string): Promise<SubmitStatus> {
    const { result, issues } = await this.pass();
    if (result.errors > 0)
      return this.setStatus({
        kind: "blocked",
        errors: issues.filter((i) => i.severity === "error").length,
      });
    const missing = this.missingExplanations();
    if (missing.length) return this.setStatus({ kind: "needsExplanations", keys: missing });
    const explanations: Record<string, string> = {};
    for (const w of this.warnings()) explanations[w.key] = this.state.explanations[w.key]!.trim();
    const answers: Record<string, string> = {};
    for (const r of this.remarks()) {
      const a = (this.state.answers[r.id] ?? "").trim();
      if (!r.resolved && a) answers[r.id] = a;
    }
    const body: ReportPutBody = {
      values: result.values,
      explanations,
      ...(Object.keys(answers).length ? { answers } : {}),
    };
    const hash = payloadHash({ unitCode, form: this.form.id, year: this.year, body });
    const serverStatus = this.report?.status ?? this.state.server?.status;
    if (this.state.server?.hash === hash && !this.state.pending && serverStatus === "submitted") {
      // Nothing changed since the last submission: no new revision.
      return this.setStatus({
        kind: "submitted",
        revision: this.state.server.revision,
        submittedAt: this.state.server.submittedAt,
        status: this.state.server.status,
      });
    }
    if (!this.state.pending || this.state.pending.hash !== hash) {
      this.state = {
        ...this.state,
        pending: { key: this.deps.uuid(), hash, createdAt: this.deps.now().toISOString() },
      };
    }
    this.state = { ...this.state, unitCode };
    await this.queue(() => this.deps.host.saveState(this.namespace, this.xml().xml));
    this.setStatus({ kind: "submitting" });

    const res = await api.putReport(unitCode, this.form.id, this.year, body, {
      idempotencyKey: this.state.pending!.key,
      ifMatch: this.state.server?.etag ?? null,
    });
    let status: SubmitStatus;
    if (res.ok) {
      this.acceptReport(res.data, res.etag);
      this.state.server!.hash = hash;
      // Sent answers are kept by the server (remark.answer); the local copies are done.
      const answered = new Set(Object.keys(answers));
      this.state.answers = Object.fromEntries(
        Object.entries(this.state.answers).filter(([id]) => !answered.has(id)),
      );
      status = this.submitStatus;
    } else if (res.kind === "network") {
      status = { kind: "network", message: res.message };
    } else if (res.status === 412 || res.status === 428) {
      status = await this.reconcile(api, unitCode, body);
    } else if (res.status === 409 && problemSlug(res.problem.type) === "report-locked") {
      this.state = { ...this.state, pending: null };
      // The status line follows: fetch the accepted report.
      const cur = await api.report(unitCode, this.form.id, this.year);
      if (cur.ok) this.acceptReport(cur.data, cur.etag);
      status = { kind: "locked" };
    } else if (res.status === 409 && problemSlug(res.problem.type) === "no-open-period") {
      this.state = { ...this.state, pending: null };
      status = {
        kind: "noPeriod",
        detail: res.problem.detail,
        detailEn: res.problem.detail_en,
      };
    } else {
      if (res.status === 422 && res.problem.issues) {
        const localKeys = new Set(result.issues.map((i) => i.key));
        this.serverIssues = res.problem.issues.filter((i) => !localKeys.has(i.key));
      }
      // A definite answer: the next submission is a new request.
      this.state = { ...this.state, pending: null };
      status = {
        kind: "rejected",
        status: res.status,
        detail: res.problem.detail,
        detailEn: res.problem.detail_en,
      };
    }
    await this.queue(() => this.deps.host.saveState(this.namespace, this.xml().xml));
    this.setStatus(status);
    if (this.serverIssues.length || this.report?.remarks?.length) await this.pass({ paint: true });
    return status;
  }

  /** After 412/428: if the server already holds exactly this payload, it was ours; else a conflict. */
  private async reconcile(
    api: ApiClient,
    unitCode: string,
    body: ReportPutBody,
  ): Promise<SubmitStatus> {
    const cur = await api.report(unitCode, this.form.id, this.year);
    if (!cur.ok)
      return cur.kind === "network"
        ? { kind: "network", message: cur.message }
        : { kind: "conflict", revision: null };
    const same =
      payloadHash({ v: fillZeros(this.form, cur.data.values), e: cur.data.explanations }) ===
      payloadHash({ v: fillZeros(this.form, body.values), e: body.explanations ?? {} });
    if (same) {
      this.acceptReport(cur.data, cur.etag);
      return this.submitStatus;
    }
    this.report = cur.data;
    this.state = {
      ...this.state,
      pending: null,
      server: {
        revision: cur.data.revision,
        etag: cur.etag ?? `"${cur.data.form}-${cur.data.year}-r${cur.data.revision}"`,
        submittedAt: cur.data.submittedAt,
        status: cur.data.status,
      },
    };
    return { kind: "conflict", revision: cur.data.revision };
  }
}

/** The server stores a blank cell as 0. */
function fillZeros(form: Form, values: Record<string, number>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const c of form.cells) out[c.id] = values[c.id] ?? 0;
  return out;
}
