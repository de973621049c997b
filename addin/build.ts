/**
 * `npm run build:addin [-- --out DIR]`: bundle the task pane into dist/addin/ (taskpane.html,
 * taskpane.js, taskpane.css, icons, manifest.xml), which the Worker serves at the origin root.
 * Prints the gzip size of our JavaScript (budget: BUDGET in bundle.ts, office.js excluded).
 *
 * With `XXGK_OFFICE_JS=self` (or `--office-js self`) the pinned @microsoft/office-js package's
 * files go along under office-js/, so a Worker whose var says `self` serves /office-js/office.js
 * from its own static assets (the Node server serves them from node_modules itself).
 *
 * The build is made in a sibling directory and then moved into place file by file (each rename
 * atomic, the pages last, stale files removed after), so a server reading the directory while it
 * is rebuilt (`npm start`, `npm run serve`) never sees a half-written file or a missing page.
 */
import { build } from "esbuild";
import {
  copyFileSync,
  cpSync,
  existsSync,
  mkdirSync,
  readFileSync,
  readdirSync,
  renameSync,
  rmSync,
  rmdirSync,
  writeFileSync,
} from "node:fs";
import { basename, dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { gzipSync } from "node:zlib";
// The build script (not the pane) checks the setting against the Worker's own list of sources.
// eslint-disable-next-line no-restricted-imports
import { isOfficeJsSetting } from "../worker/src/site/office-js";
import { BUDGET, bundleOptions } from "./bundle";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const { values } = parseArgs({
  options: { out: { type: "string" }, "office-js": { type: "string" } },
});
const out = resolve(values.out ?? join(root, "dist", "addin"));
const officeJs = (values["office-js"] ?? process.env.XXGK_OFFICE_JS ?? "microsoft")
  .trim()
  .toLowerCase();
if (!isOfficeJsSetting(officeJs)) {
  console.error(
    `build:addin: XXGK_OFFICE_JS 应为 microsoft、21vianet 或 self,而不是「${officeJs}」。\n` +
      `build:addin: XXGK_OFFICE_JS must be microsoft, 21vianet or self, not "${officeJs}".`,
  );
  process.exit(1);
}
const next = join(dirname(out), `.${basename(out)}-next-${process.pid}`);

rmSync(next, { recursive: true, force: true });
mkdirSync(join(next, "assets"), { recursive: true });
try {
  await build(bundleOptions(root, next));

  for (const f of ["taskpane.html", "taskpane.css", "unsupported.js"])
    copyFileSync(join(root, "addin/static", f), join(next, f));
  for (const f of readdirSync(join(root, "assets/icons"))) {
    if (f.endsWith(".png")) copyFileSync(join(root, "assets/icons", f), join(next, "assets", f));
  }
  copyFileSync(join(root, "manifest.xml"), join(next, "manifest.xml"));
  if (officeJs === "self")
    cpSync(join(root, "node_modules/@microsoft/office-js/dist"), join(next, "office-js"), {
      recursive: true,
    });

  const jsFiles = readdirSync(next).filter((f) => f.endsWith(".js"));
  const sizes = Object.fromEntries(
    jsFiles.map((f) => {
      const buf = readFileSync(join(next, f));
      return [f, { bytes: buf.length, gzip: gzipSync(buf, { level: 9 }).length }];
    }),
  );
  // Budget: what one browser downloads (BUDGET in bundle.ts): taskpane.js, not the nomodule
  // unsupported.js that only browsers unable to run the pane fetch instead of it.
  const budgeted = Object.entries(sizes).filter(([f]) => f !== "unsupported.js");
  const gz = budgeted.reduce((n, [, s]) => n + s.gzip, 0);
  const bytes = budgeted.reduce((n, [, s]) => n + s.bytes, 0);
  const css = readFileSync(join(next, "taskpane.css"));
  const report = {
    files: sizes,
    "taskpane.css": { bytes: css.length, gzip: gzipSync(css, { level: 9 }).length },
    total: { bytes, gzip: gz },
    budget: BUDGET,
  };
  writeFileSync(join(next, "size.json"), JSON.stringify(report, null, 2) + "\n");
  console.log(
    `${relative(root, out) || out}: taskpane.js ${(bytes / 1024).toFixed(1)} KB, ` +
      `${(gz / 1024).toFixed(1)} KB gzip (budget ${BUDGET / 1024} KB)` +
      (officeJs === "self" ? "; office.js under office-js/" : ""),
  );
  if (gz > BUDGET) {
    console.error("the add-in's JavaScript is over its gzip budget");
    process.exitCode = 1;
  } else publish(next, out);
} finally {
  rmSync(next, { recursive: true, force: true });
}

/** Every file under dir, relative, with "/" separators. */
function filesUnder(dir: string, prefix = ""): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? filesUnder(join(dir, e.name), `${prefix}${e.name}/`) : [`${prefix}${e.name}`],
  );
}

/**
 * Move the new build into `to` without a moment where a file is missing or partial: each file is
 * renamed over its old version (atomic on one file system), the pages last so they never name a
 * script that is not there yet; files of the old build that the new one lacks go afterwards.
 */
function publish(from: string, to: string): void {
  const fresh = filesUnder(from);
  const pagesLast = [
    ...fresh.filter((f) => !f.endsWith(".html")),
    ...fresh.filter((f) => f.endsWith(".html")),
  ];
  for (const f of pagesLast) {
    mkdirSync(dirname(join(to, f)), { recursive: true });
    renameSync(join(from, f), join(to, f));
  }
  const keep = new Set(fresh);
  for (const f of filesUnder(to)) if (!keep.has(f)) rmSync(join(to, f), { force: true });
  removeEmptyDirs(to);
}

function removeEmptyDirs(dir: string): void {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    if (!e.isDirectory()) continue;
    const sub = join(dir, e.name);
    removeEmptyDirs(sub);
    if (readdirSync(sub).length === 0) rmdirSync(sub);
  }
}
