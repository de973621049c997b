/**
 * `npm run bench:serve`: the ingest and rollup benchmarks against the self-hosted server (Node +
 * SQLite, over HTTP) and against the Worker in workerd with local D1 (wrangler's test harness), in
 * the same run, on the same synthetic ~33,000-unit tree (a 30,000-unit province's leaves). Prints
 * one JSON line per runtime and a table for docs/PERFORMANCE.md. BENCH_N (submissions, 1000),
 * BENCH_CONCURRENCY (8), BENCH_RUNS (root rollups, `completeness=none` as bench:shards, 20),
 * BENCH_PROFILE=<dir>: the Node server runs with `--cpu-prof` and writes its profile there.
 *
 * Each server has a process of its own, apart from this one, which seeds the database and
 * generates the load: the Node server is `npm run serve`'s own command line in a child process
 * (with request logging on, as deployed), workerd is wrangler's. So the load generator's work
 * never runs on the server's event loop; on 2 cores they still share the CPU.
 */
import { spawn } from "node:child_process";
import { copyFileSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { d1OverSqlite, openSqlite } from "../worker/node/d1-sqlite";
import { migrate, readMigrations } from "../worker/node/migrate";
import { serveCommand } from "../worker/node/test/support";
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
const PROFILE = process.env.BENCH_PROFILE ? resolve(process.env.BENCH_PROFILE) : null;
const FANOUT = [10, 10, 30, 10];

/**
 * The self-hosted server on a fresh SQLite file, seeded here before it starts (the same tables
 * the migrations make); the bench's clerks come through a "proxy" (CF-Connecting-IP).
 */
async function startNode(tmp: string): Promise<Seeded> {
  const assets = join(tmp, "assets");
  mkdirSync(assets);
  copyFileSync(join(root, "addin/static/taskpane.html"), join(assets, "taskpane.html"));
  const file = join(tmp, "bench.sqlite");
  const sqlite = openSqlite(file);
  migrate(sqlite, readMigrations(join(root, "worker/migrations")));
  const seeded = await seed(d1OverSqlite(sqlite));
  sqlite.close();

  const [node, ...args] = serveCommand();
  const flags = PROFILE ? ["--cpu-prof", "--cpu-prof-dir", PROFILE] : [];
  const child = spawn(node!, [...flags, ...args], {
    cwd: root,
    env: {
      ...process.env,
      PORT: "0",
      XXGK_DB: file,
      XXGK_ORIGIN: "https://bench.local",
      XXGK_ASSETS: assets,
      // Each clerk sends from its own address (CF-Connecting-IP, as ingest() sets it): the
      // bench plays the trusted reverse proxy.
      XXGK_TRUSTED_PROXIES: "127.0.0.1",
      XXGK_CLIENT_IP_HEADER: "CF-Connecting-IP",
    },
    // The request log goes where a deployment's goes (a pipe to journald): written, not read.
    stdio: ["ignore", "pipe", "inherit"],
  });
  const exited = new Promise<number | null>((r) => child.once("exit", (c) => r(c)));
  const url = await new Promise<string>((resolveUrl, reject) => {
    let head = "";
    const onData = (d: Buffer) => {
      head += d.toString();
      const line = head.split("\n").find((l) => l.includes('"event":"listening"'));
      if (line) {
        child.stdout!.off("data", onData);
        child.stdout!.resume();
        resolveUrl((JSON.parse(line) as { url: string }).url);
      }
    };
    child.stdout!.on("data", onData);
    void exited.then((c) => reject(new Error(`npm run serve exited (${c}):\n${head}`)));
  });
  return {
    ...seeded,
    w: {
      db: null as unknown as D1Database,
      fetch: (path, init) => fetch(`${url}/api/v1${path}`, init),
      close: async () => {
        child.kill("SIGTERM");
        await exited;
      },
      logs: () => [],
    },
  };
}

interface Seeded {
  w: BenchWorker;
  units: number;
  codes: string[];
  tokens: Map<string, string>;
  supervisor: string;
}

async function seed(db: D1Database): Promise<Omit<Seeded, "w">> {
  const tree = await seedTree(db, FANOUT);
  const leaves = tree.levels.at(-1)!;
  const step = Math.max(1, Math.floor(leaves.length / (N + 20)));
  const codes = leaves.filter((_, i) => i % step === 0).slice(0, N + 20);
  const tokens = await seedClerks(db, codes);
  const supervisor = await seedSupervisor(db, "ROOT");
  return { units: tree.count, codes, tokens, supervisor };
}

async function run(name: string, { w, units, codes, tokens, supervisor }: Seeded) {
  await ingest(w, tokens, codes.slice(0, 20), 4);
  const ing = await ingest(w, tokens, codes.slice(20), CONCURRENCY);
  ing.latencies.sort((a, b) => a - b);
  const rollup = await timeRuns(RUNS, async () => {
    const r = await w.fetch(`/units/ROOT/rollups/gov-2021/2021?completeness=none`, {
      headers: { Authorization: `Bearer ${supervisor}`, "CF-Connecting-IP": "10.255.0.1" },
    });
    if (!r.ok) throw new Error(`rollup ${r.status}`);
    await r.arrayBuffer();
  });
  return {
    runtime: name,
    units,
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
    await node.w.close();
  }
  const worker = await startWorker();
  try {
    results.push(
      await run("workerd + local D1 (wrangler)", { w: worker, ...(await seed(worker.db)) }),
    );
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
