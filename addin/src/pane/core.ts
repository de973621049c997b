/**
 * The pane's shared state (connection, chosen form and year, the sheet being filled in, the
 * report under review, the notice line) and the plumbing every role uses: busy/notice handling,
 * change notification, loading a form definition. The roles (connection.ts, clerk.ts,
 * supervisor.ts, review.ts) act on it; controller.ts puts them together for the view.
 */
import type {
  ExplanationDecision,
  FormSummary,
  Include,
  MeResponse,
  Report,
  ReportEvent,
  ReportStatus,
  RevisionCompare,
} from "../../../shared/api/schemas";
import { compileForm, servesYear, type Form } from "../../../shared/forms/model";
import type { SheetLayout } from "../../../shared/layout";
import type { ApiClient, ConnectionStore, FetchLike } from "../common/api-client";
import type { Timer } from "../common/debounce";
import type { ExcelHost } from "../host/types";
import { t, type Lang } from "../common/i18n";
import type { DraftStorage } from "../session/drafts";
import type { FormSession } from "../session/session";

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
  /** Where the clerk's 说明 and answers wait while typed (localStorage); memory by default. */
  drafts?: DraftStorage;
  /** Hands a downloaded file (a published report) to the user; default: a browser download. */
  save?: (blob: Blob, filename: string) => void;
}

export type { IssueGroup } from "./issues";

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
  /** What changed since the revision last returned (比对); null when the server has no answer. */
  changes?: RevisionCompare | null;
}

export class PaneCore {
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
  api: ApiClient | null = null;
  private compiled = new Map<string, Form>();
  private listeners = new Set<() => void>();

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

  emit(): void {
    for (const fn of this.listeners) fn();
  }

  say(kind: "info" | "error", text: string): void {
    this.notice = { kind, text };
    this.emit();
  }

  /** Run an action with the pane busy; an exception becomes the error notice. */
  async guard<T>(work: () => Promise<T>): Promise<T | undefined> {
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

  problemText(p: { detail: string; detail_en?: string }): string {
    return t(this.lang, "rejected", {
      detail: this.lang === "zh" ? p.detail : (p.detail_en ?? p.detail),
    });
  }

  /** A failed API answer as the notice says it. */
  failureText(res: { kind: "network" } | { kind: "problem"; problem: Problem }): string {
    return res.kind === "network" ? t(this.lang, "networkFailed") : this.problemText(res.problem);
  }

  /** The form that serves the year before `year` (from GET /forms), or null when none. */
  prevFormId(year: number): string | null {
    return this.forms.find((f) => servesYear(f, year - 1))?.id ?? null;
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

  /** A cell's label for the pane: its address and row label (「E12 本年新收…· 自然人」). */
  cellLabel(cell: string, form = this.review?.form ?? this.session?.form): string {
    const def = form?.cellById.get(cell);
    const address =
      (this.review?.form === form ? this.review?.layout : this.session?.layout)?.inputs[cell]
        ?.address ?? "";
    return def ? `${address} ${def.label[this.lang]}`.trim() : cell;
  }
}

type Problem = { detail: string; detail_en?: string };
