import type { MiddlewareHandler } from "hono";
import type { EnvWith } from "../env";
import type { AuthVariables } from "./auth";
import type { RequestIdVariables } from "./request-id";
import { log } from "../http/log";

export type { RequestIdVariables } from "./request-id";

/** A request id for every request (header and problem bodies), and one log line per request. */
export function requestLog(): MiddlewareHandler<
  EnvWith<RequestIdVariables & Partial<AuthVariables>>
> {
  return async (c, next) => {
    const requestId = crypto.randomUUID();
    c.set("requestId", requestId);
    const started = Date.now();
    await next();
    c.res.headers.set("X-Request-Id", requestId);
    if (c.env.LOG_REQUESTS === "off") return;
    log(requestId, {
      method: c.req.method,
      path: new URL(c.req.url).pathname,
      status: c.res.status,
      ms: Date.now() - started,
      credential: c.get("principal")?.credential ?? null,
    });
  };
}
