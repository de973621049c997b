/**
 * The pane without Excel (a plain browser, issue 11): a connected clerk downloads the unit's
 * checking workbook, fills it in any spreadsheet program and uploads it; a supervisor does the
 * same for any unit below. No Office.js here: the workbook file carries the rules itself.
 */
import {
  ApiError,
  createApiClient,
  createApiResults,
  type ApiClientOptions,
  type ApiResult,
} from "../../../shared/api/client";
import { looksLikeInviteCode } from "../../../shared/api/invite-code";
import type {
  FormSummary,
  MeResponse,
  Period,
  Problem,
  Report,
  ReportEvent,
  RevisionCompare,
} from "../../../shared/api/schemas";
import type { WorkbookCellProblem } from "../../../shared/api/workbook";
import { compileForm, servesYear, type Form } from "../../../shared/forms/model";
import { layoutForm } from "../../../shared/layout";
import type { Connection, ConnectionStore } from "../common/api-client";
import type { Lang } from "../common/i18n";
import { groupIssues, issueAddresses, type IssueGroup } from "./issues";

export type FilesLang = Lang;

/** The issues of a refused upload, as the pane lists them: by table, with their cells. */
export interface RefusedIssues {
  groups: IssueGroup[];
  /** A1 addresses on the form sheet, by issue key (its own cell first). */
  addresses: Record<string, string[]>;
  /** Keys of the warnings that lack a 说明. */
  missing: string[];
}

/** The outcome shown under the buttons. */
export type FilesOutcome =
  | { kind: "stored"; revision: number; warnings: number; onBehalfOf: string | null }
  | { kind: "downloaded"; filename: string }
  | {
      kind: "problem";
      title: string;
      detail: string;
      lines: string[];
      issues: RefusedIssues | null;
    }
  | { kind: "network"; message: string }
  /** 撤回: the report is back with the clerk (view/withdraw.ts). */
  | { kind: "withdrawn"; revision: number }
  /**
   * The file was based on an older revision (domain/file-base.ts on the server): the server's
   * words, and the file kept so 「仍用此文件覆盖」 can send it again over that revision.
   */
  | { kind: "outdated"; detail: string; currentRevision: number; bytes: Uint8Array };

/** A supervisor's remark as the page shows it: at its cell, with who and when. */
export interface RemarkView {
  id: string;
  /** A1 address on the form sheet, and the cell's label. */
  address: string;
  label: string;
  text: string;
  author: string;
  at: string;
  revision: number;
  resolution: "open" | "changed" | "answered";
  answer: string | null;
}

/** The chosen report as the page shows it: status, due date, return reason, remarks, history. */
export interface ReportView {
  /** null: nothing sent yet (未报送). */
  report: Pick<Report, "revision" | "status" | "resubmitted" | "submittedAt"> | null;
  dueDate: string | null;
  periodClosed: boolean;
  returnReason: string | null;
  remarks: RemarkView[];
  history: ReportEvent[];
  /** 比对: what changed since the revision last returned (view/compare.ts); null: nothing to say. */
  compare: RevisionCompare | null;
}

export interface FilesDeps {
  store: ConnectionStore;
  lang: FilesLang;
  uuid: () => string;
  /** Hand the bytes to the user as a file (a download link in a browser). */
  save: (bytes: Uint8Array, filename: string) => void;
  fetch?: typeof fetch;
  /** Below the add-in's sections in Excel: the pane's connection is used, none of its own. */
  embedded?: boolean;
}

/** A result's data; a failure thrown as ApiError (a problem) or Error (no answer). */
function data<T>(r: ApiResult<T>): T {
  if (r.ok) return r.data;
  throw r.kind === "problem" ? new ApiError(r.status, r.problem) : new Error(r.message);
}

/** One line per input cell that holds no number: `E27 「(一)予以公开」: 「十二」不是数字`. */
export function problemLines(problem: Problem, lang: FilesLang): string[] {
  const cells = problem.cells as WorkbookCellProblem[] | undefined;
  return Array.isArray(cells)
    ? cells.map((c) => `${c.address} 「${c.label}」: ${c.message[lang]}`)
    : [];
}

/**
 * The issues that refused the upload (errors, and warnings without a 说明) with the addresses of
 * their cells on the form sheet; without the form, ungrouped and without addresses.
 */
export function refusedIssues(
  problem: Problem,
  form: Form | null,
  lang: FilesLang,
): RefusedIssues | null {
  const missing = problem.missingExplanations ?? [];
  const shown = (problem.issues ?? []).filter(
    (i) => i.severity === "error" || missing.includes(i.key),
  );
  if (!shown.length) return null;
  if (!form) return { groups: [{ table: "", issues: shown }], addresses: {}, missing };
  // The server writes the workbook in zh-CN (worker/src/services/workbook-file.ts): its layout.
  const layout = layoutForm(form, "zh");
  const addresses = Object.fromEntries(shown.map((i) => [i.key, issueAddresses(i, layout)]));
  return { groups: groupIssues(form, shown, lang), addresses, missing };
}

