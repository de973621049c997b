/**
 * One form sheet being filled in: insert its self-checking workbook or recognise it, and the
 * clerk's actions on it, put together from the session's parts — checking.ts (a read-only check
 * after every change), remarks.ts (a supervisor's remarks and their marks), submit.ts (提交),
 * with the state they share in core.ts. 说明 and answers wait outside the workbook while typed
 * (drafts.ts) and go in with 保存 or 提交: a write of the workbook's custom XML part clears
 * Excel's undo history, so nothing the clerk merely types or opens writes one.
 * Talks to Excel only through `ExcelHost` and to the server only through `ApiClient`.
 */
import type { Remark, Report } from "../../../shared/api/schemas";
import type { Issue } from "../../../shared/engine";
import type { Form } from "../../../shared/forms/model";
import { formSheetName } from "../../../shared/layout";
import type { ApiClient } from "../common/api-client";
import { buildWorkbook } from "../../../shared/workbook";
import { text as workbookText } from "../../../shared/workbook/text";
import { stateNamespace } from "../host/meta";
import type { FormMeta, RecognisedSheet } from "../host/types";
import { check, watchChanges } from "./checking";
import {
  SessionCore,
  type PassOptions,
  type PassResult,
  type SessionDeps,
  type SubmitStatus,
} from "./core";
import { orderedRemarks, remarkState } from "./remarks";
import { emptyState, stateFromXml, stateToXml } from "./state";
import { submitSheet } from "./submit";

export type { PassOptions, PassResult, SessionDeps, SubmitStatus };

export class FormSession extends SessionCore {
  private unwatch: (() => Promise<void>) | null = null;

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
          form: formSheetName(form, year, deps.lang),
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
    const session = new FormSession(deps, form, meta, sheet.id, sheet.name, state, true);
    if (lastYear) session.knowLastYear(lastYear);
    return session;
  }

  /**
   * Recognise the active (or named) sheet as a form sheet; null when it is not one. Reads only:
   * a sheet without its state part gets one at the first 保存, 提交 or paint.
   */
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
    return new FormSession(
      deps,
      form,
      found.meta,
      found.id,
      found.name,
      state,
      found.stateXml !== null,
    );
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

  /**
   * A check (checking.ts): 1 read-only sync for the pane's list. Explicit actions write:
   * `fillTotals` the derived totals, `paint` the remarks' marks where they differ from the
   * sheet's; 1 more sync when either changes something.
   */
  pass(opts: PassOptions = {}): Promise<PassResult> {
    return check(this, opts);
  }

  /**
   * Check on every change of the sheet (debounced). The add-in's own writes and co-authors'
   * edits are ignored; a change that leaves every input as it was makes no write.
   */
  async watch(onError: (e: unknown) => void = () => undefined): Promise<void> {
    if (this.unwatch) return;
    this.unwatch = await watchChanges(this, onError);
  }

  /** The session ends: its change handler is removed from the sheet. */
  async stop(): Promise<void> {
    const unwatch = this.unwatch;
    this.unwatch = null;
    await unwatch?.();
  }

  /** A 说明 typed: kept outside the workbook (drafts.ts) until 保存 or 提交. No Excel call. */
  async setExplanation(key: string, text: string): Promise<void> {
    this.state = { ...this.state, explanations: { ...this.state.explanations, [key]: text } };
    this.keepDrafts();
    const before = this.submitStatus;
    this.settleStatus();
    if (before !== this.submitStatus) this.emit();
  }

  /**
   * 保存: the 说明 and answers typed so far into the workbook (its custom XML part), so they
   * travel with the file. 1 sync (2 when the part is created), none when nothing is new; Excel's
   * undo history ends here.
   */
  async save(): Promise<void> {
    // Nothing new to keep: no write (and Ctrl+Z is kept).
    if (this.unsaved || !this.hasPart) await this.persist();
    this.emit();
  }

  selectIssue(issue: Issue): Promise<void> {
    return this.selectCell(issue.cell);
  }

  selectCell(cell: string): Promise<void> {
    const pos = this.layout.inputs[cell];
    return pos ? this.deps.host.select(this.sheetId, pos.address) : Promise.resolve();
  }

  // ---- remarks of a return (remarks.ts) --------------------------------------------------------

  /** Every remark of the current report (open ones first). */
  remarks(): Remark[] {
    return orderedRemarks(this);
  }

  /** How a remark stands for the clerk: open, `changed` (the cell was changed) or `answered`. */
  remarkState(r: Remark): "open" | "changed" | "answered" {
    return remarkState(this, r);
  }

  /**
   * An answer to a remark typed: kept outside the workbook like a 说明, sent with the next
   * 提交. The cell's blue mark stays until then (or until 刷新状态): typing never writes.
   */
  async setAnswer(remarkId: string, text: string): Promise<void> {
    this.state = { ...this.state, answers: { ...this.state.answers, [remarkId]: text } };
    this.keepDrafts();
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
   * is this form, its 说明 offered either way). The remarks' marks follow: a write only where
   * they differ from what the sheet shows.
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
    // The report's remarks show at once; server issues join the pane's list.
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

  /** 提交 (submit.ts): the Idempotency-Key kept in the workbook until the server confirms. */
  submit(api: ApiClient, unitCode: string): Promise<SubmitStatus> {
    return submitSheet(this, api, unitCode);
  }
}
