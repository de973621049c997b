/**
 * A leaf's own aggregate row, kept or not (issue 15): a rollup's reads today (the node's and its
 * children's aggregate rows, worker/src/db/rollups.ts) against reading, for leaf children, their
 * current report instead (bench/leaf-rows/worker.ts), side by side on the same local D1 in
 * workerd, alternating; and the bytes the leaf rows take in `aggregates`.
 * `npm run bench:leaf-rows` (BENCH_RUNS).
 */
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { readD1Migrations } from "@cloudflare/vitest-plugin";
import { createTestHarness } from "wrangler";
import { ingest, percentile, root, seedClerks, seedTree } from "./worker-env";
import type { BenchWorker } from "./worker-env";

const RUNS = Number(process.env.BENCH_RUNS ?? 60);
/** A county: 30 towns of 30 leaf units each (930 + the county). */
const FANOUT = [30, 30];
/** Then 30 county departments, leaves right under the county (the county's children mixed). */
const DEPARTMENTS = Array.from({ length: 30 }, (_, i) => `D_${i}`);

mkdirSync(join(root, "dist", "addin"), { recursive: true });
const server = createTestHarness({
  root,
  workers: [
    { configPath: join(root, "bench/leaf-rows/wrangler.toml"), vars: { LOG_REQUESTS: "off" } },
  ],
} as never);
await server.listen();
const get = async (path: string, init?: RequestInit) =>
  (await server.fetch(`https://bench.local${path}`, init as never)) as unknown as Response;

/** The county's departments, inserted as the admin import would, after the first reports. */
async function addDepartments(db: D1Database) {
  await db
    .prepare(
      `INSERT INTO units (code, name, parent_id, depth, path, created_at)
       SELECT j.value, '部门' || j.value, p.id, 1, p.path || j.value || '/', ?2
         FROM json_each(?1) j, units p WHERE p.code = 'ROOT'`,
    )
    .bind(JSON.stringify(DEPARTMENTS), new Date().toISOString())
    .run();
  await db
    .prepare(`UPDATE units SET subtree_units = subtree_units + ?1 WHERE code = 'ROOT'`)
    .bind(DEPARTMENTS.length)
    .run();
}

/** Bytes the leaves' rows take in `aggregates`: payload as bench/storage.ts counts it. */
async function leafRowBytes(db: D1Database) {
  return (await db
    .prepare(
      `SELECT count(*) AS rows, sum(length(a.vals) + length(a.form) + 24) AS bytes,
              sum(u.subtree_units = 1) AS leaves,
              sum(CASE WHEN u.subtree_units = 1 THEN length(a.vals) + length(a.form) + 24 END)
                AS leafBytes
         FROM aggregates a JOIN units u ON u.id = a.unit_id`,
    )
    .first<{ rows: number; bytes: number; leaves: number; leafBytes: number }>())!;
}

type How = "aggregates" | "reports";

/** One rollup read through the bench Worker: its JSON, and the Worker's wait for D1 (ms). */
async function rollup(how: How, code: string): Promise<{ text: string; readMs: number }> {
  const res = await get(`/leaf-rows/${how}/${code}/gov-2021/2021`);
  const text = await res.text();
  if (res.status !== 200) throw new Error(`${how} ${code}: ${res.status} ${text}`);
  return { text, readMs: Number(res.headers.get("X-Read-Ms")) };
}

type Stats = { median: number; p95: number };
const stats = (s: number[]): Stats => {
  const sorted = [...s].sort((a, b) => a - b);
  return { median: percentile(sorted, 0.5), p95: percentile(sorted, 0.95) };
};
type Side = { wall: Stats; read: Stats };

