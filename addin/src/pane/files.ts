/**
 * The pane without Excel (a plain browser, issue 11): a connected clerk downloads the unit's
 * checking workbook, fills it in any spreadsheet program and uploads it; a supervisor does the
 * same for any unit below. No Office.js here: the workbook file carries the rules itself.
 */
import type { FormResponse, MeResponse, Problem, Report } from "../../../shared/api/schemas";
import { XLSX_MEDIA_TYPE } from "../../../shared/api/media-types";
import type { WorkbookCellProblem } from "../../../shared/api/workbook";
import { compileForm, type Form } from "../../../shared/forms/model";
import { layoutForm } from "../../../shared/layout";
import type { Connection, ConnectionStore } from "../api-client";
import type { Lang } from "../i18n";
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

/** A non-2xx answer with its problem+json body. */
class ProblemError extends Error {
  constructor(readonly problem: Problem) {
    super(problem.detail);
  }
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

  /** One request to the Worker; a problem+json answer becomes a ProblemError. */
  private async request(path: string, init: RequestInit = {}): Promise<Response> {
    const { server, token } = this.conn!;
    const doFetch = this.deps.fetch ?? ((u, i) => fetch(u, i));
    const headers = { Authorization: `Bearer ${token}`, ...(init.headers as object) };
    const res = await doFetch(`${server}/api/v1${path}`, { ...init, headers });
    if (!res.ok) {
      const problem = (await res.json().catch(() => null)) as Problem | null;
      const text = res.statusText || String(res.status);
      throw new ProblemError(
        problem?.detail !== undefined
          ? problem
          : {
              type: "about:blank",
              title: text,
              status: res.status,
              detail: text,
              detail_en: text,
              requestId: "",
            },
      );
    }
    return res;
  }

  private reportPath(): string {
    const enc = encodeURIComponent;
    return `/units/${enc(this.unit)}/reports/${enc(this.formId)}/${this.year}`;
  }

  /** The form's definition, fetched once per form; null when the server cannot give it. */
  private async form(id: string): Promise<Form | null> {
    const cached = this.forms.get(id);
    if (cached) return cached;
    try {
      const res = await this.request(`/forms/${encodeURIComponent(id)}`);
      const form = compileForm(((await res.json()) as FormResponse).definition);
      this.forms.set(id, form);
      return form;
    } catch {
      return null; // the issues are still listed, without their addresses
    }
  }

  /** What a failed request shows: the problem with its cells or issues, or the network error. */
  private async failure(e: unknown, formId: string): Promise<FilesOutcome> {
    if (!(e instanceof ProblemError)) {
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
      this.me = (await (await this.request("/me")).json()) as MeResponse;
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
      const res = await this.request(`${this.reportPath()}?format=xlsx`, {
        headers: { Accept: XLSX_MEDIA_TYPE },
      });
      const star = /filename\*=UTF-8''([^;]+)/i.exec(res.headers.get("Content-Disposition") ?? "");
      const filename = star ? decodeURIComponent(star[1]!) : `${this.unit}_${this.year}.xlsx`;
      this.deps.save(new Uint8Array(await res.arrayBuffer()), filename);
      return { kind: "downloaded", filename };
    });
  }

  upload(bytes: Uint8Array): Promise<void> {
    return this.run(async () => {
      const res = await this.request(this.reportPath(), {
        method: "PUT",
        headers: { "Content-Type": XLSX_MEDIA_TYPE, "Idempotency-Key": this.deps.uuid() },
        body: bytes as BodyInit,
      });
      const report = (await res.json()) as Report;
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
