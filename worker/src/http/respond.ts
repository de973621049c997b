/** Response builders shared by the routes. */
import type { Actor } from "../db/credentials";
import type { WriteOutcome } from "../db/idempotency";
import type { Form } from "../../../shared/forms/catalogue";
import type { Principal, UnitRow } from "../env";
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
export function actor(c: { var: { principal: Principal; requestId: string } }): Actor {
  return { credential: c.var.principal.credential, requestId: c.var.requestId, at: nowIso() };
}

/**
 * What a transition's route has read and checked (unitScope or reviewScope, formYear, the body),
 * said structurally: http/ imports no middleware, which imports http/.
 */
interface TransitionRequest {
  var: { principal: Principal; unit: UnitRow; form: Form; year: number; requestId: string };
  req: { text(): Promise<string>; header(name: string): string | undefined };
}

/**
 * A report transition's input from the request, after its scope, form-year and body middleware:
 * the parsed body with the text it came as (its hash tells a retry from another request).
 */
export async function transitionInput<Body>(
  c: TransitionRequest,
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
