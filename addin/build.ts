/**
 * `npm run build:addin`: bundle the task pane into dist/addin/ (taskpane.html, taskpane.js,
 * taskpane.css, icons, manifest.xml), which the Worker serves at the origin root. Prints the
 * gzip size of our JavaScript (budget: BUDGET in bundle.ts, office.js excluded: it comes from
 * Microsoft's CDN).
 */
import { build } from "esbuild";
import { copyFileSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";
import { BUDGET, bundleOptions } from "./bundle";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const out = join(root, "dist", "addin");

rmSync(out, { recursive: true, force: true });
mkdirSync(join(out, "assets"), { recursive: true });

await build(bundleOptions(root, out));

for (const f of ["taskpane.html", "taskpane.css", "unsupported.js"])
  copyFileSync(join(root, "addin/static", f), join(out, f));
for (const f of readdirSync(join(root, "assets/icons"))) {
  if (f.endsWith(".png")) copyFileSync(join(root, "assets/icons", f), join(out, "assets", f));
}
copyFileSync(join(root, "manifest.xml"), join(out, "manifest.xml"));

const jsFiles = readdirSync(out).filter((f) => f.endsWith(".js"));
const sizes = Object.fromEntries(
  jsFiles.map((f) => {
    const buf = readFileSync(join(out, f));
    return [f, { bytes: buf.length, gzip: gzipSync(buf, { level: 9 }).length }];
  }),
);
// Budget: every JavaScript file we ship, lazily loaded chunks included (office.js excluded).
const gz = Object.values(sizes).reduce((n, s) => n + s.gzip, 0);
const bytes = Object.values(sizes).reduce((n, s) => n + s.bytes, 0);
const css = readFileSync(join(out, "taskpane.css"));
const report = {
  files: sizes,
  "taskpane.css": { bytes: css.length, gzip: gzipSync(css, { level: 9 }).length },
  total: { bytes, gzip: gz },
  budget: BUDGET,
};
writeFileSync(join(out, "size.json"), JSON.stringify(report, null, 2) + "\n");
console.log(
  `dist/addin: ${jsFiles.length} JavaScript files, ${(bytes / 1024).toFixed(1)} KB, ` +
    `${(gz / 1024).toFixed(1)} KB gzip (budget ${BUDGET / 1024} KB)`,
);
if (gz > BUDGET) {
  console.error("the add-in's JavaScript is over its gzip budget");
  process.exit(1);
}
