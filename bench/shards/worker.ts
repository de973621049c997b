/**
 * Bench only: the routing of docs/SCALE.md in miniature. `/shard/<n>/api/v1/…` is the Worker's
 * API on shard n's D1 (the routing table: which database holds a top-level subtree);
 * `/national/<form>/<year>` is the national root's values, the sum of the shard roots' aggregate
 * rows read from the four databases in parallel (one round trip each).
 */
import { app } from "../../worker/src/app";
import type { Env } from "../../worker/src/env";
import { decodeScaled } from "../../worker/src/db/values";
import { formatScaled } from "../../worker/src/domain/scaled";

type ShardEnv = Env & Record<`SHARD_${number}`, D1Database>;
const SHARDS = 4;

/** A shard root's aggregate row: one statement, one round trip per shard. */
function rootRow(db: D1Database, form: string, year: number) {
  return db
    .prepare(
      `SELECT u.code, u.subtree_units AS units, a.vals, coalesce(a.submitted, 0) AS submitted
         FROM units u LEFT JOIN aggregates a ON a.unit_id = u.id AND a.form = ?1 AND a.year = ?2
        WHERE u.parent_id IS NULL`,
    )
    .bind(form, year)
    .first<{ code: string; units: number; vals: string | null; submitted: number }>();
}

async function national(env: ShardEnv, form: string, year: number): Promise<Response> {
  const dbs = Array.from({ length: SHARDS }, (_, i) => env[`SHARD_${i}`]!);
  const rows = await Promise.all(dbs.map((db) => rootRow(db, form, year)));
  const sums: Record<string, bigint> = {};
  let submitted = 0;
  let units = 0;
  for (const r of rows) {
    if (!r) continue;
    submitted += r.submitted;
    units += r.units;
    for (const [k, v] of Object.entries(decodeScaled(form, r.vals))) sums[k] = (sums[k] ?? 0n) + v;
  }
  const values = Object.fromEntries(Object.entries(sums).map(([k, v]) => [k, formatScaled(v)]));
  return Response.json({ units, submitted, shards: rows.map((r) => r?.code), values });
}

export default {
  fetch: (request: Request, env: ShardEnv, ctx: ExecutionContext) => {
    const url = new URL(request.url);
    const nat = /^\/national\/([^/]+)\/(\d{4})$/.exec(url.pathname);
    if (nat) return national(env, nat[1]!, Number(nat[2]));
    const m = /^\/shard\/(\d+)(\/api\/v1\/.*)$/.exec(url.pathname);
    const db = m ? env[`SHARD_${Number(m[1])}`] : undefined;
    if (!m || !db) return new Response("not found", { status: 404 });
    url.pathname = m[2]!;
    return app.fetch(new Request(url, request), { ...env, DB: db }, ctx);
  },
} satisfies ExportedHandler<ShardEnv>;
