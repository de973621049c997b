/** Response builders shared by the routes. */
import type { Actor } from "../db/credentials";
import type { WriteOutcome } from "../db/idempotency";
import type { Principal } from "../env";

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
export function actor(c: { var: { principal: Principal; requestId: string } }): Actor {
  return { credential: c.var.principal.credential, requestId: c.var.requestId, at: nowIso() };
}
