/**
 * What one form session holds, shared by its parts: checking.ts (the check after every change),
 * remarks.ts (a supervisor's remarks and their marks), submit.ts (提交), and session.ts, which
 * puts them together as `FormSession`. The state the workbook keeps (custom XML part) is written
 * only by the actions that say so — 插入报表, 保存, 提交 and a remark paint that changes marks —
 * since each such write clears Excel's undo history.
 */
import { MIN_EXPLANATION_CHARS, type Period, type Report } from "../../../shared/api/schemas";
import type { Issue, ValidationResult } from "../../../shared/engine";
import type { Form } from "../../../shared/forms/model";
import { layoutForm, type SheetLayout } from "../../../shared/layout";
import { serial, type Timer } from "../common/debounce";
import type { Lang } from "../common/i18n";
import { stateNamespace } from "../host/meta";
import type { ExcelHost, FormMeta } from "../host/types";
import {
  clearDrafts,
  loadDrafts,
  memoryStorage,
  sameTexts,
  saveDrafts,
  type DraftStorage,
  type SheetTexts,
} from "./drafts";
import { stateToXml, type SheetState } from "./state";

export interface SessionDeps {
  host: ExcelHost;
  lang: Lang;
  uuid: () => string;
  now: () => Date;
  /** Debounce timer for change events (injected in tests). */
  timer?: Timer;
  debounceMs?: number;
  /** Where 说明 and answers wait while typed (the pane's localStorage); memory by default. */
  drafts?: DraftStorage;
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

export interface PassOptions {
  /** 自动计算合计 (sheets whose totals are not formulas): write the derived totals. */
  fillTotals?: boolean;
  /** A change event: no new check when no input changed. */
  ifChanged?: boolean;
  /** Bring the remarks' marks up to date (刷新状态, after 提交): a write only where they differ. */
  paint?: boolean;
}

const texts = (s: SheetState): SheetTexts => ({
  explanations: { ...s.explanations },
  answers: { ...s.answers },
});

export class SessionCore {
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
  lastYearKnown = false;
  /** Issues the server reported that the add-in cannot compute itself (e.g. cross-year). */
  serverIssues: Issue[] = [];
  /** Last year's values of the unit, when known (cross-year rules). */
  previous: Record<string, number> | null = null;
  submitStatus: SubmitStatus = { kind: "idle" };
  /** One Excel conversation at a time. */
  readonly queue = serial();
  /** The inputs as the last pass read them (with the totals it wrote). */
  lastRaw: Record<string, unknown> | null = null;
  private listeners = new Set<() => void>();
  private readonly drafts: DraftStorage;
  /** The 说明 and answers as the workbook holds them (its part as last read or written). */
  private saved: SheetTexts;

  constructor(
    readonly deps: SessionDeps,
    readonly form: Form,
    readonly meta: FormMeta,
    public sheetId: string,
    public sheetName: string,
    public state: SheetState,
    /** The workbook has the sheet's custom XML part (else the first save creates it). */
    public hasPart: boolean,
  ) {
    this.layout = layoutForm(form, deps.lang);
    this.namespace = stateNamespace(meta.uid);
    this.drafts = deps.drafts ?? memoryStorage();
    this.saved = texts(state);
    // What was typed and not saved yet (the pane closed, the workbook reopened) comes back.
    const kept = loadDrafts(this.drafts, meta.uid);
    if (kept) {
      this.state = {
        ...state,
        explanations: { ...state.explanations, ...kept.explanations },
        answers: { ...state.answers, ...kept.answers },
      };
    }
    if (state.server) {
      this.submitStatus = {
        kind: "submitted",
        revision: state.server.revision,
        submittedAt: state.server.submittedAt,
        status: state.server.status,
      };
    }
  }

  subscribe(fn: () => void): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  emit(): void {
    for (const fn of this.listeners) fn();
  }

  /**
   * The state as a paint writes it: marks and server revision as now, the 说明 and answers as
   * the workbook already holds them — a paint never carries a draft into the workbook.
   */
  paintXml(): { namespace: string; xml: string; create: boolean } {
    const state = { ...this.state, ...this.saved };
    return {
      namespace: this.namespace,
      xml: stateToXml(this.namespace, state),
      create: !this.hasPart,
    };
  }

  /** A paint wrote `paintXml()`: the part exists now. */
  painted(): void {
    this.hasPart = true;
  }

  /** 说明 or answers typed since the workbook last got them (保存 or 提交 writes them). */
  get unsaved(): boolean {
    return !sameTexts(texts(this.state), this.saved);
  }

  /** Keep the typed texts outside the workbook (no Excel call: Ctrl+Z is untouched). */
  keepDrafts(): void {
    if (this.unsaved) saveDrafts(this.drafts, this.meta.uid, texts(this.state));
    else clearDrafts(this.drafts, this.meta.uid);
  }

  /**
   * Write the whole state, the typed texts included, into the workbook's part (保存, 提交):
   * 1 sync, 2 when the part is created. The drafts are then the workbook's and leave the storage.
   */
  async persist(): Promise<void> {
    const xml = stateToXml(this.namespace, this.state);
    const now = texts(this.state);
    await this.queue(() => this.deps.host.saveState(this.namespace, xml));
    this.hasPart = true;
    this.saved = now;
    this.keepDrafts();
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
  settleStatus(): void {
    const s = this.submitStatus;
    const fixed =
      (s.kind === "blocked" && !this.issues.some((i) => i.severity === "error")) ||
      (s.kind === "needsExplanations" && this.missingExplanations().length === 0);
    if (fixed) this.submitStatus = { kind: "idle" };
  }

  setStatus(s: SubmitStatus): SubmitStatus {
    this.submitStatus = s;
    this.emit();
    return s;
  }

  acceptReport(report: Report, etag: string | null): void {
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
}
