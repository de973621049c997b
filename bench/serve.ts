/**
 * `npm run bench:serve`: the ingest and rollup benchmarks against the self-hosted server (Node +
 * SQLite, over HTTP) and against the Worker in workerd with local D1 (wrangler's test harness), in
 * the same run, on the same synthetic ~33,000-unit tree (a 30,000-unit province's leaves). Prints
 * one JSON line per runtime and a table for docs/PERFORMANCE.md. BENCH_N (submissions, 1000),
 * BENCH_CONCURRENCY (8), BENCH_RUNS (root rollups, `completeness=none` as bench:shards, 20).
 */
import { copyFileSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadConfig } from "../worker/node/config";
import { startServer } from "../worker/node/server";
import {
  type BenchWorker,
  ingest,
  percentile,
  root,
  seedClerks,
  seedSupervisor,
  seedTree,
  startWorker,
  timeRuns,
} from "./worker-env";

const N = Number(process.env.BENCH_N ?? 1000);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 8);
const RUNS = Number(process.env.BENCH_RUNS ?? 20);
const FANOUT = [10, 10, 30, 10];

/** The self-hosted server on a fresh SQLite file; the bench's clerks come through a "proxy". */
async function startNode(tmp: string): Promise<BenchWorker> {
  const assets = join(tmp, "assets");
  mkdirSync(assets);
  copyFileSync(join(root, "addin/static/taskpane.html"), join(assets, "taskpane.html"));
  const server = await startServer(
    loadConfig({
      PORT: "0",
      XXGK_DB: join(tmp, "bench.sqlite"),
      XXGK_ORIGIN: "https://bench.local",
      XXGK_ASSETS: assets,
      XXGK_LOG_REQUESTS: "off",
      // Each clerk sends from its own address (CF-Connecting-IP, as ingest() sets it): the bench
      // plays the trusted reverse proxy.
      XXGK_TRUSTED_PROXIES: "127.0.0.1",
      XXGK_CLIENT_IP_HEADER: "CF-Connecting-IP",
    }),
  );
  return {
    db: server.env.DB,
    fetch: (path, init) => fetch(`${server.url}/api/v1${path}`, init),
    close: () => server.close(),
    logs: () => [],
  };
}

async function run(name: string, w: BenchWorker) {
  const tree = await seedTree(w.db, FANOUT);
  const leaves = tree.levels.at(-1)!;
  const step = Math.max(1, Math.floor(leaves.length / (N + 20)));
  const codes = leaves.filter((_, i) => i % step === 0).slice(0, N + 20);
  const tokens = await seedClerks(w.db, codes);
  await ingest(w, tokens, codes.slice(0, 20), 4);
  const ing = await ingest(w, tokens, codes.slice(20), CONCURRENCY);
  ing.latencies.sort((a, b) => a - b);
  const supervisor = await seedSupervisor(w.db, "ROOT");
  const rollup = await timeRuns(RUNS, async () => {
    const r = await w.fetch(`/units/ROOT/rollups/gov-2021/2021?completeness=none`, {
      headers: { Authorization: `Bearer ${supervisor}`, "CF-Connecting-IP": "10.255.0.1" },
    });
    if (!r.ok) throw new Error(`rollup ${r.status}`);
    await r.arrayBuffer();
  });
  return {
    runtime: name,
    units: tree.count,
    submissions: ing.latencies.length,
    failures: ing.failures,
    concurrency: CONCURRENCY,
    perSecond: Math.round(ing.latencies.length / ing.seconds),
    p50ms: +percentile(ing.latencies, 0.5).toFixed(1),
    p99ms: +percentile(ing.latencies, 0.99).toFixed(1),
    rollupMedianMs: +rollup.median.toFixed(1),
    rollupP95Ms: +rollup.p95.toFixed(1),
  };
}

const tmp = mkdtempSync(join(tmpdir(), "xxgk-bench-serve-"));
const results = [];
try {
  const node = await startNode(tmp);
  try {
    results.push(await run("node + SQLite (npm run serve)", node));
  } finally {
    await node.close();
  }
  const worker = await startWorker();
  try {
    results.push(await run("workerd + local D1 (wrangler)", worker));
  } finally {
    await worker.close();
  }
} finally {
  rmSync(tmp, { recursive: true, force: true });
}
for (const r of results) console.log(JSON.stringify(r));
console.log(
  "| runtime | units | submissions/s | p50 ms | p99 ms | root rollup median ms | p95 ms |",
);
console.log("|---|---:|---:|---:|---:|---:|---:|");
for (const r of results)
  console.log(
    `| ${r.runtime} | ${r.units.toLocaleString("en")} | ${r.perSecond} | ${r.p50ms} | ${r.p99ms} | ${r.rollupMedianMs} | ${r.rollupP95Ms} |`,
  );
if (results.some((r) => r.failures > 0)) process.exitCode = 1;
