/**
 * The pane's shared state (connection, chosen form and year, the sheet being filled in, the
 * report under review, the notice line) and the plumbing every role uses: busy/notice handling,
 * loading a form definition. Each slice has one owner, the module that calls its setter (as
 * Script Lab's store has a reducer per slice); every setter emits the slice that changed, and the
 * views redraw on it. The roles (connection.ts, clerk.ts, supervisor.ts, review.ts) act on it;
 * controller.ts puts them together for the view.
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
  SignOff,
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

/** A unit's report loaded for review by a supervisor of an ancestor unit (replaced whole, never changed in place). */
export interface ReviewState {
  readonly unit: { code: string; name: string };
  readonly form: Form;
  readonly year: number;
  readonly layout: SheetLayout;
  readonly report: Report;
  /** Name of the review sheet (protected, read-only values). */
  readonly sheet: string;
  /** The supervisor's decision on each warning's 说明, by issue key. */
  readonly decisions: Readonly<Record<string, { decision: ExplanationDecision; comment: string }>>;
  /** Remarks pinned so far (sent with a return). */
  readonly remarks: { cell: string; address: string; text: string }[];
  /** Every transition of the report, oldest first (empty when the server has none). */
  readonly history: ReportEvent[];
  /** What changed since the revision last returned (比对); null when the server has no answer. */
  readonly changes?: RevisionCompare | null;
}

/**
 * The slices of the pane's state, each with one owner: the only module that calls its setter.
 * Everyone reads them; nobody outside this file assigns them (tests/modules.test.ts).
 */
export type PaneChange =
  /** Server, token, who the credential is, the forms it serves. Owner: connection.ts. */
  | "connection"
  /**
   * Form, year, unit, rollup scope, unit to review. Owner: the user (the view's fields, through
   * `choose`); the other slices' setters move it along (connecting picks the own unit, a sheet
   * its form and year, a rollup the first unit to review), inside this class.
   */
  | "choice"
  /** Units the supervisor can pick or review. Owner: supervisor.ts (the rollup lists them). */
  | "units"
  /** The form sheet being filled in. Owner: clerk.ts. */
  | "session"
  /** The report under review. Owner: review.ts. */
  | "review"
  /** The own unit's 汇总确认 for a form and year, as last read. Owner: follow-up.ts. */
  | "signOff"
  /** The notice line and the busy flag. Owner: this class (say, guard). */
  | "notice"
  | "busy";

/** Who the pane is connected as. */
interface Connection {
  server: string;
  token: string;
  me: MeResponse | null;
  forms: readonly FormSummary[];
  api: ApiClient | null;
}

/** What the user works on. */
export interface Choice {
  formId: string;
  year: number;
  unitCode: string;
  /** Which reports a pulled rollup consolidates. */
  include: Include;
  reviewUnit: string;
}

type Unit = { code: string; name: string };

export class PaneCore {
  private conn: Connection;
  private chosen: Choice;
  /** Units a supervisor can pick (own path, then the units of the last rollup). */
  private pickable: readonly Unit[] = [];
  /** Units below the supervisor's own (from the last rollup's completeness list). */
  private below: readonly Unit[] = [];
  private current: FormSession | null = null;
  private stopFollowing: (() => void) | null = null;
  private reviewing: ReviewState | null = null;
  private signed: SignOff | null = null;
  private shown: Notice = null;
  private working = false;
  private compiled = new Map<string, Form>();
  private listeners = new Set<(change: PaneChange) => void>();

  constructor(readonly deps: PaneDeps) {
    const saved = deps.store.load();
    this.conn = {
      server: saved?.server ?? deps.defaultServer,
      token: saved?.token ?? "",
      me: null,
      forms: [],
      api: null,
    };
    this.chosen = {
      formId: "",
      year: deps.now().getFullYear() - 1,
      unitCode: "",
      include: "submitted",
      reviewUnit: "",
    };
  }

  // ---- reading the state -----------------------------------------------------------------------

  get server(): string {
    return this.conn.server;
  }
  get token(): string {
    return this.conn.token;
  }
  get me(): MeResponse | null {
    return this.conn.me;
  }
  get forms(): readonly FormSummary[] {
    return this.conn.forms;
  }
  get api(): ApiClient | null {
    return this.conn.api;
  }
  get formId(): string {
    return this.chosen.formId;
  }
  get year(): number {
    return this.chosen.year;
  }
  get unitCode(): string {
    return this.chosen.unitCode;
  }
  get include(): Include {
    return this.chosen.include;
  }
  get reviewUnit(): string {
    return this.chosen.reviewUnit;
  }
  get units(): readonly Unit[] {
    return this.pickable;
  }
  get reviewUnits(): readonly Unit[] {
    return this.below;
  }
  get session(): FormSession | null {
    return this.current;
  }
  get review(): ReviewState | null {
    return this.reviewing;
  }
  /** The own unit's sign-off as last read (its form and year say which one it is). */
  get signOffState(): SignOff | null {
    return this.signed;
  }
  get notice(): Notice {
    return this.shown;
  }
  get busy(): boolean {
    return this.working;
  }

