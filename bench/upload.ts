/**
 * The checking workbook through the real Worker (workerd, local D1): download generation
 * (`GET …?format=xlsx`) and upload (`PUT` of the .xlsx: gate, exceljs parse, validation and the
 * one-batch store), one request at a time, gov-2021 filled with a consistent report.
 *
 *   npm run bench:upload            # BENCH_N=60 uploads by default
 *
 * Targets (docs/PERFORMANCE.md): upload p99 ≤ 200 ms, download median ≤ 100 ms.
 */
import { getForm } from "../shared/forms/catalogue";
import { buildWorkbook } from "../shared/workbook";
import { writeXlsx } from "../shared/workbook/xlsx";
import { percentile, reportValues, seedClerks, seedTree, startWorker } from "./worker-env";

const N = Number(process.env.BENCH_N ?? 60);
const XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
const form = getForm("gov-2021")!;

const w = await startWorker();
try {
  const tree = await seedTree(w.db, [4, Math.ceil((N + 10) / 4)]);
  const codes = tree.levels[tree.levels.length - 1]!.slice(0, N + 10);
  const tokens = await seedClerks(w.db, codes);
  const downloads: number[] = [];
  const uploads: number[] = [];
  let failures = 0;
  let bytes = 0;
  for (const [n, code] of codes.entries()) {
    const auth = { Authorization: `Bearer ${tokens.get(code)}` };
    const s = performance.now();
    const got = await w.fetch(`/units/${code}/reports/gov-2021/2021?format=xlsx`, {
      headers: auth,
    });
    await got.arrayBuffer();
    const downloadMs = performance.now() - s;
    // The clerk's filled file (written outside the measurement, as a spreadsheet would save it).
    const file = await writeXlsx(
      buildWorkbook(form, {
        lang: "zh",
        unitName: code,
        year: 2021,
        values: reportValues(n + 1),
        unitCode: code,
      }),
    );
    bytes = file.length;
    const t = performance.now();
    const res = await w.fetch(`/units/${code}/reports/gov-2021/2021`, {
      method: "PUT",
      headers: { ...auth, "Content-Type": XLSX, "Idempotency-Key": `bench-${code}` },
      body: file as unknown as BodyInit,
    });
    await res.arrayBuffer();
    if (res.status !== 201) failures++;
    // The first ten warm the isolate up (compiled forms, exceljs) and are not counted.
    if (n >= 10) {
      uploads.push(performance.now() - t);
      downloads.push(downloadMs);
    }
  }
  uploads.sort((a, b) => a - b);
  downloads.sort((a, b) => a - b);
  const r = {
    uploads: uploads.length,
    failures,
    fileKiB: Math.round(bytes / 1024),
    uploadP50ms: +percentile(uploads, 0.5).toFixed(1),
    uploadP99ms: +percentile(uploads, 0.99).toFixed(1),
    downloadP50ms: +percentile(downloads, 0.5).toFixed(1),
    downloadP99ms: +percentile(downloads, 0.99).toFixed(1),
  };
  console.log(JSON.stringify(r));
  console.log(
    `| ${r.uploads} | ${r.fileKiB} KiB | ${r.uploadP50ms} | ${r.uploadP99ms} | ${r.downloadP50ms} | ${r.downloadP99ms} |`,
  );
  if (failures > 0) process.exitCode = 1;
} finally {
  await w.close();
}