/** The year a period opens the report of: the latest open one, else the latest. */
function preselect(periods: Period[]): Period | null {
  const byYear = [...periods].sort((a, b) => b.year - a.year);
  return byYear.find((p) => p.closedAt === null) ?? byYear[0] ?? null;
}

export class FilesController {
  // The page's state is this controller's alone: views read it through the getters and change
  // it only through the methods below (connect, choose, download, upload, withdraw).
  private _me: MeResponse | null = null;
  private _conn: Connection | null;
  private _forms: FormSummary[] = [];
  private _periods: Period[] = [];
  private _formId = "";
  private _year = new Date().getFullYear() - 1;
  private _unit = "";
  private _busy = false;
  private _outcome: FilesOutcome | null = null;
  private _view: ReportView | null = null;
  onChange: () => void = () => undefined;
  private readonly compiled = new Map<string, Form>();

  constructor(private readonly deps: FilesDeps) {
    this._conn = deps.store.load();
  }

  get me(): MeResponse | null {
    return this._me;
  }
  get conn(): Connection | null {
    return this._conn;
  }
  /** The forms in force for the unit (GET /forms), and the periods that apply to it. */
  get forms(): readonly FormSummary[] {
    return this._forms;
  }
  get periods(): readonly Period[] {
    return this._periods;
  }
  get formId(): string {
    return this._formId;
  }
  get year(): number {
    return this._year;
  }
  get unit(): string {
    return this._unit;
  }
  get busy(): boolean {
    return this._busy;
  }
  get outcome(): FilesOutcome | null {
    return this._outcome;
  }
  get view(): ReportView | null {
    return this._view;
  }

  get embedded(): boolean {
    return this.deps.embedded === true;
  }

  /** The shared client bound to the connection. */
  private api() {
    const { server, token } = this._conn!;
    const opts: ApiClientOptions = {
      origin: server,
      token,
      fetch: this.deps.fetch ?? ((u, i) => fetch(u, i)),
    };
    return { results: createApiResults(opts), files: createApiClient(opts) };
  }

  /** The forms offered for the chosen year, by name. */
  formsForYear(): FormSummary[] {
    return this._forms.filter((f) => servesYear(f, this._year));
  }

  /** The chosen form's name in the page's language (its id only if the server did not list it). */
  formTitle(id = this._formId): string {
    const f = this._forms.find((x) => x.id === id);
    return f ? f.title[this.deps.lang] : id;
  }

  /** The chosen form's definition once fetched (labels and cell addresses), else null. */
  formDef(): Form | null {
    return this.compiled.get(this._formId) ?? null;
  }

  /** The form's definition, fetched once per form; null when the server cannot give it. */
  private async form(id: string): Promise<Form | null> {
    const cached = this.compiled.get(id);
    if (cached) return cached;
    try {
      const form = compileForm(data(await this.api().results.form(id)).definition);
      this.compiled.set(id, form);
      return form;
    } catch {
      return null; // the issues are still listed, without their addresses
    }
  }

  /** What a failed request shows: the problem with its cells or issues, or the network error. */
  private async failure(e: unknown, formId: string, bytes?: Uint8Array): Promise<FilesOutcome> {
    if (!(e instanceof ApiError)) {
      return { kind: "network", message: e instanceof Error ? e.message : String(e) };
    }
    const { problem } = e;
    const { lang } = this.deps;
    const detail = lang === "zh" ? problem.detail : problem.detail_en;
    const current = (problem as { currentRevision?: unknown }).currentRevision;
    if (bytes && problem.status === 412 && typeof current === "number") {
      return { kind: "outdated", detail, currentRevision: current, bytes };
    }
    return {
      kind: "problem",
      title: lang === "zh" ? problem.title : (problem.title_en ?? problem.title),
      detail,
      lines: problemLines(problem, lang),
      issues: problem.issues?.length ? refusedIssues(problem, await this.form(formId), lang) : null,
    };
  }

  private async run(work: () => Promise<FilesOutcome | null>, bytes?: Uint8Array): Promise<void> {
    this._busy = true;
    this.onChange();
    const formId = this._formId;
    try {
      this._outcome = await work();
    } catch (e) {
      this._outcome = await this.failure(e, formId, bytes);
    } finally {
      this._busy = false;
      this.onChange();
    }
  }