  // ---- the setters, one per slice --------------------------------------------------------------

  /**
   * Connected as `me` (owner: connection.ts): the unit worked on becomes the credential's own,
   * the units to pick its path.
   */
  connected(c: { server: string; token: string; me: MeResponse; api: ApiClient }): void {
    this.conn = { ...this.conn, ...c };
    this.chosen = { ...this.chosen, unitCode: c.me.unit.code };
    this.pickable = c.me.unit.path;
    this.signed = null;
    this.emit("connection");
  }

  /** The forms the credential serves (owner: connection.ts); the form for the year unless chosen. */
  servedForms(forms: readonly FormSummary[]): void {
    this.conn = { ...this.conn, forms };
    const fit = forms.find((f) => servesYear(f, this.year)) ?? forms[0];
    if (fit && !this.formId) this.chosen = { ...this.chosen, formId: fit.id };
    this.emit("connection");
  }

  /**
   * Not connected (owner: connection.ts): a refused connection keeps the client and token it had;
   * disconnecting (`forgetToken`) drops them.
   */
  disconnected(opts: { forgetToken: boolean }): void {
    this.conn = {
      ...this.conn,
      me: null,
      ...(opts.forgetToken ? { api: null, token: "" } : {}),
    };
    // Whoever connects next may be another unit's supervisor.
    this.signed = null;
    this.emit("connection");
  }

  /** The user's choice of form, year, unit, scope or unit to review. */
  choose(patch: Partial<Choice>): void {
    this.chosen = { ...this.chosen, ...patch };
    this.emit("choice");
  }

  /** Units a pulled rollup lists (owner: supervisor.ts): added to those to pick and review. */
  learnUnits(listed: readonly Unit[]): void {
    const seen = new Set(this.pickable.map((u) => u.code));
    this.pickable = [...this.pickable, ...listed.filter((u) => !seen.has(u.code))];
    // Units strictly below the supervisor's own unit can be reviewed (a rollup pulled for a
    // unit below lists that unit too).
    const own = this.me?.unit.code;
    const below = listed.filter((u) => u.code !== own).map((u) => ({ code: u.code, name: u.name }));
    const known = new Set(below.map((u) => u.code));
    this.below = [...below, ...this.below.filter((u) => !known.has(u.code))];
    if (!this.reviewUnit && this.below[0])
      this.chosen = { ...this.chosen, reviewUnit: this.below[0].code };
    this.emit("units");
  }

  /**
   * The form sheet the pane works on (owner: clerk.ts): its form and year become the chosen
   * ones, and its changes are the pane's.
   */
  adoptSession(session: FormSession | null): void {
    this.stopFollowing?.();
    this.stopFollowing = session?.subscribe(() => this.emit("session")) ?? null;
    this.current = session;
    if (session) this.chosen = { ...this.chosen, formId: session.form.id, year: session.year };
    this.emit("session");
  }

  /** The report under review, or none (owner: review.ts). */
  showReview(review: ReviewState | null): void {
    this.reviewing = review;
    this.emit("review");
  }

  /** The own unit's sign-off as the server last answered it (owner: follow-up.ts). */
  showSignOff(state: SignOff | null): void {
    this.signed = state;
    this.emit("signOff");
  }

  subscribe(fn: (change: PaneChange) => void): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  protected emit(change: PaneChange): void {
    for (const fn of this.listeners) fn(change);
  }

  // ---- what every role uses --------------------------------------------------------------------

  get lang(): Lang {
    return this.deps.lang;
  }

  say(kind: "info" | "error", text: string): void {
    this.shown = { kind, text };
    this.emit("notice");
  }

  clearNotice(): void {
    this.shown = null;
    this.emit("notice");
  }

  /** Run an action with the pane busy; an exception becomes the error notice. */
  async guard<T>(work: () => Promise<T>): Promise<T | undefined> {
    this.working = true;
    this.emit("busy");
    try {
      return await work();
    } catch (e) {
      this.say(
        "error",
        t(this.lang, "error", { detail: e instanceof Error ? e.message : String(e) }),
      );
      return undefined;
    } finally {
      this.working = false;
      this.emit("busy");
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
