/**
 * The Worker's API as the add-in uses it: shared/api/client.ts's results face (every answer
 * parsed with its shared schema; `network` when no answer came back, so nothing is lost and the
 * caller may retry with the same Idempotency-Key; `problem` for an RFC 9457 answer). `fetch` is
 * injected (tests, harness).
 */
import { canonicalJson } from "../../../shared/api/canonical-json";
import {
  apiBase,
  createApiResults,
  plainProblem,
  publishPath,
  type ApiResult,
  type ApiResults,
} from "../../../shared/api/client";
import type { PublishFormat } from "../../../shared/api/supervision";
import { downloadName } from "../../../shared/api/disposition";

export type { ApiResult } from "../../../shared/api/client";

export type FetchLike = (url: string, init: RequestInit) => Promise<Response>;

export interface Connection {
  server: string;
  token: string;
}

/** The API bound to one connection (server and token), plus files fetched with the token. */
export type ApiClient = ApiResults & {
  publishPath(
    kind: "report" | "rollup",
    unit: string,
    form: string,
    year: number,
    f: PublishFormat,
  ): string;
  download(path: string): Promise<ApiResult<{ blob: Blob; filename: string }>>;
};

export function connectApi(
  conn: Connection,
  fetcher: FetchLike = (u, i) => fetch(u, i),
): ApiClient {
  const results = createApiResults({ origin: conn.server, token: conn.token, fetch: fetcher });
  const base = apiBase(conn.server);
  return {
    ...results,
    /** Path of a published report or a rollup's totals as HTML or Word. */
    publishPath: (kind, unit, form, year, f) =>
      publishPath(kind === "report" ? "reports" : "rollups", unit, form, year, f),
    /** A file of the API fetched with the bearer token (a link cannot send it), with its name. */
    async download(path) {
      let res: Response;
      try {
        res = await fetcher(`${base}${path}`, {
          method: "GET",
          headers: { Authorization: `Bearer ${conn.token}` },
        });
      } catch (e) {
        return { ok: false, kind: "network", message: e instanceof Error ? e.message : String(e) };
      }
      if (!res.ok) {
        const problem = await res.json().catch(() => null);
        return {
          ok: false,
          kind: "problem",
          status: res.status,
          problem: problem ?? plainProblem(res.status, `HTTP ${res.status}`, null),
        };
      }
      const blob = await res.blob();
      const filename = downloadName(res.headers.get("Content-Disposition"), "download");
      return {
        ok: true,
        status: res.status,
        data: { blob, filename },
        etag: null,
      };
    },
  };
}

export { problemSlug } from "../../../shared/api/problems";

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
