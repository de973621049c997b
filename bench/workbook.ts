/**
 * Benchmark: writing the self-checking gov-2021 workbook (shared/workbook).
 *
 *   npm run bench:workbook          # BENCH_RUNS=40 by default
 *
 * Prints a markdown table for docs/PERFORMANCE.md: median and p95 of building the model
 * (`buildWorkbook`) and of the whole path to .xlsx bytes (model + `writeXlsx`), and the file size.
 * Target: ≤ 100 ms median for the whole path, filled gov-2021 report with last year.
 */
import os from "node:os";
import { getForm } from "../shared/forms/catalogue";
import { consistentValues, rng } from "../shared/testing/sample-report";
import { buildWorkbook, type BuildOptions } from "../shared/workbook";
import { writeXlsx } from "../shared/workbook/xlsx";

const form = getForm("gov-2021")!;
const runs = Number(process.env.BENCH_RUNS ?? 40);
const values = consistentValues(form, rng(7), 40);
const filled: BuildOptions = {
  lang: "zh",
  unitName: "苍南县人民政府办公室",
  year: 2023,
  values,
  previous: values,
};
const blank: BuildOptions = { lang: "zh", unitName: "", year: 2023 };

interface Row {
  name: string;
  median: number;
  p95: number;
  /** Median CPU time of this process (user + system): what the machine's other load cannot inflate as much. */
  cpu: number;
  bytes: number | null;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function time(name: string, fn: () => Promise<number | null>): Promise<Row> {
  for (let i = 0; i < 5; i++) await fn(); // warm up the JIT
  const samples: number[] = [];
  const cpu: number[] = [];
  let bytes: number | null = null;
  for (let i = 0; i < runs; i++) {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    bytes = await fn();
    samples.push(performance.now() - t0);
    const c = process.cpuUsage(c0);
    cpu.push((c.user + c.system) / 1000);
  }
  samples.sort((a, b) => a - b);
  return {
    name,
    median: median(samples),
    p95: samples[Math.floor(samples.length * 0.95)]!,
    cpu: median(cpu),
    bytes,
  };
}

const rows = [
  await time("model only (buildWorkbook), filled with last year", async () => {
    buildWorkbook(form, filled);
    return null;
  }),
  await time("model + xlsx bytes, filled with last year", async () => {
    return (await writeXlsx(buildWorkbook(form, filled))).length;
  }),
  await time("model + xlsx bytes, blank", async () => {
    return (await writeXlsx(buildWorkbook(form, blank))).length;
  }),
];

const model = buildWorkbook(form, filled);
console.log(
  `node ${process.version}, ${os.cpus()[0]?.model ?? "cpu"} × ${os.cpus().length}, ${new Date().toISOString().slice(0, 10)}, load ${os.loadavg()[0]!.toFixed(1)}`,
);
console.log(
  `gov-2021: ${form.cells.length} input cells, ${model.checks.length} checks, ${model.conditionalFormats.length} conditional formats, ${model.names.length} names, ${model.sheets.reduce((n, s) => n + s.cells.length, 0)} cells; ${runs} runs`,
);
console.log("");
console.log("| case | median ms | p95 ms | median CPU ms | file size |");
console.log("|---|---:|---:|---:|---:|");
for (const r of rows) {
  const size = r.bytes === null ? "" : `${(r.bytes / 1024).toFixed(1)} KiB`;
  console.log(
    `| ${r.name} | ${r.median.toFixed(1)} | ${r.p95.toFixed(1)} | ${r.cpu.toFixed(1)} | ${size} |`,
  );
}
