/**
 * The Worker as the benchmarks run it: wrangler.toml's Worker in workerd (wrangler's test
 * harness), with a fresh local D1 that the real migrations set up.
 */
import { createHash, randomBytes } from "node:crypto";
import { consistentValues, rng } from "../shared/testing/sample-report";
import { mkdirSync, rmSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { readD1Migrations } from "@cloudflare/vitest-plugin";
import { createTestHarness } from "wrangler";
import { getForm } from "../shared/forms/catalogue";

export const root = fileURLToPath(new URL("..", import.meta.url));
const dir = join(root, ".dev", "bench");

export interface BenchWorker {
  db: D1Database;
  fetch: (path: string, init?: RequestInit) => Promise<Response>;
  close: () => Promise<void>;
  /** The Worker's log lines so far. */
  logs: () => string[];
}

/** The Worker of wrangler.toml, built and run by wrangler's test harness, with fresh local D1. */
export async function startWorker(): Promise<BenchWorker> {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(join(root, "dist", "addin"), { recursive: true });
  const server = createTestHarness({
    root,
    workers: [{ configPath: join(root, "wrangler.toml"), vars: { LOG_REQUESTS: "off" } }],
  } as never);
  await server.listen();
  const env = (await server.getWorker().getEnv()) as { DB: D1Database };
  const db = env.DB;
  for (const m of await readD1Migrations(join(root, "worker/migrations"))) {
    for (const q of m.queries) await db.prepare(q).run();
  }
  return {
    db,
    fetch: async (path, init) =>
      (await server.fetch(
        `https://bench.local/api/v1${path}`,
        init as never,
      )) as unknown as Response,
    close: () => server.close(),
    logs: () => server.getLogs().map((l) => JSON.stringify(l)),
  };
}

export interface SyntheticTree {
  /** Codes by level, root first. */
  levels: string[][];
  count: number;
}

/**
 * A synthetic tree: root → `fanout[0]` children each → … (codes `U<level>_<n>`), inserted with the
 * same level-by-level statements as the admin import.
 */
export async function seedTree(db: D1Database, fanout: number[]): Promise<SyntheticTree> {
  const now = new Date().toISOString();
  const levels: string[][] = [["ROOT"]];
  await db
    .prepare(
      `INSERT INTO units (code, name, parent_id, depth, path, created_at) VALUES ('ROOT', '全省', NULL, 0, '/ROOT/', ?1)`,
    )
    .bind(now)
    .run();
  // Open reporting periods at the root (a PUT needs one since the workflow, docs/WORKFLOW.md).
  await db
    .prepare(
      `INSERT OR IGNORE INTO periods (id, unit_id, form, year, due_date, capacity, opened_at, closed_at, opened_by)
       SELECT 'bench-' || f.value || '-' || y.value, u.id, f.value, y.value, '2099-12-31', 1, ?1, NULL, 'bench'
         FROM units u, json_each('["gov-2012","gov-2019","gov-2021"]') f,
              json_each('[2015,2016,2017,2018,2019,2020,2021,2022,2023,2024,2025,2026]') y
        WHERE u.code = 'ROOT'`,
    )
    .bind(now)
    .run();
  for (let l = 0; l < fanout.length; l++) {
    const parents = levels[l]!;
    const level: { code: string; name: string; parent: string }[] = [];
    for (const p of parents) {
      for (let i = 0; i < fanout[l]!; i++) {
        const code = `U${l + 1}_${level.length}`;
        level.push({ code, name: `单位${code}`, parent: p });
      }
    }
    for (let i = 0; i < level.length; i += 5000) {
      await db
        .prepare(
          `INSERT INTO units (code, name, parent_id, depth, path, created_at)
           SELECT j.value ->> 'code', j.value ->> 'name', p.id, p.depth + 1, p.path || (j.value ->> 'code') || '/', ?2
             FROM json_each(?1) j JOIN units p ON p.code = j.value ->> 'parent'`,
        )
        .bind(JSON.stringify(level.slice(i, i + 5000)), now)
        .run();
    }
    levels.push(level.map((u) => u.code));
  }
  // Each unit's subtree size, as the admin import keeps it.
  await db
    .prepare(
      `UPDATE units SET subtree_units = (SELECT count(*) FROM units d WHERE d.path >= units.path
         AND d.path < substr(units.path, 1, length(units.path) - 1) || '0')`,
    )
    .run();
  return { levels, count: levels.reduce((n, l) => n + l.length, 0) };
}

/** Clerk credentials for units, inserted directly; returns code → token. */
export async function seedClerks(db: D1Database, codes: string[]): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  const rows: { id: string; code: string; hash: string }[] = [];
  for (const code of codes) {
    const id = randomBytes(10).toString("hex");
    const secret = randomBytes(32).toString("base64url");
    out.set(code, `${id}.${secret}`);
    rows.push({ id, code, hash: createHash("sha256").update(secret).digest("hex") });
  }
  const now = new Date().toISOString();
  for (let i = 0; i < rows.length; i += 2000) {
    await db
      .prepare(
        `INSERT INTO credentials (id, unit_id, role, secret_hash, created_at, created_by)
         SELECT j.value ->> 'id', u.id, 'clerk', j.value ->> 'hash', ?2, 'bench'
           FROM json_each(?1) j JOIN units u ON u.code = j.value ->> 'code'`,
      )
      .bind(JSON.stringify(rows.slice(i, i + 2000)), now)
      .run();
  }
  return out;
}

