/**
 * Repeated failed authentications from one client address (issue 21, 等保 2.0): counted per
 * minute in D1, so every isolate and the Node runtime share the count. Once a client reaches
 * `AUTH_FAILURES_PER_MINUTE` (default 20) every further request of it that minute is 429, even
 * with a right token (so guessing learns nothing more), and the crossing is logged as a warning
 * and an audit line `auth.failures`.
 */
import type { Env } from "../env";
import { HttpProblem } from "../http/problem";
import { log } from "../http/log";
import { auditStatement } from "../db/audit";

export interface FailureGuard {
  client: string;
  minute: string;
  limit: number;
}

/** The guard of a request: null without a client address (nothing to count by). */
export function failureGuard(env: Env, client: string | null, now: string): FailureGuard | null {
  if (!client) return null;
  const limit = Number(env.AUTH_FAILURES_PER_MINUTE ?? 20);
  return { client, minute: now.slice(0, 16), limit: limit > 0 ? limit : 20 };
}

export function failureCountStatement(db: D1Database, g: FailureGuard): D1PreparedStatement {
  return db
    .prepare(`SELECT failures FROM auth_failures WHERE client = ?1 AND minute = ?2`)
    .bind(g.client, g.minute);
}

export function tooManyFailures(): HttpProblem {
  return new HttpProblem(
    "rate-limited",
    "该地址认证失败次数过多,请一分钟后再试;如令牌已失效,请向管理员索取新的邀请码。",
    "Too many failed authentications from this address; try again in a minute.",
    {},
    { "Retry-After": "60" },
  );
}

/** Count one failure; at the limit, log it and write the audit line. */
export async function recordFailure(
  db: D1Database,
  g: FailureGuard,
  requestId: string,
  at: string,
): Promise<void> {
  const row = await db
    .prepare(
      `INSERT INTO auth_failures (client, minute, failures) VALUES (?1, ?2, 1)
       ON CONFLICT (client, minute) DO UPDATE SET failures = failures + 1
       RETURNING failures`,
    )
    .bind(g.client, g.minute)
    .first<{ failures: number }>();
  if (row?.failures !== g.limit) return;
  log(requestId, { level: "warn", event: "auth.failures", client: g.client, failures: g.limit });
  await auditStatement(db, {
    at,
    requestId,
    credential: null as unknown as string,
    action: "auth.failures",
    target: g.client,
    detail: { failures: g.limit, minute: g.minute },
  }).run();
}
