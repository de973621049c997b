/**
 * The Worker's API as the add-in uses it. `fetch` is injected (tests, harness). Every call
 * returns a result instead of throwing: `network` when no answer came back (nothing is lost,
 * the caller may retry), `problem` for an RFC 9457 answer.
 */
import type {
  FormResponse,
  FormsResponse,
  HistoryResponse,
  Include,
  MeResponse,
  PeriodsResponse,
  Problem,
  Report,
  ReportPutBody,
  ReviewBody,
  Rollup,
} from "../../shared/api/schemas";
import type { AssessmentResponse, PublishFormat } from "../../shared/api/supervision";
import { canonicalJson } from "../../shared/api/canonical-json";

export type ApiResult<T> =
  | { ok: true; status: number; data: T; etag: string | null }
  | { ok: false; kind: "network"; message: string }
  | { ok: false; kind: "problem"; status: number; problem: Problem };

export type FetchLike = (url: string, init: RequestInit) => Promise<Response>;

export interface Connection {
  server: string;
  token: string;
}

export class ApiClient {
  constructor(
    private readonly conn: Connection,
    private readonly fetcher: FetchLike = (u, i) => fetch(u, i),
  ) {}

  private url(path: string): string {
    return `${this.conn.server.replace(/\/+$/, "")}/api/v1${path}`;
  }

  private async call<T>(
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<ApiResult<T>> {
    let res: Response;
    try {
      res = await this.fetcher(this.url(path), {
        method,
        headers: {
          Authorization: `Bearer ${this.conn.token}`,
          Accept: "application/json",
          ...(body !== undefined ? { "Content-Type": "application/json" } : {}),
          ...headers,
        },
        ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
      });
    } catch (e) {
      return { ok: false, kind: "network", message: e instanceof Error ? e.message : String(e) };
    }
    let text: string;
    try {
      text = await res.text();
    } catch (e) {
      // The answer was lost on the way: the caller may retry (with the same Idempotency-Key).
      return { ok: false, kind: "network", message: e instanceof Error ? e.message : String(e) };
    }
    let data: unknown;
    try {
      data = text ? JSON.parse(text) : null;
    } catch {
      data = null;
    }
    // A gateway failure answered by something other than the Worker: as good as no answer.
    if ((res.status === 502 || res.status === 503 || res.status === 504) && !isProblem(data)) {
      return { ok: false, kind: "network", message: `HTTP ${res.status}` };
    }
    if (!res.ok) {
      const problem: Problem = isProblem(data)
        ? data
        : {
            type: "about:blank",
            title: `HTTP ${res.status}`,
            status: res.status,
            detail: `HTTP ${res.status}`,
            detail_en: `HTTP ${res.status}`,
            requestId: "",
          };
      return { ok: false, kind: "problem", status: res.status, problem };
    }
    return { ok: true, status: res.status, data: data as T, etag: res.headers.get("ETag") };
  }

  me() {
    return this.call<MeResponse>("GET", "/me");
  }

  forms() {
    return this.call<FormsResponse>("GET", "/forms");
  }

  form(id: string) {
    return this.call<FormResponse>("GET", `/forms/${encodeURIComponent(id)}`);
  }

  private reportPath(unit: string, form: string, year: number): string {
    return `/units/${encodeURIComponent(unit)}/reports/${encodeURIComponent(form)}/${year}`;
  }

  report(unit: string, form: string, year: number) {
    return this.call<Report>("GET", this.reportPath(unit, form, year));
  }

  putReport(
    unit: string,
    form: string,
    year: number,
    body: ReportPutBody,
    opts: { idempotencyKey: string; ifMatch: string | null },
  ) {
    return this.call<Report>("PUT", this.reportPath(unit, form, year), body, {
      "Idempotency-Key": opts.idempotencyKey,
      ...(opts.ifMatch ? { "If-Match": opts.ifMatch } : {}),
    });
  }

  /** A supervisor's return / accept / reopen of a unit below them. */
  review(unit: string, form: string, year: number, body: ReviewBody) {
    return this.call<Report>("POST", `${this.reportPath(unit, form, year)}/review`, body);
  }

  history(unit: string, form: string, year: number) {
    return this.call<HistoryResponse>("GET", `${this.reportPath(unit, form, year)}/history`);
  }

  /** The reporting periods that apply to a unit (opened at it or an ancestor). */
  periods(unit: string) {
    return this.call<PeriodsResponse>("GET", `/units/${encodeURIComponent(unit)}/periods`);
  }

  rollup(unit: string, form: string, year: number, include: Include = "submitted") {
    return this.call<Rollup>(
      "GET",
      `/units/${encodeURIComponent(unit)}/rollups/${encodeURIComponent(form)}/${year}?include=${include}`,
    );
  }

  /** The assessment (考核) of the units directly below a unit. */
  assessment(unit: string, form: string, year: number, lang: "zh" | "en" = "zh") {
    return this.call<AssessmentResponse>(
      "GET",
      `/units/${encodeURIComponent(unit)}/assessments/${encodeURIComponent(form)}/${year}?lang=${lang}`,
    );
  }

  /** Path of a published report (`report`) or a rollup's totals (`rollup`) as HTML or Word. */
  publishPath(
    kind: "report" | "rollup",
    unit: string,
    form: string,
    year: number,
    f: PublishFormat,
  ) {
    const what = kind === "report" ? "reports" : "rollups";
    return `/units/${encodeURIComponent(unit)}/${what}/${encodeURIComponent(form)}/${year}?format=${f}`;
  }

  /** A file of the API fetched with the bearer token (a link cannot send it), with its name. */
  async download(path: string): Promise<ApiResult<{ blob: Blob; filename: string }>> {
    let res: Response;
    try {
      res = await this.fetcher(this.url(path), {
        method: "GET",
        headers: { Authorization: `Bearer ${this.conn.token}` },
      });
    } catch (e) {
      return { ok: false, kind: "network", message: e instanceof Error ? e.message : String(e) };
    }
    if (!res.ok) return this.call("GET", path);
    const blob = await res.blob();
    const filename = /filename="([^"]+)"/.exec(res.headers.get("Content-Disposition") ?? "")?.[1];
    return {
      ok: true,
      status: res.status,
      data: { blob, filename: filename ?? "download" },
      etag: null,
    };
  }
}