export async function seedSupervisor(db: D1Database, code: string): Promise<string> {
  const id = randomBytes(10).toString("hex");
  const secret = randomBytes(32).toString("base64url");
  await db
    .prepare(
      `INSERT INTO credentials (id, unit_id, role, secret_hash, created_at, created_by)
       SELECT ?1, id, 'supervisor', ?2, ?3, 'bench' FROM units WHERE code = ?4`,
    )
    .bind(id, createHash("sha256").update(secret).digest("hex"), new Date().toISOString(), code)
    .run();
  return `${id}.${secret}`;
}

/** A valid gov-2021 report (no previous year) from a seed. */
export function reportValues(seed: number): Record<string, number> {
  return consistentValues(getForm("gov-2021")!, rng(seed), 40);
}

export function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))]!;
}

/** Median and p95 of `runs` calls (ms), after 3 warm-up calls. */
export async function timeRuns(
  runs: number,
  fn: () => Promise<unknown>,
): Promise<{ median: number; p95: number }> {
  for (let i = 0; i < 3; i++) await fn();
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    await fn();
    samples.push(performance.now() - t);
  }
  samples.sort((a, b) => a - b);
  return { median: percentile(samples, 0.5), p95: percentile(samples, 0.95) };
}

/** A client address of its own for the n-th clerk (clerks submit from their own offices). */
function clientAddress(n: number): string {
  return `10.${(n >> 16) & 255}.${(n >> 8) & 255}.${n & 255}`;
}

/**
 * PUT the first revision of a report for each unit, `concurrency` at a time; latencies in ms.
 * Each clerk sends from its own address (`CF-Connecting-IP`), as in production: from one address
 * the per-address rate limit would throttle the benchmark itself.
 */
export async function ingest(
  w: BenchWorker,
  tokens: Map<string, string>,
  codes: string[],
  concurrency: number,
  /** The n-th report's values (1-based); a full report by default. */
  values: (n: number) => Record<string, number> = reportValues,
): Promise<{ latencies: number[]; seconds: number; failures: number }> {
  const latencies: number[] = [];
  let failures = 0;
  let next = 0;
  const t0 = performance.now();
  const worker = async () => {
    while (next < codes.length) {
      const n = next++;
      const code = codes[n]!;
      const body = JSON.stringify({ values: values(n + 1) });
      const s = performance.now();
      const res = await w.fetch(`/units/${code}/reports/gov-2021/2021`, {
        method: "PUT",
        headers: {
          Authorization: `Bearer ${tokens.get(code)}`,
          "Content-Type": "application/json",
          "Idempotency-Key": `bench-${code}`,
          "CF-Connecting-IP": clientAddress(n),
        },
        body,
      });
      await res.arrayBuffer();
      latencies.push(performance.now() - s);
      if (res.status !== 201) failures++;
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return { latencies, seconds: (performance.now() - t0) / 1000, failures };
}
