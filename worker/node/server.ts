/**
 * The self-hosted server: the Worker's own Hono app (worker/src/app.ts) on Node's HTTP(S) server
 * through @hono/node-server, with Node equivalents of its bindings (D1 over one SQLite file, the
 * rate limiters of wrangler.toml in process, ASSETS from dist/addin) and of its Cron Trigger (the
 * Worker's own scheduled(), on a timer). Requests are rebuilt at the public origin with the
 * client's address in CF-Connecting-IP, as Cloudflare hands them to the Worker.
 */
import { createServer as createHttp, type IncomingMessage, type Server } from "node:http";
import { createServer as createHttps } from "node:https";
import type { AddressInfo } from "node:net";
import type { DatabaseSync } from "node:sqlite";
import { getRequestListener, type HttpBindings } from "@hono/node-server";
import { readFileSync } from "node:fs";
import { app } from "../src/app";
import type { Env } from "../src/env";
import worker from "../src/index";
import { log } from "../src/http/log";
import { staticAssets, type AssetRoot } from "./assets";
import { clientAddress, type Config } from "./config";
import { d1OverSqlite, openSqlite } from "./d1-sqlite";
import { migrate, readMigrations } from "./migrate";
import { readRateLimitRules, WindowLimiter } from "./rate-limit";
import { holdLock, type Lock } from "./lock";

export interface RunningServer {
  /** Where the server listens (http(s)://host:port). */
  url: string;
  env: Env;
  /** Finish the requests in flight, then close the database (SIGTERM). */
  close(): Promise<void>;
}

/** The next time a daily cron (`M H * * *`, UTC) fires after `now`. */
export function nextDaily(cron: string, now: Date): Date {
  const m = /^(\d+) (\d+) \* \* \*$/.exec(cron.trim());
  if (!m) throw new Error(`wrangler.toml: the cron "${cron}" is not a daily "M H * * *"`);
  const next = new Date(now);
  next.setUTCHours(Number(m[2]), Number(m[1]), 0, 0);
  if (next <= now) next.setUTCDate(next.getUTCDate() + 1);
  return next;
}

function bindings(config: Config, db: DatabaseSync): Env {
  const rules = readRateLimitRules(config.wranglerToml);
  const limiter = (name: string) => {
    const rule = rules[name];
    if (!rule) throw new Error(`wrangler.toml has no [[ratelimits]] ${name}`);
    return new WindowLimiter(rule) as unknown as RateLimit;
  };
  const roots: AssetRoot[] = [{ prefix: "/", dir: config.assets }];
  if (config.officeJs === "self") roots.push({ prefix: "/office-js/", dir: config.officeJsDir });
  return {
    DB: d1OverSqlite(db),
    RATE_LIMITER: limiter("RATE_LIMITER"),
    IP_RATE_LIMITER: limiter("IP_RATE_LIMITER"),
    INVITE_RATE_LIMITER: limiter("INVITE_RATE_LIMITER"),
    ADDIN_ORIGIN: config.origin,
    API_ORIGIN: "",
    XXGK_OFFICE_JS: config.officeJs,
    LOG_REQUESTS: config.logRequests ? "on" : "off",
    CREDENTIAL_DAYS: String(config.credentialDays),
    AUTH_FAILURES_PER_MINUTE: String(config.authFailuresPerMinute),
    ASSETS: staticAssets(roots),
  };
}

/** The request as the Worker would get it: at the public origin, CF-Connecting-IP set by us. */
function workerRequest(req: Request, incoming: IncomingMessage, config: Config): Request {
  const url = new URL(req.url);
  const headers = new Headers(req.headers);
  const forwarded = headers.get(config.clientIpHeader);
  headers.set(
    "CF-Connecting-IP",
    clientAddress(incoming.socket.remoteAddress ?? "", forwarded, config),
  );
  const hasBody = req.method !== "GET" && req.method !== "HEAD";
  return new Request(new URL(url.pathname + url.search, config.origin), {
    method: req.method,
    headers,
    body: hasBody ? req.body : null,
    signal: req.signal,
    ...(hasBody ? { duplex: "half" } : {}),
  } as RequestInit);
}

export async function startServer(config: Config): Promise<RunningServer> {
  const lock: Lock = holdLock(config.db);
  let db: DatabaseSync;
  try {
    const migrating = openSqlite(config.db);
    try {
      const applied = migrate(migrating, readMigrations(config.migrations));
      if (applied.length) log("server", { level: "info", event: "migrated", applied });
    } finally {
      migrating.close();
    }
    db = openSqlite(config.db);
  } catch (e) {
    lock.release();
    throw e;
  }
  const env = bindings(config, db);
  const pending = new Set<Promise<unknown>>();
  let inFlight = 0;
  let idle: (() => void) | null = null;

  const listener = getRequestListener(async (req, nodeEnv) => {
    inFlight++;
    try {
      const { incoming } = nodeEnv as HttpBindings;
      const ctx = {
        waitUntil: (p: Promise<unknown>) => {
          pending.add(p);
          void p.finally(() => pending.delete(p));
        },
        passThroughOnException: () => {},
        props: {},
      } as unknown as ExecutionContext;
      return await app.fetch(workerRequest(req, incoming, config), env, ctx);
    } finally {
      if (--inFlight === 0) idle?.();
    }
  });
  const server: Server = config.tls
    ? createHttps({ cert: config.tls.cert, key: config.tls.key }, listener)
    : createHttp(listener);
  // A slow client cannot hold a connection open for ever.
  server.requestTimeout = 120_000;
  server.headersTimeout = 30_000;

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(config.port, config.host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const url = `${config.tls ? "https" : "http"}://${config.host.includes(":") ? `[${config.host}]` : config.host}:${port}`;

  // The Worker's Cron Trigger (wrangler.toml [triggers]): its own scheduled() on a timer.
  const crons = /^crons\s*=\s*\[([^\]]*)\]/m.exec(readFileSync(config.wranglerToml, "utf8"));
  const cron = crons?.[1]?.match(/"([^"]+)"/)?.[1] ?? "17 3 * * *";
  let timer: NodeJS.Timeout | null = null;
  const schedule = () => {
    const at = nextDaily(cron, new Date());
    timer = setTimeout(() => {
      const controller = { scheduledTime: at.getTime(), cron, noRetry: () => {} };
      void Promise.resolve(worker.scheduled(controller as ScheduledController, env))
        .catch((e: unknown) => log("server", { level: "error", event: "cron", error: String(e) }))
        .finally(schedule);
    }, at.getTime() - Date.now());
    timer.unref();
  };
  schedule();
  log("server", {
    level: "info",
    event: "listening",
    url,
    origin: config.origin,
    db: config.db,
    officeJs: config.officeJs,
  });

  let closing: Promise<void> | null = null;
  const close = () =>
    (closing ??= (async () => {
      if (timer) clearTimeout(timer);
      const stopped = new Promise<void>((r) => server.close(() => r()));
      server.closeIdleConnections();
      // Requests in flight finish (each write is one transaction: nothing is half-written).
      if (inFlight > 0) await new Promise<void>((r) => (idle = r));
      server.closeIdleConnections();
      const forced = setTimeout(() => server.closeAllConnections(), 5_000);
      await stopped;
      clearTimeout(forced);
      await Promise.allSettled([...pending]);
      db.close();
      lock.release();
      log("server", { level: "info", event: "stopped" });
    })());
  return { url, env, close };
}
