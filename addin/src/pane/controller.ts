/**
 * The task pane's state and actions, without the DOM: connect, choose form and year, insert,
 * check, fill totals, explain warnings, submit, pull a rollup. The view (view.ts) renders it.
 */
import type { FormSummary, MeResponse } from "../../../shared/api/schemas";
import type { Issue } from "../../../shared/engine";
import { compileForm, servesYear, type Form } from "../../../shared/forms/model";
import { layoutForm } from "../../../shared/layout";
import { ApiClient, type ConnectionStore, type FetchLike } from "../api-client";
import type { Timer } from "../debounce";
import type { ExcelHost } from "../host/types";
import { t, type Lang } from "../i18n";
import { drawRollup } from "../rollup";
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

export type Notice = { kind: "info" | "error"; text: string } | null;

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
      await this.session.refreshServer(this.api!, this.session.state.unitCode ?? this.unitCode);
    return ok === true;
  }

  disconnect(): void {
    this.deps.store.clear();
    this.api = null;
    this.me = null;
    this.token = "";
    this.emit();
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
        await session.refreshServer(this.api, session.state.unitCode ?? this.unitCode);
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
      if (this.api) await session.refreshServer(this.api, this.me.unit.code);
      this.say("info", t(this.lang, "inserted", { sheet: session.sheetName }));
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
      const res = await this.api.rollup(this.unitCode, this.formId, this.year);
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
      this.say(
        "info",
        t(this.lang, "pulled", { units: r.units, submitted: r.submitted, missing: r.missing }),
      );
    });
  }
}
