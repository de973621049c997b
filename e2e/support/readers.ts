/**
 * Independent readers of our exports: Debian's python3-openpyxl for .xlsx and Python's csv module
 * for .csv (`/usr/bin/python3`, not a pyenv python without openpyxl). `.ci/run` installs them.
 */
import { execFile, spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const PYTHON = "/usr/bin/python3";
const SCRIPT = join(dirname(fileURLToPath(import.meta.url)), "read_export.py");

export const OPENPYXL_SKIP =
  "export readers skipped: /usr/bin/python3 with openpyxl not found (apt-get install python3-openpyxl)";

export function hasOpenpyxl(): boolean {
  const r = spawnSync(PYTHON, ["-c", "import openpyxl"], { encoding: "utf8" });
  return r.status === 0;
}

/**
 * Asynchronous on purpose: a browser test's loopback proxy and its browser connection live on
 * this event loop, and blocking it while Python reads a file stalls the page's requests.
 */
async function read<T>(kind: "xlsx" | "csv", bytes: Uint8Array): Promise<T> {
  const dir = mkdtempSync(join(tmpdir(), "xxgk-e2e-export-"));
  try {
    const file = join(dir, `rollup.${kind}`);
    writeFileSync(file, bytes);
    const out = await new Promise<string>((resolve, reject) =>
      execFile(
        PYTHON,
        [SCRIPT, kind, file],
        { encoding: "utf8", maxBuffer: 64 * 1024 * 1024 },
        (e, stdout, stderr) =>
          e ? reject(new Error(`${PYTHON} ${SCRIPT} ${kind} failed: ${stderr}`)) : resolve(stdout),
      ),
    );
    return JSON.parse(out) as T;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export interface XlsxRead {
  /** Sheet name → A1 address → value (numbers as numbers, text as text). */
  sheets: Record<string, Record<string, unknown>>;
  merged: Record<string, string[]>;
  order: string[];
  /** Sheet name → A1 address → the cell's comment and its solid fill (ARGB), if any. */
  comments: Record<string, Record<string, { text: string; fill: string | null }>>;
}

export const readXlsx = (bytes: Uint8Array) => read<XlsxRead>("xlsx", bytes);
export const readCsv = async (bytes: Uint8Array) =>
  (await read<{ rows: string[][] }>("csv", bytes)).rows;
