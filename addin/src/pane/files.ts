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
import type { MeResponse, Problem } from "../../../shared/api/schemas";
import type { WorkbookCellProblem } from "../../../shared/api/workbook";
import { compileForm, type Form } from "../../../shared/forms/model";
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
  | { kind: "network"; message: string };

export interface FilesDeps {
  store: ConnectionStore;
  lang: FilesLang;
  uuid: () => string;
  /** Hand the bytes to the user as a file (a download link in a browser). */
  save: (bytes: Uint8Array, filename: string) => void;
  fetch?: typeof fetch;
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

export class FilesController {
  me: MeResponse | null = null;
  conn: Connection | null;
  formId = "gov-2021";
  year = new Date().getFullYear() - 1;
  unit = "";
  busy = false;
  outcome: FilesOutcome | null = null;
  onChange: () => void = () => undefined;
  private readonly forms = new Map<string, Form>();

  constructor(private readonly deps: FilesDeps) {
    this.conn = deps.store.load();
  }

  /** The shared client bound to the connection. */
  private api() {
    const { server, token } = this.conn!;
    const opts: ApiClientOptions = {
      origin: server,
      token,
      fetch: this.deps.fetch ?? ((u, i) => fetch(u, i)),
    };
    return { results: createApiResults(opts), files: createApiClient(opts) };
  }

  /** The form's definition, fetched once per form; null when the server cannot give it. */
  private async form(id: string): Promise<Form | null> {
    const cached = this.forms.get(id);
    if (cached) return cached;
    try {
      const form = compileForm(data(await this.api().results.form(id)).definition);
      this.forms.set(id, form);
      return form;
    } catch {
      return null; // the issues are still listed, without their addresses
    }
  }

  /** What a failed request shows: the problem with its cells or issues, or the network error. */
  private async failure(e: unknown, formId: string): Promise<FilesOutcome> {
    if (!(e instanceof ApiError)) {
      return { kind: "network", message: e instanceof Error ? e.message : String(e) };
    }
    const { problem } = e;
    const { lang } = this.deps;
    return {
      kind: "problem",
      title: lang === "zh" ? problem.title : (problem.title_en ?? problem.title),
      detail: lang === "zh" ? problem.detail : problem.detail_en,
      lines: problemLines(problem, lang),
      issues: problem.issues?.length ? refusedIssues(problem, await this.form(formId), lang) : null,
    };
  }

  private async run(work: () => Promise<FilesOutcome | null>): Promise<void> {
    this.busy = true;
    this.onChange();
    const formId = this.formId;
    try {
      this.outcome = await work();
    } catch (e) {
      this.outcome = await this.failure(e, formId);
    } finally {
      this.busy = false;
      this.onChange();
    }
  }

  connect(server: string, token: string): Promise<void> {
    this.conn = { server: server.replace(/\/+$/, ""), token };
    return this.run(async () => {
      this.me = data(await this.api().results.me());
      this.unit = this.me.unit.code;
      this.deps.store.save(this.conn!);
      return null;
    });
  }

  disconnect(): void {
    this.deps.store.clear();
    this.conn = null;
    this.me = null;
    this.outcome = null;
    this.onChange();
  }

  download(): Promise<void> {
    return this.run(async () => {
      const { bytes, filename } = await this.api().files.downloadWorkbook(
        this.unit,
        this.formId,
        this.year,
      );
      this.deps.save(bytes, filename);
      return { kind: "downloaded", filename };
    });
  }

  upload(bytes: Uint8Array): Promise<void> {
    return this.run(async () => {
      const { body: report } = await this.api().files.uploadWorkbook(
        this.unit,
        this.formId,
        this.year,
        bytes,
        { idempotencyKey: this.deps.uuid() },
      );
      const own = report.unit.code === this.me?.unit.code;
      return {
        kind: "stored",
        revision: report.revision,
        warnings: report.warnings,
        onBehalfOf: own ? null : report.unit.name,
      };
    });
  }
}