  /** Connect with an invite code (redeemed once for a token, which is kept) or a token. */
  connect(server: string, code: string): Promise<void> {
    this._conn = { server: server.replace(/\/+$/, ""), token: "" };
    return this.run(async () => {
      let token = code;
      if (looksLikeInviteCode(code))
        token = data(await this.api().results.redeemInvite(code)).token;
      this._conn = { ...this._conn!, token };
      const me = data(await this.api().results.me());
      this._me = me;
      this._unit = me.unit.code;
      this.deps.store.save(this._conn);
      await this.loadChoices();
      return null;
    }).then(() => {
      if (!this._me) this._conn = null;
    });
  }

  /** The forms and periods of the unit; the open period's form and year chosen. */
  private async loadChoices(): Promise<void> {
    const { results } = this.api();
    const [forms, periods] = await Promise.all([results.forms(), results.periods(this._unit)]);
    this._forms = forms.ok ? forms.data.forms : [];
    this._periods = periods.ok ? periods.data.periods : [];
    const open = preselect(this._periods);
    if (open && this._forms.some((f) => f.id === open.form)) {
      this._year = open.year;
      this._formId = open.form;
    } else {
      this._formId = this.formsForYear()[0]?.id ?? this._forms[0]?.id ?? "";
    }
    await this.loadReport();
  }

  /** The chosen report's status, remarks and history (nothing sent yet: 未报送). */
  async loadReport(): Promise<void> {
    if (!this._me || !this._formId) {
      this._view = null;
      return;
    }
    const { results } = this.api();
    const [form, got, hist, cmp] = await Promise.all([
      this.form(this._formId),
      results.report(this._unit, this._formId, this._year),
      results.history(this._unit, this._formId, this._year),
      results.compare(this._unit, this._formId, this._year),
    ]);
    const period = this._periods.find((p) => p.form === this._formId && p.year === this._year);
    const report = got.ok ? got.data : null;
    const layout = form ? layoutForm(form, "zh") : null;
    this._view = {
      report,
      dueDate: report?.dueDate ?? period?.dueDate ?? null,
      periodClosed: period ? period.closedAt !== null : false,
      returnReason: report?.returnReason ?? null,
      remarks: (report?.remarks ?? []).map((m) => ({
        id: m.id,
        address: layout?.inputs[m.cell]?.address ?? "",
        label: form?.cellById.get(m.cell)?.label[this.deps.lang] ?? "",
        text: m.text,
        author: m.author.name,
        at: m.at,
        revision: m.revision,
        resolution: m.resolved ? (m.resolution ?? "changed") : "open",
        answer: m.answer,
      })),
      history: hist.ok ? hist.data.events : [],
      compare: cmp.ok ? cmp.data : null,
    };
  }

  /** Choose another form or year (or, for a supervisor, unit): its status is fetched. */
  choose(change: { formId?: string; year?: number; unit?: string }): Promise<void> {
    if (change.unit !== undefined) this._unit = change.unit;
    if (change.year !== undefined) {
      this._year = change.year;
      if (!this.formsForYear().some((f) => f.id === this._formId))
        this._formId = this.formsForYear()[0]?.id ?? this._formId;
    }
    if (change.formId !== undefined) this._formId = change.formId;
    this._outcome = null;
    return this.run(async () => {
      await this.loadReport();
      return null;
    });
  }

  disconnect(): void {
    this.deps.store.clear();
    this._conn = null;
    this._me = null;
    this._outcome = null;
    this._view = null;
    this.onChange();
  }

  download(): Promise<void> {
    return this.run(async () => {
      const { bytes, filename } = await this.api().files.downloadWorkbook(
        this._unit,
        this._formId,
        this._year,
      );
      this.deps.save(bytes, filename);
      return { kind: "downloaded", filename };
    });
  }

  /** 撤回 the current revision (submitted, not yet reviewed), with the clerk's reason. */
  withdraw(reason: string): Promise<void> {
    const revision = this._view?.report?.revision;
    if (revision === undefined) return Promise.resolve();
    return this.run(async () => {
      const r = data(
        await this.api().results.withdraw(
          this._unit,
          this._formId,
          this._year,
          { revision, reason },
          { idempotencyKey: this.deps.uuid() },
        ),
      );
      await this.loadReport().catch(() => undefined);
      return { kind: "withdrawn", revision: r.revision };
    });
  }

  /**
   * Upload a filled file; `overwrite`: the clerk chose 「仍用此文件覆盖」 over that current
   * revision. Either way the report's status and history are fetched again.
   */
  upload(bytes: Uint8Array, overwrite: number | null = null): Promise<void> {
    return this.run(async () => {
      const { body: report } = await this.api().files.uploadWorkbook(
        this._unit,
        this._formId,
        this._year,
        bytes,
        { idempotencyKey: this.deps.uuid(), overwrite },
      );
      const own = report.unit.code === this._me?.unit.code;
      await this.loadReport().catch(() => undefined);
      return {
        kind: "stored",
        revision: report.revision,
        warnings: report.warnings,
        onBehalfOf: own ? null : report.unit.name,
      };
    }, bytes);
  }
}
