/**
 * Tests only: type cells into workbooks with LibreOffice Calc (headless, through its UNO API, by
 * shared/testing/lo_fill.py) and save them as .xlsx, as a clerk without the add-in would. One
 * soffice for the whole batch. Needs python3-uno (`libreOfficeGate` says whether it is there).
 */
import { execFile } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { UNO_PYTHON } from "./libreoffice-gate";

const SCRIPT = join(dirname(fileURLToPath(import.meta.url)), "../testing/lo_fill.py");

export interface CalcFillJob {
  /** Absolute paths of the workbook to open and of the .xlsx to save. */
  file: string;
  out: string;
  /** The sheet typed into (default: the form sheet, the one `XXGK_FORM_SHEET` marks). */
  sheet?: string;
  /** The cells typed: A1 address → value. */
  cells: Record<string, number | string>;
  /** Delete every `xxgk.*` name before saving (a program that drops names). */
  stripNames?: boolean;
  /** Rename the sheet, and move it to this 0-based position, before saving (a clerk's tidying). */
  rename?: string;
  moveTo?: number;
}

export interface CalcFillResult {
  /** The workbook's own verdicts after the typing: broken rules by severity. */
  errors: number;
  warnings: number;
  /** `xxgk.*` names kept in the saved file. */
  names: number;
  /** Typed cells that Calc holds locked on a protected sheet (a clerk could not type there). */
  locked: string[];
}

/**
 * Run the jobs in one LibreOffice session; `jobsFile` is where the job list is written.
 * Asynchronous on purpose: a browser test's loopback proxy and Playwright's connection live on
 * this event loop, and blocking it for the seconds Calc takes stalls (and on a slow machine
 * broke) the page's requests in flight.
 */
export function fillInCalc(jobs: CalcFillJob[], jobsFile: string): Promise<CalcFillResult[]> {
  const resultsFile = `${jobsFile}.out`;
  writeFileSync(jobsFile, JSON.stringify({ jobs }));
  return new Promise((resolve, reject) => {
    execFile(UNO_PYTHON, [SCRIPT, jobsFile, resultsFile], { encoding: "utf8" }, (e, _out, err) => {
      if (e) return reject(new Error(`lo_fill.py failed (${e.code ?? e.signal}): ${err}`));
      const read = JSON.parse(readFileSync(resultsFile, "utf8")) as { results: CalcFillResult[] };
      resolve(read.results);
    });
  });
}
