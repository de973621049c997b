/** The task pane's esbuild options (shared by build.ts and the bundle test). */
import browserslist from "browserslist";
import type { BuildOptions, Plugin } from "esbuild";
import { dirname, join } from "node:path";

/**
 * Our JavaScript's budget, gzip, for what one browser downloads: taskpane.js (office.js excluded:
 * it comes from Microsoft's CDN or our own origin; unsupported.js is a `nomodule` script, fetched
 * only by browsers that cannot run the pane and so never fetch taskpane.js). Every schema in the
 * pane's import graph uses `zod/mini`: one `import { z } from "zod"` anywhere in it brings classic
 * zod's whole API along (the pane was 108.5 KB with shared/assessment in classic zod, 65 KB
 * without; the bundle test names any module that imports it). History: 80 KB, then 90 KB for
 * issues 21–26 (the filing page, report texts, 比对, 催报, 汇总确认, 撤回, the audit log: 86.3 KB);
 * 96 KB since issues 22–25's second round, which added 撤销确认, the Edge Legacy polyfills the
 * browser baseline check found missing, and the sheet-name module (measured 90.0–90.5 KB). The
 * pane is cached after its first load; the budget guards against a regression like classic zod,
 * and trimming it back (zod's English locale alone is ≈1 KB, both message tables ship) is open.
 */
export const BUDGET = 96 * 1024;

/**
 * zod's `z` namespace re-exports every locale (≈250 KB minified) though only English is used;
 * the locale index is replaced by English alone. Nothing else of zod is changed.
 */
export const zodEnglishOnly: Plugin = {
  name: "zod-english-only",
  setup(b) {
    b.onResolve({ filter: /\/locales\/index\.js$/ }, (args) =>
      args.importer.includes(`${"node_modules"}/zod/`)
        ? {
            path: join(dirname(args.importer), "../locales/en.js").replace(/en\.js$/, "index.js"),
            namespace: "zod-locales",
          }
        : undefined,
    );
    b.onLoad({ filter: /.*/, namespace: "zod-locales" }, (args) => ({
      contents: `export { default as en } from ${JSON.stringify(join(dirname(args.path), "en.js"))};`,
      loader: "js",
      resolveDir: dirname(args.path),
    }));
  },
};

/** esbuild's names of the browserslist families .browserslistrc may name. */
const ESBUILD_ENGINE: Record<string, string> = {
  chrome: "chrome",
  edge: "edge",
  firefox: "firefox",
  safari: "safari",
  ios_saf: "ios",
  opera: "opera",
};

/**
 * esbuild's targets from `.browserslistrc` at `root`, the one list of the browsers the pane runs
 * in (docs/BROWSER.md): the oldest version of each family.
 */
export function browserTargets(root: string): string[] {
  // Without the file browserslist would quietly use its defaults (the latest browsers).
  const queries = browserslist.loadConfig({ path: root });
  if (!queries) throw new Error(`no .browserslistrc at ${root}`);
  const oldest = new Map<string, number>();
  for (const entry of browserslist(queries)) {
    const [family = "", version = ""] = entry.split(" ");
    const engine = ESBUILD_ENGINE[family];
    if (!engine) throw new Error(`.browserslistrc names ${entry}: esbuild has no such target`);
    const v = parseFloat(version); // "15.2-15.3" (a range of Safari releases) is 15.2
    oldest.set(engine, Math.min(oldest.get(engine) ?? Infinity, v));
  }
  return [...oldest].map(([engine, v]) => `${engine}${v}`);
}

/**
 * The shipped entry by default; the e2e harness bundles its own (addin/testing/pane-entry.ts,
 * which hands the pane its Excel stand-in) with the same options.
 */
export function bundleOptions(
  root: string,
  outdir: string,
  entry = "addin/src/pane/entry.ts",
): BuildOptions {
  return {
    entryPoints: [join(root, entry)],
    outdir,
    entryNames: "taskpane",
    bundle: true,
    format: "esm",
    platform: "browser",
    // Office's webviews (Edge Legacy, WebView2, WKWebView), browsers for Excel on the web, and
    // the filing page's browsers: .browserslistrc. ES2019 at most, whatever they support.
    target: ["es2019", ...browserTargets(root)],
    minify: true,
    sourcemap: false,
    legalComments: "none",
    define: { "process.env.NODE_ENV": '"production"' },
    logLevel: "warning",
    plugins: [zodEnglishOnly],
  };
}