/** Both reads of one node, the same answer checked, then timed alternately (order flipped). */
async function sideBySide(code: string): Promise<Record<How, Side>> {
  const [a, b] = [await rollup("aggregates", code), await rollup("reports", code)];
  if (a.text !== b.text) throw new Error(`${code}: the two reads disagree\n${a.text}\n${b.text}`);
  const wall = { aggregates: [] as number[], reports: [] as number[] };
  const read = { aggregates: [] as number[], reports: [] as number[] };
  for (let i = -3; i < RUNS; i++) {
    for (const how of i % 2 === 0 ? HOWS : [...HOWS].reverse()) {
      const t = performance.now();
      const r = await rollup(how, code);
      if (i < 0) continue;
      wall[how].push(performance.now() - t);
      read[how].push(r.readMs);
    }
  }
  const side = (how: How) => ({ wall: stats(wall[how]), read: stats(read[how]) });
  return { aggregates: side("aggregates"), reports: side("reports") };
}

const HOWS: How[] = ["aggregates", "reports"];
const ms = (s: Stats, digits = 2) => `${s.median.toFixed(digits)} | ${s.p95.toFixed(digits)}`;

try {
  const { DB: db } = (await server.getWorker().getEnv()) as { DB: D1Database };
  for (const m of await readD1Migrations(join(root, "worker/migrations"))) {
    for (const q of m.queries) await db.prepare(q).run();
  }
  const w = { db, fetch: (path, init) => get(`/api/v1${path}`, init) } as BenchWorker;
  const submit = async (codes: string[]) => {
    const ing = await ingest(w, await seedClerks(db, codes), codes, 4);
    if (ing.failures) throw new Error(`${ing.failures} submissions failed`);
  };
  const tree = await seedTree(db, FANOUT);
  const [, towns, leaves] = tree.levels as [string[], string[], string[]];
  // Every unit reports but one leaf in ten (still missing): leaves without a report read as zeros.
  const missing = new Set(leaves.filter((_, i) => i % 10 === 9));
  const before = (await db.prepare(`SELECT 1`).run()).meta.size_after;
  const first = ["ROOT", ...towns, ...leaves.filter((c) => !missing.has(c))];
  await submit(first);
  const after = (await db.prepare(`SELECT 1`).run()).meta.size_after;

  const rows: [string, number, Record<How, Side>][] = [];
  rows.push(["town: 30 leaf children", 30, await sideBySide(towns[0]!)]);
  rows.push(["county: 30 town children", 0, await sideBySide("ROOT")]);
  await addDepartments(db);
  await submit(DEPARTMENTS);
  rows.push(["county: 30 towns + 30 leaf departments", 30, await sideBySide("ROOT")]);
  const bytes = await leafRowBytes(db);

  const perSubmission = (after - before) / first.length;
  console.log(
    JSON.stringify({ runs: RUNS, perSubmission: Math.round(perSubmission), bytes, rows }),
  );
  console.log(
    `\n| node (gov-2021; ${RUNS} reads each, alternating) | leaf children | (a) aggregate rows: median ms | p95 | (b) leaves' reports: median ms | p95 | D1 wait (a), 1 ms steps: median | p95 | D1 wait (b): median | p95 |`,
  );
  console.log("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
  for (const [name, n, r] of rows) {
    const { aggregates: a, reports: b } = r;
    console.log(
      `| ${name} | ${n} | ${ms(a.wall)} | ${ms(b.wall)} | ${ms(a.read, 0)} | ${ms(b.read, 0)} |`,
    );
  }
  const leafRow = bytes.leafBytes / bytes.leaves;
  console.log(
    `\nLeaf rows in aggregates: ${bytes.leaves} of ${bytes.rows} rows, ${bytes.leafBytes.toLocaleString("en")} of ${bytes.bytes.toLocaleString("en")} payload bytes ` +
      `(${Math.round(leafRow)} bytes per leaf row; the database grew ${Math.round(perSubmission).toLocaleString("en")} bytes per submission, ` +
      `so a leaf row is ${((100 * leafRow) / perSubmission).toFixed(0)} % of it)`,
  );
} finally {
  await server.close();
}
