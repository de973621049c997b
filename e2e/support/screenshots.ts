/**
 * Where the browser tests put the screenshots the docs show: docs/screenshots only when
 * `npm run screenshots` runs them (it sets XXGK_SCREENSHOTS), otherwise one fixed dir under the
 * system's temp dir (overwritten by each run, so runs do not pile up), so that `npm test` never
 * changes a tracked file.
 */
import { mkdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";

function screenshotsDir(): string {
  const dir = process.env.XXGK_SCREENSHOTS
    ? resolve(process.env.XXGK_SCREENSHOTS)
    : join(tmpdir(), "xxgk-e2e-screenshots");
  mkdirSync(dir, { recursive: true });
  return dir;
}

export const SHOTS = screenshotsDir();
