/**
 * Rollup benchmark on a ~100,000-unit tree: the stored per-node aggregates against summing the
 * subtree's reports on the fly in SQL, and the whole rollup endpoint at each level.
 * `npm run bench:rollup` (BENCH_SUBMISSIONS, BENCH_RUNS).
 */
import { ingest, timeRuns, seedClerks, seedSupervisor, seedTree, startWorker } from "./worker-env";
import { SCALE } from "../shared/engine/scale";
import { getForm } from "../shared/forms/catalogue";
import { decodeScaled } from "../worker/src/db/values";

const cells = getForm("gov-2021")!.cells.map((c) => c.id);

const SUBMISSIONS = Number(process.env.BENCH_SUBMISSIONS ?? 5000);
const RUNS = Number(process.env.BENCH_RUNS ?? 20);

const w = await startWorker();
try {
  const tree = await seedTree(w.db, [10, 10, 30, 32]);
  // Submissions spread over the whole tree (every level), through the real API.
  const all = tree.levels.flat();
  const step = Math.max(1, Math.floor(all.length / SUBMISSIONS));
  const codes = all.filter((_, i) => i % step === 0).slice(0, SUBMISSIONS);
  const tokens = await seedClerks(w.db, codes);
  const ing = await ingest(w, tokens, codes, 8);
  if (ing.failures) throw new Error(`${ing.failures} submissions failed`);
  const supervisor = await seedSupervisor(w.db, "ROOT");

  const unitOf = async (code: string) =>
    (await w.db
      .prepare(`SELECT id, path FROM units WHERE code = ?1`)
      .bind(code)
      .first<{ id: number; path: string }>())!;
  const root = await unitOf("ROOT");

  // Values from the aggregates: the node's row and its children's rows.
  const fromAggregates = async () => {
    const [own] = await w.db.batch([
      w.db
        .prepare(
          `SELECT vals FROM aggregates WHERE unit_id = ?1 AND form = 'gov-2021' AND year = 2021`,
        )
        .bind(root.id),
      w.db
        .prepare(
          `SELECT u.code, a.vals FROM units u LEFT JOIN aggregates a
              ON a.unit_id = u.id AND a.form = 'gov-2021' AND a.year = 2021 WHERE u.parent_id = ?1`,
        )
        .bind(root.id),
    ]);
    const exact = decodeScaled("gov-2021", (own!.results[0] as { vals: string }).vals);
    return Object.fromEntries(Object.entries(exact).map(([k, v]) => [k, Number(v)]));
  };
  // The same figures summed on the fly from every current report of the subtree.
  const onTheFly = async () => {
    const { results } = await w.db
      .prepare(
        `SELECT j.key AS k, sum(CAST(round(j.value * ${SCALE}) AS INTEGER)) AS s
           FROM units u
           JOIN current_reports c ON c.unit_id = u.id AND c.form = 'gov-2021' AND c.year = 2021
           JOIN revisions r ON r.unit_id = c.unit_id AND r.form = c.form AND r.year = c.year
                           AND r.revision = c.revision,
                json_each(r.vals) j
          WHERE u.path >= ?1 AND u.path < ?2
          GROUP BY j.key`,
      )
      .bind(root.path, root.path.slice(0, -1) + "0")
      .all<{ k: string; s: number }>();
    // Stored values are arrays in cell order (worker/src/db/values.ts): the key is the index.
    return Object.fromEntries(
      results.filter((r) => r.s !== 0).map((r) => [cells[Number(r.k)]!, r.s]),
    );
  };
  const a = await fromAggregates();
  const b = await onTheFly();
  const same =
    JSON.stringify(Object.entries(a).sort()) === JSON.stringify(Object.entries(b).sort());
  if (!same) throw new Error("aggregates disagree with the on-the-fly sum");

  const agg = await timeRuns(RUNS, fromAggregates);
  const fly = await timeRuns(Math.min(RUNS, 10), onTheFly);

  const endpoint = async (code: string, format = "json", completeness = "all") => {
    const res = await w.fetch(
      `/units/${code}/rollups/gov-2021/2021?format=${format}&completeness=${completeness}`,
      {
        headers: { Authorization: `Bearer ${supervisor}` },
      },
    );
    if (res.status !== 200) {
      console.error(w.logs().slice(-5).join("\n"));
      throw new Error(`rollup ${code} ${format}: ${res.status} ${await res.text()}`);
    }
    return res.arrayBuffer();
  };
  const levels: [string, string, number][] = [
    ["root", "ROOT", tree.count],
    ["city", tree.levels[1]![0]!, 1 + 10 + 300 + 9600],
    ["county", tree.levels[2]![0]!, 1 + 30 + 960],
    ["town", tree.levels[3]![0]!, 33],
  ];
  const rows: string[] = [];
  for (const [name, code, units] of levels) {
    for (const mode of ["all", "none"]) {
      const runs = name === "root" && mode === "all" ? Math.min(RUNS, 10) : RUNS;
      const t = await timeRuns(runs, () => endpoint(code, "json", mode));
      const bytes = (await endpoint(code, "json", mode)).byteLength;
      rows.push(
        `| ${name} | ${units.toLocaleString("en")} | ${mode} | ${t.median.toFixed(1)} | ${t.p95.toFixed(1)} | ${(bytes / 1024).toFixed(0)} KB |`,
      );
    }
  }
  const csvCounty = await timeRuns(RUNS, () => endpoint(tree.levels[2]![0]!, "csv"));
  const xlsxCounty = await timeRuns(RUNS, () => endpoint(tree.levels[2]![0]!, "xlsx"));

  console.log(
    JSON.stringify({
      units: tree.count,
      submissions: codes.length,
      ingestPerSecond: Math.round(codes.length / ing.seconds),
      rootValuesFromAggregatesMs: +agg.median.toFixed(2),
      rootValuesOnTheFlyMs: +fly.median.toFixed(2),
      speedup: +(fly.median / agg.median).toFixed(1),
    }),
  );
  console.log(
    `\nValues of the root (${tree.count.toLocaleString("en")} units, ${codes.length} reports):\n`,
  );
  console.log("| method | median ms | p95 ms |\n|---|---:|---:|");
  console.log(
    `| stored aggregates (node + children rows) | ${agg.median.toFixed(2)} | ${agg.p95.toFixed(2)} |`,
  );
  console.log(
    `| on-the-fly SQL over the subtree's reports | ${fly.median.toFixed(2)} | ${fly.p95.toFixed(2)} |`,
  );
  console.log(`\nSpeed-up: ${(fly.median / agg.median).toFixed(1)}×\n`);
  console.log(
    "Whole rollup endpoint (JSON; ?completeness=all lists every unit, =none leaves the list out):\n",
  );
  console.log(
    "| node | units in subtree | completeness | median ms | p95 ms | response |\n|---|---:|---|---:|---:|---:|",
  );
  for (const r of rows) console.log(r);
  console.log(
    `\nCounty as CSV: median ${csvCounty.median.toFixed(1)} ms; as xlsx: median ${xlsxCounty.median.toFixed(1)} ms`,
  );
} finally {
  await w.close();
}
