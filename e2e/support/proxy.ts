/**
 * A loopback HTTP proxy in front of `wrangler dev`, so a test can make the server die in the
 * middle of a request: the request reaches the Worker and is stored, then the server stops and
 * the browser never gets the answer. When the upstream cannot be reached the proxy drops the
 * client's connection, as a dead server would (no made-up 502).
 */
import { createServer, request, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { brotliDecompressSync, gunzipSync, inflateSync } from "node:zlib";

/** The body as text, whatever Content-Encoding the browser accepted. */
function decode(raw: Buffer, encoding: string | undefined): string {
  if (encoding === "gzip") return gunzipSync(raw).toString("utf8");
  if (encoding === "br") return brotliDecompressSync(raw).toString("utf8");
  if (encoding === "deflate") return inflateSync(raw).toString("utf8");
  return raw.toString("utf8");
}

export interface LostAnswer {
  method: string;
  path: string;
  /** What the Worker answered (the browser never sees it). */
  status: number;
  body: string;
}

interface Trap {
  match: (method: string, path: string) => boolean;
  /** Runs after the Worker answered and before the client's connection is dropped. */
  onAnswered: (lost: LostAnswer) => Promise<void>;
  resolve: (lost: LostAnswer) => void;
  reject: (e: unknown) => void;
}

export interface LossyProxy {
  port: number;
  origin: string;
  /**
   * The next request that `match`es is forwarded; once the Worker has answered, `onAnswered`
   * runs (e.g. kill the server), then the client's connection is destroyed unanswered.
   */
  loseNextAnswer(
    match: (method: string, path: string) => boolean,
    onAnswered: (lost: LostAnswer) => Promise<void>,
  ): Promise<LostAnswer>;
  /** Requests seen: `METHOD path status`, `… (replayed)`, `… (answer lost)`, `… dropped (server down)`. */
  log: string[];
  close(): Promise<void>;
}

export async function startProxy(upstreamPort: number): Promise<LossyProxy> {
  let trap: Trap | null = null;
  const log: string[] = [];

  const drop = (res: ServerResponse) => {
    res.socket?.destroy();
    res.destroy();
  };

  const handle = (req: IncomingMessage, res: ServerResponse) => {
    const method = req.method ?? "GET";
    const path = req.url ?? "/";
    const mine = trap && trap.match(method, path) ? trap : null;
    if (mine) trap = null;
    // A fresh upstream connection per request (agent: false, no keep-alive): a pooled socket
    // that wrangler closed while idle would fail the next request reused on it — a race on a
    // loaded machine that looked like a dead server to the page.
    const { connection: _, "keep-alive": __, ...rest } = req.headers;
    const headers = { ...rest, host: `127.0.0.1:${upstreamPort}`, connection: "close" };
    const up = request(
      { host: "127.0.0.1", port: upstreamPort, method, path, headers, agent: false },
      (upRes: IncomingMessage) => {
        if (!mine) {
          const replayed = upRes.headers["idempotent-replayed"] === "true" ? " (replayed)" : "";
          log.push(`${method} ${path} ${upRes.statusCode}${replayed}`);
          res.writeHead(upRes.statusCode ?? 502, upRes.headers);
          upRes.pipe(res);
          return;
        }
        const chunks: Buffer[] = [];
        upRes.on("data", (c: Buffer) => chunks.push(c));
        upRes.on("end", () => {
          const lost: LostAnswer = {
            method,
            path,
            status: upRes.statusCode ?? 0,
            body: decode(Buffer.concat(chunks), upRes.headers["content-encoding"]),
          };
          log.push(`${method} ${path} ${lost.status} (answer lost)`);
          mine
            .onAnswered(lost)
            .then(() => {
              drop(res);
              mine.resolve(lost);
            })
            .catch((e: unknown) => {
              drop(res);
              mine.reject(e);
            });
        });
      },
    );
    up.on("error", () => {
      log.push(`${method} ${path} dropped (server down)`);
      drop(res);
      if (mine) {
        mine.reject(new Error(`the server was down before ${method} ${path} reached it`));
      }
    });
    req.pipe(up);
  };

  const server = createServer(handle);
  server.keepAliveTimeout = 1000;
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;

  return {
    port,
    origin: `http://127.0.0.1:${port}`,
    log,
    loseNextAnswer(match, onAnswered) {
      return new Promise<LostAnswer>((resolve, reject) => {
        trap = { match, onAnswered, resolve, reject };
      });
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
