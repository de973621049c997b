/**
 * The upload's bounds (issue 21): CPU time and heap of the whole read path (zip gate, bounds,
 * reader copy, exceljs parse, reading the inputs) for the crafted shapes of issue 21 and for the
 * largest file the bounds still let through (cells, styles and shared strings just under their
 * limits), each in a fresh Node process so the heap figure is that file's alone.
 *
 *   npm run bench:upload-bounds
 *
 * Target (docs/PERFORMANCE.md): every file ≤ 1 s of CPU and ≤ 128 MB of heap.
 */
import { execFileSync } from "node:child_process";
import { strFromU8, strToU8, unzipSync, zipSync } from "fflate";
import { getForm } from "../shared/forms/catalogue";
import { columnLetter } from "../shared/layout/grid";
import { rng } from "../shared/testing/sample-report";
import { buildWorkbook } from "../shared/workbook";
import { readWorkbookFile } from "../shared/workbook/read";
import { boundWorkbook, WORKBOOK_BOUNDS as B } from "../shared/workbook/upload-bounds";
import { openUpload, readerBytes } from "../shared/workbook/upload-guard";
import { writeXlsx } from "../shared/workbook/xlsx";

const form = getForm("gov-2021")!;

async function shapes(): Promise<Record<string, Uint8Array>> {
  const model = buildWorkbook(form, { lang: "zh", unitName: "测试", year: 2022, unitCode: "T" });
  const parts = unzipSync(await writeXlsx(model, []));
  const next = rng(21);
  const many = (n: number, item: (r: string, i: number) => string) =>
    Array.from({ length: n }, (_, i) => item(Math.floor(next() * 1e9).toString(36), i)).join("");
  const cellName = (i: number) => columnLetter(i);
  const edit = (edits: Record<string, (xml: string) => string>) => {
    const files = { ...parts };
    for (const [name, f] of Object.entries(edits))
      files[name] = strToU8(f(strFromU8(parts[name]!)));
    return zipSync(files, { level: 6 });
  };
  const wb = "xl/workbook.xml";
  const s1 = "xl/worksheets/sheet1.xml";
  const s3 = "xl/worksheets/sheet3.xml";
  const widen = (range: string) => (x: string) =>
    x.replace(
      /(<definedName name="xxgk\.[^"]+">)[^<]*/,
      (_m, open: string) => `${open}&apos;报表 gov-2021&apos;!${range}`,
    );
  return {
    "as downloaded": edit({}),
    "name A1:XFD1048576": edit({ [wb]: widen("$A$1:$XFD$1048576") }),
    "name A1:Z20000": edit({ [wb]: widen("$A$1:$Z$20000") }),
    "dimension A1:XFD1048576": edit({
      [s1]: (x) => x.replace(/<dimension ref="[^"]*"\/>/, '<dimension ref="A1:XFD1048576"/>'),
    }),
    "merge A100:XFD1048576": edit({
      [s1]: (x) => x.replace(/<mergeCell ref="[^"]*"\/>/, '<mergeCell ref="A100:XFD1048576"/>'),
    }),
    "col max 2e9": edit({
      [s1]: (x) =>
        x.replace("<sheetData>", '<cols><col min="1" max="2000000000"/></cols><sheetData>'),
    }),
    "largest within the bounds": edit({
      [s3]: (x) =>
        x.replace(
          "</sheetData>",
          `${Array.from({ length: 250 }, (_, r) => `<row r="${300 + r}">${many(Math.floor((B.maxCells - 4000) / 250), (v, i) => `<c r="${cellName(i)}${300 + r}"><v>${v.length}${v.slice(0, 4)}</v></c>`)}</row>`).join("")}</sheetData>`,
        ),
      "xl/styles.xml": (x) =>
        x.replace(
          /<cellXfs count="\d+">/,
          (m) => m + many(B.maxStyleElements - 3000, (v) => `<xf numFmtId="${v.slice(0, 2)}"/>`),
        ),
      "xl/sharedStrings.xml": (x) =>
        x.replace(
          "</sst>",
          `${many(B.maxSharedStrings - 2000, (v) => `<si><t>${v}</t></si>`)}</sst>`,
        ),
    }),
  };
}

/** One file through the read path; what it answered, CPU ms and peak heap MB. */
async function measure(bytes: Uint8Array) {
  const cpu = process.cpuUsage();
  let peak = process.memoryUsage().heapUsed;
  const sample = setInterval(() => (peak = Math.max(peak, process.memoryUsage().heapUsed)), 5);
  let outcome: string;
  const opened = openUpload(bytes);
  if (!opened.ok) outcome = `gate: ${opened.failure.kind}`;
  else {
    const bounded = boundWorkbook(form, opened.files);
    if (!bounded.ok) {
      const f = bounded.failure;
      outcome = `bounds: ${f.kind === "name" ? f.why.en : f.what.en}`;
    } else {
      const read = await readWorkbookFile(form, readerBytes(bounded.files), bounded.formulas);
      outcome = `read (${read.located}, ${read.problems.length} problems)`;
    }
  }
  clearInterval(sample);
  peak = Math.max(peak, process.memoryUsage().heapUsed);
  const used = process.cpuUsage(cpu);
  return {
    outcome,
    cpuMs: Math.round((used.user + used.system) / 1000),
    heapMB: Math.round(peak / 2 ** 20),
  };
}

const only = process.argv[2];
const all = await shapes();
if (only) {
  console.log(
    JSON.stringify({
      shape: only,
      kiB: Math.round(all[only]!.length / 1024),
      ...(await measure(all[only]!)),
    }),
  );
} else {
  console.log("| file | KiB | outcome | CPU ms | heap MB |\n|---|---|---|---|---|");
  let over = 0;
  for (const name of Object.keys(all)) {
    const out = execFileSync(process.execPath, [...process.execArgv, import.meta.filename, name], {
      encoding: "utf8",
    });
    const r = JSON.parse(out.trim().split("\n").pop()!) as {
      kiB: number;
      outcome: string;
      cpuMs: number;
      heapMB: number;
    };
    if (r.cpuMs > 1000 || r.heapMB > 128) over++;
    console.log(`| ${name} | ${r.kiB} | ${r.outcome} | ${r.cpuMs} | ${r.heapMB} |`);
  }
  if (over) process.exitCode = 1;
}
