/**
 * The Worker's API as the add-in uses it: shared/api/client.ts's results face (every answer
 * parsed with its shared schema; `network` when no answer came back, so nothing is lost and the
 * caller may retry with the same Idempotency-Key; `problem` for an RFC 9457 answer). `fetch` is
 * injected (tests, harness).
 */
import { canonicalJson } from "../../shared/api/canonical-json";
import { createApiResults, type ApiResults } from "../../shared/api/client";

export type { ApiResult } from "../../shared/api/client";

export type FetchLike = (url: string, init: RequestInit) => Promise<Response>;

export interface Connection {
  server: string;
  token: string;
}

/** The API bound to one connection (server and token). */
export type ApiClient = ApiResults;

export function connectApi(
  conn: Connection,
  fetcher: FetchLike = (u, i) => fetch(u, i),
): ApiClient {
  return createApiResults({ origin: conn.server, token: conn.token, fetch: fetcher });
}

export { problemSlug } from "../../shared/api/problems";

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