export { problemSlug } from "../../shared/api/problems";

function isProblem(data: unknown): data is Problem {
  return typeof data === "object" && data !== null && "title" in data && "status" in data;
}

/** Where the connection (server URL and token) is kept: the add-in's storage, not the workbook. */
export interface ConnectionStore {
  load(): Connection | null;
  save(conn: Connection): void;
  clear(): void;
}

export function localConnectionStore(
  storage: Pick<Storage, "getItem" | "setItem" | "removeItem">,
): ConnectionStore {
  const KEY = "xxgk-tables.connection";
  return {
    load() {
      try {
        const raw = storage.getItem(KEY);
        const v = raw ? (JSON.parse(raw) as Connection) : null;
        return v && typeof v.server === "string" && typeof v.token === "string" ? v : null;
      } catch {
        return null;
      }
    },
    save(conn) {
      storage.setItem(KEY, JSON.stringify(conn));
    },
    clear() {
      storage.removeItem(KEY);
    },
  };
}

/** A stable hash of a JSON value (keys sorted): tells whether a retry sends the same payload. */
export function payloadHash(value: unknown): string {
  const s = canonicalJson(value);
  let h1 = 0x811c9dc5;
  let h2 = 0x01000193;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 0x01000193) >>> 0;
    h2 = Math.imul(h2 + c, 0x5bd1e995) >>> 0;
  }
  return (
    h1.toString(16).padStart(8, "0") + h2.toString(16).padStart(8, "0") + s.length.toString(16)
  );
}
