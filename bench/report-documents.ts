/**
 * Benchmark: the annual report documents (shared/report), pure: one gov-2021 report as .docx and
 * as HTML (BENCH_RUNS times), and the supervisor's zip of BENCH_UNITS units (default 200, the
 * most one zip holds: MAX_DOCUMENT_UNITS) once, with the heap it took.
 *
 *   npm run bench:report-documents
 *   NODE_OPTIONS=--max-old-space-size=128 npm run bench:report-documents
 *
 * The second form checks that the largest zip fits a Worker's 128 MB.
 */
import { getForm } from "../shared/forms/catalogue";
import { reportStructure } from "../shared/report/catalogue";
import type { ReportInput } from "../shared/report/document";
import { annualReportDocx } from "../shared/report/docx";
import { annualReportHtml } from "../shared/report/html";
import { textsOf } from "../shared/report/structure";
import { consistentValues, rng } from "../shared/testing/sample-report";
import { documentsZip } from "../worker/src/export/report-documents";
import { MAX_DOCUMENT_UNITS } from "../worker/src/services/report-document";

const form = getForm("gov-2021")!;
const structure = reportStructure(form)!;
const runs = Number(process.env.BENCH_RUNS ?? 41);
const units = Number(process.env.BENCH_UNITS ?? MAX_DOCUMENT_UNITS);

const input = (seed: number): ReportInput => ({
  form,
  structure,
  values: consistentValues(form, rng(seed), 500),
  previous: consistentValues(form, rng(seed + 1), 500),
  // About two pages of prose, as a county department writes.
  texts: Object.fromEntries(
    textsOf(structure).map((t) => [t.id, `${t.hint.zh}本单位认真贯彻落实各项要求。`.repeat(12)]),
  ),
  unit: `单位${seed}`,
  year: 2023,
  lang: "zh",
});

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function time(what: string, f: () => Promise<number>): Promise<void> {
  const ms: number[] = [];
  let size = 0;
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    size = await f();
    ms.push(performance.now() - t0);
  }
  console.log(`| ${what} | ${median(ms).toFixed(1)} | ${(size / 1024).toFixed(0)} |`);
}

const one = input(1);
console.log(`node ${process.version}, ${new Date().toISOString().slice(0, 10)}\n`);
console.log("| case | median ms | KiB |\n|---|---:|---:|");
await time("one report, .docx", async () => (await annualReportDocx(one)).byteLength);
await time("one report, HTML", async () => annualReportHtml(one).length);

const entries = Array.from({ length: units }, (_, i) => ({
  unit: { code: `U${i}`, name: `单位${i}`, depth: 1 },
  reportStatus: "submitted" as const,
  textsStatus: "submitted" as const,
  input: input(i),
}));
global.gc?.();
const heap0 = process.memoryUsage().heapUsed;
const t0 = performance.now();
const res = await documentsZip({ code: "C", name: "县" }, form.id, 2023, entries, "zh");
const bytes = (await res.arrayBuffer()).byteLength;
const ms = performance.now() - t0;
const heap = (process.memoryUsage().heapUsed - heap0) / 2 ** 20;
console.log(
  `| zip of ${units} units (once) | ${ms.toFixed(0)} | ${(bytes / 1024).toFixed(0)} |\n\nheap growth during the zip: ${heap.toFixed(0)} MiB`,
);
