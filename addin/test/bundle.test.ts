import { build } from "esbuild";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { BUDGET, bundleOptions } from "../bundle";

const root = join(dirname(fileURLToPath(import.meta.url)), "../..");
/** zod's classic entry points ("zod", "zod/v4", "zod/v4/classic"), as esbuild resolves them. */
const CLASSIC_ZOD = /node_modules\/zod\/(index\.js|v4\/index\.js|v4\/classic\/)/;

describe("the task pane bundle", () => {
  it("stays within its gzip budget, ships no test code and runs in Office's oldest webview (no dynamic import/require)", async () => {
    const res = await build({
      ...bundleOptions(root, "/tmp/xxgk-addin-bundle-test"),
      write: false,
      metafile: true,
    });
    const js = res.outputFiles.filter((f) => f.path.endsWith(".js"));
    expect(js).toHaveLength(1);
    const code = js[0]!.text;
    // classic zod (`import { z } from "zod"`) alone takes the pane over its budget: name the
    // modules of ours that import it (zod/mini is what the pane's schemas use)
    const classic = Object.entries(res.metafile.inputs)
      .filter(([path]) => !path.includes("node_modules/"))
      .filter(([, input]) => input.imports.some((i) => CLASSIC_ZOD.test(i.path)))
      .map(([path]) => path);
    expect(classic).toEqual([]);
    expect(gzipSync(code, { level: 9 }).length).toBeLessThanOrEqual(BUDGET);
    // nothing esbuild cannot lower for those webviews (BigInt literals break Edge Legacy's parse)
    expect(res.warnings.map((w) => w.text)).toEqual([]);
    // esbuild turns a dynamic import into a require() shim that throws in Edge Legacy
    expect(code.includes("Dynamic require of")).toBe(false);
    expect(code.includes("import(")).toBe(false);
    // no strict stand-in or fake API in the shipped pane (they live in addin/testing/)
    expect(code.includes("commands never synced")).toBe(false);
    expect(code.includes("does not exist")).toBe(false);
    // no dev hook: nothing a page script could hand the pane another Excel through
    expect(code.includes("xxgkExcel")).toBe(false);
    expect(code.includes("xxgkPane")).toBe(false);
    // zod's locales are trimmed to English
    expect(code.includes("Ungültige Eingabe")).toBe(false);
  });
});
