/**
 * Benchmark: the rollup xlsx export alone (`rollupXlsx`, pure), for a subtree of BENCH_UNITS units
 * (default 991, the county of bench/rollup.ts), BENCH_RUNS times.
 *
 *   npm run bench:rollup-xlsx
 *   NODE_OPTIONS=--max-old-space-size=128 BENCH_UNITS=13000 BENCH_RUNS=1 npm run bench:rollup-xlsx
 *
 * The second form checks what fits a Worker's 128 MB (XLSX_MAX_UNITS): it runs out of memory
 * when the workbook does not fit.
 */
import { getForm } from "../shared/forms/catalogue";
import { sampleRollup } from "../shared/testing/sample-rollup";
import { rollupXlsx } from "../worker/src/export/rollup-xlsx";
import { exactRollup } from "../worker/test/unit/fixtures";

const form = getForm("gov-2021")!;
const units = Number(process.env.BENCH_UNITS ?? 991);
const runs = Number(process.env.BENCH_RUNS ?? 21);

const rollup = exactRollup(sampleRollup(form, 2021, 21, units));

const times: number[] = [];
let bytes = 0;
for (let i = 0; i < runs; i++) {
  const t0 = performance.now();
  bytes = (await rollupXlsx(form, rollup)).byteLength;
  times.push(performance.now() - t0);
}
times.sort((a, b) => a - b);
const median = times[Math.floor(times.length / 2)]!;
console.log(
  `rollup xlsx, ${units} units listed: median ${median.toFixed(1)} ms over ${runs} runs, ` +
    `${(bytes / 1024).toFixed(0)} KiB`,
);
