/** Response builders shared by the routes. */
import type { Context } from "hono";
import type { Actor } from "../db/credentials";
import type { WriteOutcome } from "../db/idempotency";
import type { AppEnv } from "../env";
import type { TransitionInput } from "../services/transition-read";

export function json(body: unknown, status = 200, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { "Content-Type": "application/json; charset=utf-8", ...headers },
  });
}

/** The answer to a write (PUT report, review): its body, ETag, and whether it was a replay. */
export function writeResponse(outcome: WriteOutcome): Response {
  const headers: Record<string, string> = { "Content-Type": "application/json; charset=utf-8" };
  if (outcome.etag) headers.ETag = outcome.etag;
  if (outcome.replayed) headers["Idempotent-Replayed"] = "true";
  return new Response(outcome.body, { status: outcome.status, headers });
}

export function nowIso(): string {
  return new Date().toISOString();
}

/** Who acts, for audit lines: the caller's credential, the request id, now. */
export function actor(c: Context<AppEnv>): Actor {
  return { credential: c.var.principal.credential, requestId: c.var.requestId, at: nowIso() };
}

/**
 * A report transition's input from the request, after its scope, form-year and body middleware:
 * the parsed body with the text it came as (its hash tells a retry from another request).
 */
export async function transitionInput<Body>(
  c: Context<AppEnv>,
  body: Body,
): Promise<TransitionInput<Body>> {
  return {
    principal: c.var.principal,
    unit: c.var.unit,
    form: c.var.form,
    year: c.var.year,
    body,
    rawBody: await c.req.text(),
    idempotencyKey: c.req.header("Idempotency-Key") ?? null,
    requestId: c.var.requestId,
    now: nowIso(),
  };
}
