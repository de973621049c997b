/**
 * Where the browser tests put the screenshots the docs show: docs/screenshots only when
 * `npm run screenshots` runs them (it sets XXGK_SCREENSHOTS), otherwise a temp dir, so that
 * `npm test` never changes a tracked file.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";

function screenshotsDir(): string {
  const asked = process.env.XXGK_SCREENSHOTS;
  if (asked) return resolve(asked);
  const dir = mkdtempSync(join(tmpdir(), "xxgk-e2e-screenshots-"));
  process.once("exit", () => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

export const SHOTS = screenshotsDir();
