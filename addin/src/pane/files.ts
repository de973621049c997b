/**
 * The pane without Excel (a plain browser, issue 11): a connected clerk downloads the unit's
 * checking workbook, fills it in any spreadsheet program and uploads it; a supervisor does the
 * same for any unit below. No Office.js here: the workbook file carries the rules itself.
 */
import type { MeResponse, Problem, Report } from "../../../shared/api/schemas";
import { XLSX_MEDIA_TYPE } from "../../../shared/api/media-types";
import type { WorkbookCellProblem } from "../../../shared/api/workbook";
import type { Connection, ConnectionStore } from "../api-client";

export type FilesLang = "zh" | "en";

/** The outcome shown under the buttons. */
export type FilesOutcome =
  | { kind: "stored"; revision: number; warnings: number }
  | { kind: "downloaded"; filename: string }
  | { kind: "problem"; title: string; detail: string; lines: string[] }
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

/** One line per offending cell: `E27 「(一)予以公开」: 「十二」不是数字`. */
export function problemLines(problem: Problem, lang: FilesLang): string[] {
  const cells = problem.cells as WorkbookCellProblem[] | undefined;
  if (Array.isArray(cells)) {
    return cells.map((c) => `${c.address} 「${c.label}」: ${c.message[lang]}`);
  }
  // Rule messages name their row and column; the workbook marks the same cells in red.
  return (problem.issues ?? [])
    .filter((i) => i.severity === "error" || problem.missingExplanations?.includes(i.key))
    .map((i) => (lang === "zh" ? i.message_zh : i.message_en));
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

  private async run(work: () => Promise<FilesOutcome | null>): Promise<void> {
    this.busy = true;
    this.onChange();
    try {
      this.outcome = await work();
    } catch (e) {
      this.outcome =
        e instanceof ProblemError
          ? {
              kind: "problem",
              title:
                this.deps.lang === "zh" ? e.problem.title : (e.problem.title_en ?? e.problem.title),
              detail: this.deps.lang === "zh" ? e.problem.detail : e.problem.detail_en,
              lines: problemLines(e.problem, this.deps.lang),
            }
          : { kind: "network", message: e instanceof Error ? e.message : String(e) };
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
      return { kind: "stored", revision: report.revision, warnings: report.warnings };
    });
  }
}
