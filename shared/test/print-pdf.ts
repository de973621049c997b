/**
 * A workbook printed by a real program: LibreOffice (headless) converts the .xlsx to PDF with the
 * workbook's own page setup, and poppler's pdftotext reads each page back. Used by the print
 * tests of the checking workbook (shared) and of the rollup export (worker).
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Form } from "../forms/model";
import { layoutForm } from "../layout";
import { longTableHeader } from "../print";

/** Why printing cannot be tested here, or null. */
export function printToolsMissing(): string | null {
  if (spawnSync("soffice", ["--version"], { stdio: "ignore" }).status !== 0)
    return "soffice is missing (apt-get install libreoffice-calc-nogui)";
  if (spawnSync("pdftotext", ["-v"], { stdio: "ignore" }).status !== 0)
    return "pdftotext is missing (apt-get install poppler-utils)";
  return null;
}

export interface Printed {
  /** The text of each page (pdftotext -layout), page 1 first. */
  pages: string[];
  /** The PDF file (kept until `dispose`). */
  pdf: string;
  dispose(): void;
}

/** The workbook as LibreOffice prints it. */
export function printXlsx(bytes: Uint8Array, name = "book"): Printed {
  return printFile(bytes, name, "xlsx");
}

/** A Word document as LibreOffice Writer prints it. */
export function printDocx(bytes: Uint8Array, name = "document"): Printed {
  return printFile(bytes, name, "docx");
}

/** Why a Word document cannot be printed here (Writer and its Word filter), or null. */
export function writerMissing(): string | null {
  const tools = printToolsMissing();
  if (tools) return tools;
  const which = spawnSync("sh", ["-c", 'dirname "$(readlink -f "$(command -v soffice)")"'], {
    encoding: "utf8",
  }).stdout.trim();
  const parts = ["libswlo.so", "libmswordlo.so"];
  return parts.every((p) => existsSync(join(which, p)))
    ? null
    : "LibreOffice Writer is missing (apt-get install libreoffice-writer-nogui)";
}

function printFile(bytes: Uint8Array, name: string, ext: string): Printed {
  const dir = mkdtempSync(join(tmpdir(), "xxgk-print-"));
  const xlsx = join(dir, `${name}.${ext}`);
  writeFileSync(xlsx, bytes);
  // Its own profile: a concurrent soffice (another test, a user's) must not take the job.
  const profile = `-env:UserInstallation=file://${join(dir, "profile")}`;
  const run = spawnSync(
    "soffice",
    [profile, "--headless", "--convert-to", "pdf", "--outdir", dir, xlsx],
    {
      encoding: "utf8",
      timeout: 120_000,
    },
  );
  const pdf = join(dir, `${name}.pdf`);
  if (run.status !== 0) throw new Error(`soffice failed: ${run.stderr}`);
  const info = spawnSync("pdfinfo", [pdf], { encoding: "utf8" }).stdout;
  const count = Number(/^Pages:\s+(\d+)/m.exec(info)?.[1]);
  const pages = Array.from({ length: count }, (_, i) => {
    const p = String(i + 1);
    return spawnSync("pdftotext", ["-layout", "-f", p, "-l", p, pdf, "-"], { encoding: "utf8" })
      .stdout;
  });
  readFileSync(pdf); // fail here, not later, when the PDF is missing
  return { pages, pdf, dispose: () => rmSync(dir, { recursive: true, force: true }) };
}

/** A value as its cell's number format shows it (`0`, or `0.00##` for amounts). */
export function shownNumber(form: Form, cellId: string, v: number): string {
  if (form.cellById.get(cellId)?.kind !== "amount") return String(v);
  const [whole, frac = ""] = String(v).split(".");
  return `${whole}.${frac.padEnd(2, "0")}`;
}

/** Every shown number missing from the text (a multiset: a value printed twice is needed twice). */
export function missingNumbers(text: string, shown: string[]): string[] {
  const tokens = new Map<string, number>();
  for (const t of text.split(/\s+/)) tokens.set(t, (tokens.get(t) ?? 0) + 1);
  const missing: string[] = [];
  for (const s of shown) {
    const n = tokens.get(s) ?? 0;
    if (n === 0) missing.push(s);
    else tokens.set(s, n - 1);
  }
  return missing;
}

/** Why the print tests skip here (tools missing, outside CI), or null to run them. */
export function printSkip(): string | null {
  const missing = printToolsMissing();
  const ci = process.env.CI === "true" || process.env.CI === "1";
  if (missing && !ci) console.warn(`print tests skipped: ${missing}`);
  return ci ? null : missing;
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/**
 * What page 1 of a printed form lacks, by name: the title; the unit and the year each just right
 * of its caption (left-aligned: a right-aligned value in a merged line lands far off, or off the
 * page); every column header of the long table (table 三 of gov-2021, 自然人 to 总计); the page
 * header (unit, year) and the footer's page number.
 */
export function page1Missing(page: string, form: Form, unit: string, year: number): string[] {
  const want: [string, RegExp][] = [
    ["title", new RegExp(escape(form.title.zh))],
    ["unit beside 填报单位", new RegExp(`填报单位\\s{1,12}${escape(unit)}`)],
    ["year beside 报告年度", new RegExp(`报告年度\\s{1,12}${year}(?!\\d)`)],
    ...longTableHeaderTexts(form).map((h): [string, RegExp] => [h, new RegExp(escape(h))]),
    ["page header", new RegExp(`^\\s*${escape(unit)}.*${year}年度`)],
    ["page footer", /第 ?1 ?页 ?共 ?\d+ ?页/],
  ];
  return want.filter(([, re]) => !re.test(page)).map(([what]) => what);
}

/** The column headers of the form's long table (the rows repeated on every printed page). */
export function longTableHeaderTexts(form: Form): string[] {
  const layout = layoutForm(form, "zh");
  const head = longTableHeader(layout)!;
  return layout.cells
    .filter((c) => c.role === "header" && c.row + 1 >= head.first && c.row + 1 <= head.last)
    .map((c) => c.text!);
}
