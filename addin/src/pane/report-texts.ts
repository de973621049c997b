/**
 * The annual report's texts, as the clerk writes them on the page and in the pane (issue 26): the
 * sections the report's structure asks for, each a plain multi-line box; every keystroke is kept
 * in the browser (localStorage) until the server has it, so a closed page or a lost connection
 * loses nothing typed; the checks of shared/report/checks.ts run as the clerk types; 保存 stores a
 * draft, 提交 hands the texts in; the document downloads as Word or opens as a web page.
 */
import {
  ApiError,
  apiBase,
  createApiResults,
  plainProblem,
  type ApiClientOptions,
  type ApiResult,
} from "../../../shared/api/client";
import { documentPath, textsETag, type ReportTexts } from "../../../shared/api/report-texts";
import type { Report } from "../../../shared/api/schemas";
import { chinaDate } from "../../../shared/china-time";
import { compileForm, type Form } from "../../../shared/forms/model";
import {
  checkTexts,
  stillMissing,
  type Missing,
  type TextIssue,
} from "../../../shared/report/checks";
import type { ReportStructure, TextBlock } from "../../../shared/report/schema";
import { textsOf } from "../../../shared/report/structure";
import type { Lang } from "../common/i18n";
import { downloadName } from "../../../shared/api/disposition";

/** Where the texts are written: one unit's report of a form and year, on one server. */
export interface TextsTarget {
  server: string;
  token: string;
  unit: string;
  form: string;
  year: number;
  /**
   * `write`: the clerk's own report (or a supervisor's own consolidated report); `review`: a
   * supervisor looking at a unit below, who returns or accepts the texts.
   */
  mode?: "write" | "review";
  /** A supervisor's own unit: the document is the consolidated report, and the zip is offered. */
  node?: boolean;
}

/** The browser's storage, as much as a draft needs (localStorage, or a stand-in in tests). */
export interface DraftStore {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

export interface TextsDeps {
  lang: Lang;
  drafts: DraftStore;
  save: (bytes: Uint8Array, filename: string) => void;
  /** Open a page (the document as HTML) in a new tab. */
  open: (html: string) => void;
  now: () => Date;
  fetch?: typeof fetch;
}

export type TextsOutcome =
  | { kind: "saved"; revision: number; submitted: boolean }
  | { kind: "unchanged" }
  | { kind: "reviewed"; status: "returned" | "accepted" }
  | { kind: "downloaded"; filename: string }
  | { kind: "problem"; title: string; detail: string }
  /** No answer: what was typed stays in the browser. */
  | { kind: "network"; message: string };

interface Draft {
  /** The revision the draft was typed over. */
  base: number;
  texts: Record<string, string>;
}

const draftKey = (t: TextsTarget) => `xxgk.texts.${t.server}.${t.unit}.${t.form}.${t.year}`;

function data<T>(r: ApiResult<T>): T {
  if (r.ok) return r.data;
  throw r.kind === "problem" ? new ApiError(r.status, r.problem) : new Error(r.message);
}

export class TextsController {
  target: TextsTarget | null = null;
  server: ReportTexts | null = null;
  /** What the boxes hold now. */
  texts: Record<string, string> = {};
  /** A draft kept in the browser was put back into the boxes. */
  restored = false;
  /** The report's figures (the checks compare typed numbers with them). */
  report: Report | null = null;
  form: Form | null = null;
  busy = false;
  outcome: TextsOutcome | null = null;
  /** Why the texts cannot be written here (the form has no report format, …), or null. */
  unavailable: string | null = null;
  /** Called after every change of state; `typing`: only the checks changed. */
  onChange: (typing: boolean) => void = () => undefined;
  private loading = 0;

  constructor(readonly deps: TextsDeps) {}

  private results() {
    const t = this.target!;
    const opts: ApiClientOptions = {
      origin: t.server,
      token: t.token,
      fetch: this.deps.fetch ?? ((u, i) => fetch(u, i)),
    };
    return createApiResults(opts);
  }

  get structure(): ReportStructure | null {
    return this.server?.structure ?? null;
  }

  sections(): TextBlock[] {
    return this.structure ? textsOf(this.structure) : [];
  }

  /** Load the texts of a report (again when the target changed); a kept draft comes back. */
  async load(target: TextsTarget | null): Promise<void> {
    const same = JSON.stringify(target) === JSON.stringify(this.target);
    if (same && this.server) return;
    this.target = target;
    this.server = null;
    this.report = null;
    this.outcome = null;
    this.unavailable = null;
    this.restored = false;
    if (!target) return this.onChange(false);
    const ticket = ++this.loading;
    const results = this.results();
    const [texts, report, form] = await Promise.all([
      results.texts(target.unit, target.form, target.year),
      results.report(target.unit, target.form, target.year),
      results.form(target.form),
    ]);
    if (ticket !== this.loading) return; // another report was chosen meanwhile
    if (!texts.ok) {
      this.unavailable =
        texts.kind === "problem"
          ? this.deps.lang === "zh"
            ? texts.problem.detail
            : texts.problem.detail_en
          : texts.message;
      return this.onChange(false);
    }
    this.server = texts.data;
    this.report = report.ok ? report.data : null;
    this.form = form.ok ? compileForm(form.data.definition) : null;
    const draft = this.draft();
    this.restored =
      draft !== null && JSON.stringify(draft.texts) !== JSON.stringify(this.server.texts);
    this.texts = { ...(this.restored ? draft!.texts : this.server.texts) };
    this.onChange(false);
  }

