/** The task pane's esbuild options (shared by build.ts and the bundle test). */
import type { BuildOptions, Plugin } from "esbuild";
import { dirname, join } from "node:path";

/**
 * Our JavaScript's budget, gzip (office.js excluded: it comes from Microsoft's CDN). 93.1 KB
 * today, of which zod (classic API, used by the form compiler and the engine's value schemas)
 * is 56 KB; the test code (strict stand-in, fakes) is no longer shipped. Issue 14 added 1.6 KB
 * (拉取考核 with the 考核 table, 发布版/Word downloads; the 通报 text comes from the Worker so
 * the pane does not carry it).
 */
export const BUDGET = 94 * 1024;

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

export function bundleOptions(root: string, outdir: string): BuildOptions {
  return {
    entryPoints: [join(root, "addin/src/pane/entry.ts")],
    outdir,
    entryNames: "taskpane",
    bundle: true,
    format: "esm",
    platform: "browser",
    // Office's webviews: Edge Legacy (EdgeHTML 18: Office 2019/2021 on Windows 10), WebView2,
    // WKWebView (Excel for Mac), and browsers for Excel on the web.
    target: ["es2019", "edge18", "chrome80", "firefox78", "safari15"],
    minify: true,
    sourcemap: false,
    legalComments: "none",
    define: { "process.env.NODE_ENV": '"production"' },
    logLevel: "warning",
    plugins: [zodEnglishOnly],
  };
}
