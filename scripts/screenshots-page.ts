/**
 * `npm run screenshots:page`: the clerk's page in each state of the e2e day (not connected,
 * connected, problems listed, remarks shown, accepted), written to docs/screenshots/ for the
 * README and docs/BROWSER.md. It runs e2e/clerk-day.e2e.test.ts with XXGK_SCREENSHOTS set; the
 * test alone never writes into the repository.
 */
import { spawnSync } from "node:child_process";
import { mkdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const out = join(root, "docs/screenshots");
mkdirSync(out, { recursive: true });
const run = spawnSync(
  process.execPath,
  [
    join(root, "node_modules/vitest/vitest.mjs"),
    "run",
    "--project",
    "e2e",
    "e2e/clerk-day.e2e.test.ts",
  ],
  { cwd: root, stdio: "inherit", env: { ...process.env, XXGK_SCREENSHOTS: out } },
);
process.exit(run.status ?? 1);
