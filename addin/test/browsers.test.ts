/**
 * The pane's bundle (the add-in in Office and the filing page in a plain browser) uses nothing
 * newer than the browsers of `.browserslistrc` (docs/BROWSER.md): Chromium 80, so every kernel
 * 360 安全浏览器 and 奇安信可信浏览器 ship on 信创 desktops; Firefox ESR 78; Edge Legacy 18;
 * Safari 15. Two maintained checkers, each where it sees best: es-check reads the built bundle
 * (syntax and ES built-ins, dependencies included), eslint-plugin-compat (MDN's data) the
 * pane's own sources (web APIs such as `structuredClone`). What the pane polyfills counts as
 * present; the polyfills are run to show they supply it.
 */
import { build } from "esbuild";
import { ESLint } from "eslint";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { createContext, runInContext } from "node:vm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { browserTargets, bundleOptions } from "../bundle";

const root = join(dirname(fileURLToPath(import.meta.url)), "../..");

interface EsCheckResult {
  success: boolean;
  errors: { err: { message?: string; features?: string[] }; file: string }[];
}
const { runChecks } = createRequire(import.meta.url)("es-check") as {
  runChecks(configs: object[], options: { logger: null }): EsCheckResult;
};

/**
 * BigInt appears only in functions handed a bigint (shared/engine/scale.ts), which a browser
 * without BigInt never makes; the lint says so where it is used.
 */
const UNREACHED_WITHOUT_IT = ["BigInt"];

/** A sample use of each API the lint counts as polyfilled, and what it must give. */
const SAMPLES: Record<string, [code: string, gives: unknown]> = {
  globalThis: ["globalThis === self", true],
  "Array.flat": ["[[1, [2]], 3].flat()", [1, [2], 3]],
  "Array.flatMap": ["[1, 2].flatMap((x) => [x, x * 10])", [1, 10, 2, 20]],
  "Object.fromEntries": ["Object.fromEntries([['a', 1], ['b', 2]])", { a: 1, b: 2 }],
  "String.matchAll": [
    "[...'第1版第22版'.matchAll(/\\d+/g)].map((m) => m[0] + '@' + m.index)",
    ["1@1", "22@4"],
  ],
};

/** Delete each sampled built-in from a realm, as in a browser that lacks it. */
const STRIP = `
  delete Array.prototype.flat; delete Array.prototype.flatMap; delete Object.fromEntries;
  delete String.prototype.matchAll; delete globalThis.globalThis;
`;

let dir = "";
let bundle = "";
let sources: string[] = [];
let polyfilled: string[] = [];
const eslint = new ESLint({ cwd: root, ruleFilter: ({ ruleId }) => ruleId === "compat/compat" });

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "xxgk-browsers-"));
  const res = await build({
    ...bundleOptions(root, dir),
    absWorkingDir: root,
    write: false,
    metafile: true,
  });
  bundle = join(dir, "taskpane.js");
  writeFileSync(bundle, res.outputFiles.find((f) => f.path.endsWith(".js"))!.text);
  sources = Object.keys(res.metafile.inputs)
    .filter((p) => !p.includes("node_modules/") && p.endsWith(".ts"))
    .map((p) => join(root, p));
  const config = (await eslint.calculateConfigForFile(join(root, "addin/src/pane/entry.ts"))) as {
    settings?: { polyfills?: string[] };
  };
  polyfilled = config.settings?.polyfills ?? [];
}, 120_000);
afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** es-check of one file against .browserslistrc: the features it finds unsupported. */
function esCheck(file: string, allow: string[]): string[] {
  const result = runChecks(
    [
      {
        ecmaVersion: "checkBrowser",
        checkBrowser: true,
        checkFeatures: true,
        module: true,
        browserslistPath: join(root, ".browserslistrc"),
        files: [file],
        allowList: allow.join(","),
      },
    ],
    { logger: null },
  );
  return result.errors.flatMap((e) => e.err.features ?? [e.err.message ?? "unparsable"]);
}

/** es-check's name of an API as the lint names it: `Array.flatMap` → `ArrayFlatMap`. */
const esCheckName = (api: string) =>
  api.replace(/\.(\w)/, (_, c: string) => c.toUpperCase()).replace(/\./g, "");

describe("the pane's bundle in the oldest browsers it supports (.browserslistrc)", () => {
  it("is built for exactly those browsers", () => {
    expect(bundleOptions(root, dir).target).toEqual(["es2019", ...browserTargets(root)]);
    expect(browserTargets(root)).toEqual(["chrome80", "edge18", "firefox78", "safari15"]);
  });

  it("uses no syntax or ES built-in newer than them, dependencies included (es-check)", () => {
    const allowed = [...polyfilled.map(esCheckName), ...UNREACHED_WITHOUT_IT];
    expect(esCheck(bundle, allowed)).toEqual([]);
  });

  it("uses no web API newer than them in its own sources (eslint-plugin-compat)", async () => {
    expect(sources.length).toBeGreaterThan(50);
    expect(sources).toContain(join(root, "addin/src/pane/view/files.ts"));
    const found = (await eslint.lintFiles(sources)).flatMap((r) =>
      r.messages.map((m) => `${r.filePath.slice(root.length + 1)}:${m.line} ${m.message}`),
    );
    expect(found).toEqual([]);
  });

  it("counts as present only what addin/src/pane/polyfills.ts supplies, as it supplies it", async () => {
    expect(Object.keys(SAMPLES).sort()).toEqual([...polyfilled].sort());
    const { outputFiles } = await build({
      entryPoints: [join(root, "addin/src/pane/polyfills.ts")],
      bundle: true,
      write: false,
      format: "iife",
    });
    const realm = createContext({});
    runInContext("self = this;" + STRIP, realm);
    for (const [code] of Object.values(SAMPLES)) expect(() => runInContext(code, realm)).toThrow();
    runInContext(outputFiles[0]!.text, realm);
    for (const [api, [code, gives]] of Object.entries(SAMPLES)) {
      // Through JSON: the realm's arrays and objects are not this one's.
      expect(JSON.parse(JSON.stringify(runInContext(code, realm))), api).toEqual(gives);
    }
  });

  it("would fail on what those browsers lack (the checkers see it)", async () => {
    const js = join(dir, "probe.js");
    writeFileSync(js, "export const f = (a) => [[1, 2].at(-1), a?.length, Object.hasOwn(a, 0)];\n");
    expect(esCheck(js, [])).toEqual(
      expect.arrayContaining(["OptionalChaining", "ArrayPrototypeAt", "ObjectHasOwn"]),
    );
    // The lint of a file placed in addin/src (the pane's config applies by path).
    const [report] = await eslint.lintText(
      "export const copy = (a: number[]) => structuredClone(a);\n",
      { filePath: join(root, "addin/src/pane/probe.ts") },
    );
    expect(report!.messages.map((m) => m.message)).toEqual([
      "structuredClone is not supported in Safari 15, Firefox 78, Edge 18, Chrome 80",
    ]);
  });
});
