/**
 * Runs once before the browser tests: without Chromium they are skipped with a plain message,
 * except under CI=true where a missing Chromium is a failure (`.ci/run` installs it).
 */
import { SKIP_MESSAGE, findChromium } from "./support/browser";
import { OPENPYXL_SKIP, hasOpenpyxl } from "./support/readers";

export default function setup(): void {
  const ci = process.env.CI === "true" || process.env.CI === "1";
  if (!findChromium()) {
    if (ci) throw new Error(`CI=true and Chromium is missing: ${SKIP_MESSAGE}`);
    console.warn(`\n${SKIP_MESSAGE}\n`);
  }
  if (!hasOpenpyxl()) {
    if (ci) throw new Error(`CI=true and openpyxl is missing: ${OPENPYXL_SKIP}`);
    console.warn(`\n${OPENPYXL_SKIP}\n`);
  }
}
