/**
 * The Workers static-assets binding (`ASSETS`, wrangler.toml [assets]) for the self-hosted
 * server: files of dist/addin by exact path (html_handling = "none"), and, when Office.js is
 * served from our own origin, the pinned @microsoft/office-js package's files under /office-js/.
 * Nothing outside those directories is reachable.
 */
import { createHash } from "node:crypto";
import { readFileSync, statSync } from "node:fs";
import { extname, join, normalize, sep } from "node:path";

const TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json; charset=utf-8",
  ".map": "application/json; charset=utf-8",
  ".png": "image/png",
  ".svg": "image/svg+xml",
  ".ico": "image/x-icon",
  ".xml": "application/xml; charset=utf-8",
  ".txt": "text/plain; charset=utf-8",
  ".woff2": "font/woff2",
};

export interface AssetRoot {
  /** The URL path prefix ("/" or "/office-js/"). */
  prefix: string;
  dir: string;
}

/** The file a path names under one of the roots, or null. */
export function assetFile(roots: AssetRoot[], pathname: string): string | null {
  let path: string;
  try {
    path = decodeURIComponent(pathname);
  } catch {
    return null;
  }
  if (path.includes("\0")) return null;
  for (const root of [...roots].sort((a, b) => b.prefix.length - a.prefix.length)) {
    if (!path.startsWith(root.prefix)) continue;
    const rel = normalize(path.slice(root.prefix.length));
    if (rel.startsWith("..") || rel.startsWith(sep)) return null;
    const file = join(root.dir, rel);
    if (!file.startsWith(root.dir + sep)) return null;
    try {
      return statSync(file).isFile() ? file : null;
    } catch {
      return null;
    }
  }
  return null;
}

/**
 * An `ASSETS`-like Fetcher over the roots. Files are kept in memory and read again when their
 * size or mtime changes: `npm run build:addin` while the server runs swaps each file atomically,
 * and the next request gets the new one.
 */
export function staticAssets(roots: AssetRoot[]): Fetcher {
  const cache = new Map<
    string,
    { body: Uint8Array<ArrayBuffer>; etag: string; mtimeMs: number; size: number }
  >();
  const fetch = async (input: Request | string | URL): Promise<Response> => {
    const req = input instanceof Request ? input : new Request(input);
    const file = assetFile(roots, new URL(req.url).pathname);
    if (!file) return new Response("Not Found", { status: 404 });
    let hit = cache.get(file);
    let stat;
    try {
      stat = statSync(file);
    } catch {
      return new Response("Not Found", { status: 404 });
    }
    if (!hit || hit.mtimeMs !== stat.mtimeMs || hit.size !== stat.size) {
      let body: Uint8Array<ArrayBuffer>;
      try {
        body = new Uint8Array(readFileSync(file));
      } catch {
        // Removed between the stat and the read (a rebuild dropped it).
        return new Response("Not Found", { status: 404 });
      }
      hit = {
        body,
        etag: `"${createHash("sha1").update(body).digest("hex")}"`,
        mtimeMs: stat.mtimeMs,
        size: stat.size,
      };
      cache.set(file, hit);
    }
    const headers = {
      "Content-Type": TYPES[extname(file).toLowerCase()] ?? "application/octet-stream",
      ETag: hit.etag,
      "Cache-Control": "public, max-age=0, must-revalidate",
    };
    if (req.headers.get("If-None-Match") === hit.etag)
      return new Response(null, { status: 304, headers });
    return new Response(req.method === "HEAD" ? null : hit.body, { headers });
  };
  return {
    fetch,
    connect: () => {
      throw new Error("not supported");
    },
  } as unknown as Fetcher;
}
