/**
 * `npm run screenshots [-- e2e/<file> …]`: refresh the screenshots of docs/screenshots/ that the
 * browser tests take (the clerk's and supervisor's sheets, the outage, 考核/通报, the pane in a
 * plain browser, the clerk's page in each state). It runs those e2e files with XXGK_SCREENSHOTS
 * set; without it (`npm test`) they write to a temp dir and the repository stays unchanged. The
 * pane-only pictures (addin-*.png) come from `npx tsx addin/scripts/screenshots.ts`.
 */
import { spawnSync } from "node:child_process";
import { mkdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const out = join(root, "docs/screenshots");
const TAKING = [
  "e2e/clerks-rollup.e2e.test.ts",
  "e2e/workflow.e2e.test.ts",
  "e2e/outage.e2e.test.ts",
  "e2e/assessment.e2e.test.ts",
  "e2e/no-addin.e2e.test.ts",
  "e2e/clerk-day.e2e.test.ts",
];
const files = process.argv.slice(2).length ? process.argv.slice(2) : TAKING;
mkdirSync(out, { recursive: true });
const run = spawnSync(
  process.execPath,
  [join(root, "node_modules/vitest/vitest.mjs"), "run", "--project", "e2e", ...files],
  { cwd: root, stdio: "inherit", env: { ...process.env, XXGK_SCREENSHOTS: out } },
);
process.exit(run.status ?? 1);
