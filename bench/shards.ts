/**
 * Four-shard benchmark (docs/SCALE.md): a ~100,000-unit tree split into four top-level subtrees,
 * each in its own local D1 bound to one Worker (bench/shards/wrangler.toml). Reports go in through
 * the real API on their shard; the national root's values are the sum of the four shard roots'
 * aggregate rows, read in parallel. `npm run bench:shards` (BENCH_SUBMISSIONS, BENCH_RUNS).
 */
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { readD1Migrations } from "@cloudflare/vitest-plugin";
import { createTestHarness } from "wrangler";
import { ingest, root, seedClerks, seedSupervisor, seedTree, timeRuns } from "./worker-env";
import type { BenchWorker } from "./worker-env";

const SHARDS = 4;
const SUBMISSIONS = Number(process.env.BENCH_SUBMISSIONS ?? 5000);
const RUNS = Number(process.env.BENCH_RUNS ?? 30);
/** Per shard: root → 10 → 10 → 249 units (25,011; four shards ≈ 100,044). */
const FANOUT = [10, 10, 249];

mkdirSync(join(root, "dist", "addin"), { recursive: true });
const server = createTestHarness({
  root,
  workers: [
    { configPath: join(root, "bench/shards/wrangler.toml"), vars: { LOG_REQUESTS: "off" } },
  ],
} as never);
await server.listen();
const get = (path: string, init?: RequestInit) =>
  server.fetch(`https://bench.local${path}`, init as never) as unknown as Promise<Response>;
try {
  const env = (await server.getWorker().getEnv()) as Record<string, D1Database>;
  const migrations = await readD1Migrations(join(root, "worker/migrations"));
  let units = 0;
  let stored = 0;
  const supervisors: string[] = [];
  for (let s = 0; s < SHARDS; s++) {
    const db = env[`SHARD_${s}`]!;
    for (const m of migrations) for (const q of m.queries) await db.prepare(q).run();
    const tree = await seedTree(db, FANOUT);
    units += tree.count;
    const all = tree.levels.flat();
    const per = SUBMISSIONS / SHARDS;
    const step = Math.max(1, Math.floor(all.length / per));
    const codes = all.filter((_, i) => i % step === 0).slice(0, per);
    const tokens = await seedClerks(db, codes);
    const w = {
      db,
      fetch: (path: string, init?: RequestInit) => get(`/shard/${s}/api/v1${path}`, init),
    } as BenchWorker;
    const ing = await ingest(w, tokens, codes, 8);
    if (ing.failures) throw new Error(`shard ${s}: ${ing.failures} submissions failed`);
    stored += codes.length;
    supervisors.push(await seedSupervisor(db, "ROOT"));
  }

  const nationalBody = async () => {
    const res = await get(`/national/gov-2021/2021`);
    if (res.status !== 200) throw new Error(`national: ${res.status} ${await res.text()}`);
    return (await res.json()) as { units: number; submitted: number; values: object };
  };
  const nat = await nationalBody();
  if (nat.units !== units || nat.submitted !== stored) {
    throw new Error(`national counts ${nat.units}/${nat.submitted}, expected ${units}/${stored}`);
  }
  // One shard root's rollup through the real endpoint (figures only), for comparison.
  const shardRoot = async () => {
    const res = await get(`/shard/0/api/v1/units/ROOT/rollups/gov-2021/2021?completeness=none`, {
      headers: { Authorization: `Bearer ${supervisors[0]}` },
    });
    if (res.status !== 200) throw new Error(`shard root: ${res.status}`);
    return res.arrayBuffer();
  };
  const national = await timeRuns(RUNS, nationalBody);
  const one = await timeRuns(RUNS, shardRoot);
  console.log(
    JSON.stringify({ shards: SHARDS, units, submissions: stored, national, shardRoot: one }),
  );
  console.log("| read | units | median ms | p95 ms |\n|---|---:|---:|---:|");
  console.log(
    `| national root: sum of the 4 shard roots (parallel reads) | ${units.toLocaleString("en")} | ${national.median.toFixed(1)} | ${national.p95.toFixed(1)} |`,
  );
  console.log(
    `| one shard root, rollup endpoint (completeness=none) | ${(units / SHARDS).toLocaleString("en")} | ${one.median.toFixed(1)} | ${one.p95.toFixed(1)} |`,
  );
} finally {
  await server.close();
}