  private draft(): Draft | null {
    try {
      const raw = this.deps.drafts.getItem(draftKey(this.target!));
      return raw ? (JSON.parse(raw) as Draft) : null;
    } catch {
      return null;
    }
  }

  /** The clerk typed into a box: kept in the browser at once. */
  type(id: string, text: string): void {
    if (!this.target || !this.server) return;
    this.texts = { ...this.texts, [id]: text };
    const draft: Draft = { base: this.server.revision, texts: this.texts };
    try {
      this.deps.drafts.setItem(draftKey(this.target), JSON.stringify(draft));
    } catch {
      // Storage full or refused: the boxes still hold the text until it is saved.
    }
    this.onChange(true);
  }

  /** The checks of the texts against the figures. */
  issues(): TextIssue[] {
    if (!this.structure || !this.form) return [];
    const all = checkTexts(this.form, this.structure, this.report?.values ?? {}, this.texts);
    // A node's figures are its rollup's, not a report of its own: only empty sections are told.
    return this.target?.node ? all.filter((i) => i.kind === "empty") : all;
  }

  /** What is still missing for the report's publication, with the days left. */
  missing(): Missing | null {
    if (!this.structure) return null;
    const now = this.deps.now().toISOString();
    return stillMissing({
      structure: this.structure,
      texts: this.texts,
      reportStatus: this.target?.node
        ? "accepted" // a node's figures are its rollup's
        : this.report?.status === "withdrawn"
          ? "returned"
          : (this.report?.status ?? null),
      textStatus: this.server?.status ?? null,
      today: chinaDate(now) ?? now.slice(0, 10),
      dueDate: this.report?.dueDate ?? null,
    });
  }

  private async run(work: () => Promise<TextsOutcome>): Promise<void> {
    this.busy = true;
    this.onChange(false);
    try {
      this.outcome = await work();
    } catch (e) {
      const { lang } = this.deps;
      this.outcome =
        e instanceof ApiError
          ? {
              kind: "problem",
              title: lang === "zh" ? e.problem.title : (e.problem.title_en ?? e.problem.title),
              detail: lang === "zh" ? e.problem.detail : e.problem.detail_en,
            }
          : { kind: "network", message: e instanceof Error ? e.message : String(e) };
    } finally {
      this.busy = false;
      this.onChange(false);
    }
  }

  /** 保存草稿 (`submit` false) or 提交 (true). The browser's draft goes once the server has it. */
  store(submit: boolean): Promise<void> {
    return this.run(async () => {
      const t = this.target!;
      const before = this.server!;
      const r = await this.results().putTexts(
        t.unit,
        t.form,
        t.year,
        { texts: this.texts, submit },
        textsETag(before.revision),
      );
      const got = data(r);
      this.server = got;
      this.texts = { ...got.texts, ...this.texts };
      this.deps.drafts.removeItem(draftKey(t));
      this.restored = false;
      if (r.ok && r.status === 200) return { kind: "unchanged" };
      return { kind: "saved", revision: got.revision, submitted: submit };
    });
  }

  /** A supervisor returns (with the remark) or accepts the submitted texts. */
  review(action: "return" | "accept", remark: string): Promise<void> {
    return this.run(async () => {
      const t = this.target!;
      const got = data(
        await this.results().reviewTexts(t.unit, t.form, t.year, {
          action,
          ...(remark.trim() ? { remark } : {}),
        }),
      );
      this.server = got;
      return { kind: "reviewed", status: action === "return" ? "returned" : "accepted" };
    });
  }

  /** The document as Word (a download) or as a web page (a new tab); `zip`: every unit's. */
  document(format: "docx" | "html" | "zip"): Promise<void> {
    return this.run(async () => {
      const t = this.target!;
      const doFetch = this.deps.fetch ?? ((u, i) => fetch(u, i));
      const kind = t.node ? "rollups" : "reports";
      const path =
        format === "zip"
          ? `/units/${encodeURIComponent(t.unit)}/rollups/${encodeURIComponent(t.form)}/${t.year}/documents?lang=${this.deps.lang}`
          : documentPath(kind, t.unit, t.form, t.year, format, this.deps.lang);
      const res = await doFetch(`${apiBase(t.server)}${path}`, {
        headers: { Authorization: `Bearer ${t.token}` },
      });
      if (!res.ok) {
        const text = await res.text();
        let problem;
        try {
          problem = JSON.parse(text);
        } catch {
          problem = plainProblem(res.status, text.slice(0, 200), res.headers.get("X-Request-Id"));
        }
        throw new ApiError(res.status, problem);
      }
      const filename = downloadName(
        res.headers.get("Content-Disposition"),
        `report-${t.unit}-${t.year}.${format}`,
      );
      if (format === "html") {
        this.deps.open(await res.text());
        return { kind: "downloaded", filename };
      }
      this.deps.save(new Uint8Array(await res.arrayBuffer()), filename);
      return { kind: "downloaded", filename };
    });
  }
}
