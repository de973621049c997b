/**
 * Storage benchmark: bytes per stored submission. First gov-2021 submissions through the real
 * Worker into a province-shaped tree (root → 10 → 10 → 30 units), full reports (every cell
 * filled) and sparse ones (three cells not zero), measured as the growth of the database's pages
 * (D1's `size_after`) and per table as the payload bytes of its rows. `npm run bench:storage` (BENCH_N).
 */
import { consistentValues, rng } from "../shared/testing/sample-report";
import { getForm } from "../shared/forms/catalogue";
import { ingest, seedClerks, seedTree, startWorker } from "./worker-env";

const N = Number(process.env.BENCH_N ?? 600);

interface Sizes {
  bytes: number;
  tables: Map<string, number>;
}

const TABLES = [
  "revisions",
  "current_reports",
  "aggregates",
  "report_events",
  "rule_aggregates",
  "idempotency",
  "audit_log",
];

/** A row's payload: text and blob bytes, 8 per number (SQLite stores less for small ones). */
function payload(row: Record<string, unknown>): number {
  let n = 0;
  for (const v of Object.values(row)) {
    n += typeof v === "string" ? Buffer.byteLength(v) : v === null ? 0 : 8;
  }
  return n;
}

/**
 * The database's size (D1's `size_after`: its pages) and each table's row payload (D1 refuses
 * `dbstat` and `PRAGMA page_count`; the page growth includes the indexes, the payload does not).
 */
async function sizes(db: D1Database): Promise<Sizes> {
  const probe = await db.prepare(`SELECT 1`).run();
  const tables = new Map<string, number>();
  for (const t of TABLES) {
    const { results } = await db.prepare(`SELECT * FROM ${t}`).all<Record<string, unknown>>();
    tables.set(
      t,
      results.reduce((n, r) => n + payload(r), 0),
    );
  }
  return { bytes: probe.meta.size_after, tables };
}

const form = getForm("gov-2021")!;
const KINDS = {
  full: (n: number) => consistentValues(form, rng(n), 40),
  sparse: (n: number) => consistentValues(form, rng(n), 1),
};

const rows: string[] = [];
for (const [kind, values] of Object.entries(KINDS)) {
  const w = await startWorker();
  try {
    const tree = await seedTree(w.db, [10, 10, 30]);
    const leaves = tree.levels[tree.levels.length - 1]!;
    const codes = leaves.slice(0, N);
    const tokens = await seedClerks(w.db, codes);
    const before = await sizes(w.db);
    const { failures } = await ingest(w, tokens, codes, 4, values);
    const after = await sizes(w.db);
    const per = (a: number, b: number) => (a - b) / (codes.length - failures);
    const tables = [...after.tables]
      .map(([t, b]) => [t, per(b, before.tables.get(t) ?? 0)] as const)
      .filter(([, b]) => b > 0)
      .sort((a, b) => b[1] - a[1]);
    const result = {
      kind,
      submissions: codes.length - failures,
      failures,
      bytesPerSubmission: Math.round(per(after.bytes, before.bytes)),
      perTable: Object.fromEntries(tables.map(([t, b]) => [t, Math.round(b)])),
    };
    console.log(JSON.stringify(result));
    rows.push(
      `| ${kind} | ${result.submissions} | ${result.bytesPerSubmission.toLocaleString("en")} | ${tables
        .map(([t, b]) => `${t} ${Math.round(b).toLocaleString("en")}`)
        .join(", ")} |`,
    );
    if (failures > 0) process.exitCode = 1;
  } finally {
    await w.close();
  }
}
console.log("| report | submissions | bytes/submission (pages) | row payload per table |");
console.log("|---|---:|---:|---|");
for (const r of rows) console.log(r);
