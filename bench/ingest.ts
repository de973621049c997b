/**
 * Ingest benchmark: first submissions of gov-2021 reports through the real Worker (validation,
 * revision, current pointer, aggregates of every ancestor, idempotency record and audit line in
 * one D1 batch) into a ~100,000-unit tree. `npm run bench:ingest` (BENCH_N, BENCH_CONCURRENCY).
 */
import { ingest, percentile, seedClerks, seedTree, startWorker } from "./worker-env";

const N = Number(process.env.BENCH_N ?? 2000);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 8);

const w = await startWorker();
try {
  const tree = await seedTree(w.db, [10, 10, 30, 32]);
  const leaves = tree.levels[tree.levels.length - 1]!;
  const step = Math.max(1, Math.floor(leaves.length / N));
  const codes = leaves.filter((_, i) => i % step === 0).slice(0, N);
  const tokens = await seedClerks(w.db, codes);
  // Warm up the isolate (and its compiled forms) on a handful of units not measured.
  await ingest(w, tokens, codes.slice(0, 20), 4);
  const { latencies, seconds, failures } = await ingest(w, tokens, codes.slice(20), CONCURRENCY);
  latencies.sort((a, b) => a - b);
  const result = {
    units: tree.count,
    submissions: latencies.length,
    concurrency: CONCURRENCY,
    failures,
    perSecond: Math.round(latencies.length / seconds),
    p50ms: +percentile(latencies, 0.5).toFixed(1),
    p99ms: +percentile(latencies, 0.99).toFixed(1),
  };
  console.log(JSON.stringify(result));
  console.log(
    `| ${result.units.toLocaleString("en")} units | ${result.submissions} | ${result.concurrency} | ${result.perSecond} | ${result.p50ms} | ${result.p99ms} |`,
  );
  if (failures > 0) process.exitCode = 1;
} finally {
  await w.close();
}
