/**
 * The pane without Excel (a plain browser, issue 11): a connected clerk downloads the unit's
 * checking workbook, fills it in any spreadsheet program and uploads it; a supervisor does the
 * same for any unit below. No Office.js here: the workbook file carries the rules itself.
 */
import { ApiError, createApiClient, type ApiClient } from "../../../shared/api/client";
import type { MeResponse, Problem } from "../../../shared/api/schemas";
import { WorkbookCellProblemSchema } from "../../../shared/api/workbook";
import * as z from "zod/mini";
import { getForm } from "../../../shared/forms/catalogue";
import { layoutForm } from "../../../shared/layout/grid";
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
  client?: (conn: Connection) => ApiClient;
}

/** One line per offending cell: `E27 「(一)予以公开」: 「十二」不是数字`. */
export function problemLines(problem: Problem, formId: string, lang: FilesLang): string[] {
  const cells = z.array(WorkbookCellProblemSchema).safeParse(problem.cells);
  if (cells.success) {
    return cells.data.map((c) => `${c.address} 「${c.label}」: ${c.message[lang]}`);
  }
  const form = getForm(formId);
  const inputs = form ? layoutForm(form, lang).inputs : {};
  return (problem.issues ?? []).map((i) => {
    const at = i.cell && inputs[i.cell] ? `${inputs[i.cell]!.address} ` : "";
    return `${at}${lang === "zh" ? i.message_zh : i.message_en}`;
  });
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

  private api(): ApiClient {
    const conn = this.conn!;
    return (this.deps.client ?? ((c) => createApiClient({ origin: c.server, token: c.token })))(
      conn,
    );
  }

  private async run(work: () => Promise<FilesOutcome | null>): Promise<void> {
    this.busy = true;
    this.onChange();
    try {
      this.outcome = await work();
    } catch (e) {
      this.outcome =
        e instanceof ApiError
          ? {
              kind: "problem",
              title:
                this.deps.lang === "zh" ? e.problem.title : (e.problem.title_en ?? e.problem.title),
              detail: this.deps.lang === "zh" ? e.problem.detail : e.problem.detail_en,
              lines: problemLines(e.problem, this.formId, this.deps.lang),
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
      this.me = await this.api().me();
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
      const got = await this.api().downloadWorkbook(this.unit, this.formId, this.year);
      this.deps.save(got.bytes, got.filename);
      return { kind: "downloaded", filename: got.filename };
    });
  }

  upload(bytes: Uint8Array): Promise<void> {
    return this.run(async () => {
      const { body } = await this.api().uploadWorkbook(this.unit, this.formId, this.year, bytes, {
        idempotencyKey: this.deps.uuid(),
      });
      return { kind: "stored", revision: body.revision, warnings: body.warnings };
    });
  }
}
