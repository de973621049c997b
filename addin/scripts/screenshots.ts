/**
 * `npx tsx addin/scripts/screenshots.ts`: build the demo page (task pane beside the strict
 * stand-in drawn as a grid, with an in-page fake API) into dist/addin-demo/ and take the README
 * screenshots with headless Chromium (Debian package `chromium`) into docs/screenshots/.
 */
import { build } from "esbuild";
import { spawnSync } from "node:child_process";
import { copyFileSync, mkdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "../..");
const out = join(root, "dist/addin-demo");
mkdirSync(out, { recursive: true });
await build({
  entryPoints: [join(root, "addin/demo/demo.ts")],
  outfile: join(out, "demo.js"),
  bundle: true,
  format: "iife",
  target: ["es2020"],
  minify: true,
  logLevel: "warning",
});
copyFileSync(join(root, "addin/demo/demo.html"), join(out, "demo.html"));
copyFileSync(join(root, "addin/static/taskpane.css"), join(out, "taskpane.css"));

const shots = join(root, "docs/screenshots");
mkdirSync(shots, { recursive: true });
function shot(name: string, query: string, size: string): void {
  const r = spawnSync(
    "chromium",
    [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--hide-scrollbars",
      "--allow-file-access-from-files",
      `--window-size=${size}`,
      "--virtual-time-budget=8000",
      `--screenshot=${join(shots, name)}`,
      `file://${join(out, "demo.html")}${query}`,
    ],
    { encoding: "utf8" },
  );
  if (r.status !== 0) throw new Error(`chromium failed: ${r.stderr}`);
  console.log(`docs/screenshots/${name}`);
}
shot("addin-sheet-errors.png", "?scenario=errors", "1500,1260");
shot("addin-pane.png", "?scenario=errors&view=pane", "360,1100");
shot("addin-pane-en.png", "?scenario=errors&view=pane&lang=en-US", "360,1100");
shot("addin-remark.png", "?scenario=remark", "1500,1260");
shot("addin-pane-remark.png", "?scenario=remark&view=pane", "360,1800");
shot("addin-review.png", "?scenario=review", "2200,1300");
shot("addin-status.png", "?scenario=review&sheet=报送情况", "1500,500");
