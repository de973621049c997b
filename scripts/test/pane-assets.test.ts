/**
 * The pane's static assets as the Worker serves them: with `XXGK_OFFICE_JS=self` the build puts
 * the pinned office.js files into the assets directory and the Worker (wrangler dev, the same
 * assets binding as on Cloudflare) serves /office-js/office.js from its own origin; rebuilding
 * the pane while the server runs never answers a missing or half-written file; the deploy passes
 * one setting to the build and to the Worker's var.
 */
import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ENV } from "../../e2e/support/server";
import type { Step } from "../deploy/cli";
import { withProductionEnv } from "../deploy/production-env";
import { type Dev, ROOT, script, startDev, wrangler } from "./support";

const tmp = mkdtempSync(join(tmpdir(), "xxgk-pane-assets-"));
const assets = join(tmp, "assets");
const state = join(tmp, "state");
const OFFICE_JS = join(ROOT, "node_modules/@microsoft/office-js/dist");
const TSX = join(ROOT, "node_modules/tsx/dist/cli.mjs");
let dev: Dev | null = null;

function ok(r: { status: number | null; stdout: string; stderr: string }): string {
  if (r.status !== 0) throw new Error(`exit ${r.status}\n${r.stdout}\n${r.stderr}`);
  return r.stdout;
}

/** `npm run build:addin -- --out <tmp> --office-js self`, in the background. */
function rebuild(): Promise<number | null> {
  return new Promise((resolve, reject) => {
    const c = spawn(
      process.execPath,
      [TSX, join(ROOT, "addin/build.ts"), "--out", assets, "--office-js", "self"],
      { cwd: ROOT, env: ENV, stdio: "ignore" },
    );
    c.on("error", reject);
    c.on("exit", (code) => resolve(code));
  });
}

beforeAll(async () => {
  ok(script("addin/build.ts", ["--out", assets, "--office-js", "self"]));
  ok(wrangler(["d1", "migrations", "apply", "DB", "--local", "--persist-to", state]));
  dev = await startDev(["--assets", assets, "--var", "XXGK_OFFICE_JS:self", "--persist-to", state]);
});
afterAll(async () => {
  await dev?.stop();
  rmSync(tmp, { recursive: true, force: true });
});

describe("the pane's assets on the Worker", () => {
  it("XXGK_OFFICE_JS=self: the Worker serves the pinned office.js from its own origin", async () => {
    const page = await (await fetch(`${dev!.origin}/taskpane.html`)).text();
    expect(page).toContain('src="/office-js/office.js"');
    expect(page).not.toContain("appsforoffice.microsoft.com");
    // office.js and what it loads next (the Excel host script, the zh-CN strings).
    for (const file of ["office.js", "excel-win32-16.01.js", "zh-cn/office_strings.js"]) {
      const res = await fetch(`${dev!.origin}/office-js/${file}`);
      expect(res.status, file).toBe(200);
      expect(Buffer.from(await res.arrayBuffer()).equals(readFileSync(join(OFFICE_JS, file)))).toBe(
        true,
      );
    }
  });

  it("without the setting the build ships no office.js files", () => {
    const plain = join(tmp, "plain");
    ok(script("addin/build.ts", ["--out", plain]));
    expect(existsSync(join(plain, "taskpane.html"))).toBe(true);
    expect(existsSync(join(plain, "office-js"))).toBe(false);
    const bad = script("addin/build.ts", ["--out", plain, "--office-js", "cdn"]);
    expect(bad.status).toBe(1);
    expect(bad.stderr).toContain("XXGK_OFFICE_JS 应为 microsoft、21vianet 或 self");
  });

  it("rebuilding the pane while it is served never answers a missing or partial file", async () => {
    const paths = ["taskpane.html", "taskpane.js", "taskpane.css", "office-js/office.js"];
    // As served before the rebuilds (the Worker rewrites the page's office.js address).
    const expected = new Map<string, Buffer>();
    for (const p of paths)
      expected.set(p, Buffer.from(await (await fetch(`${dev!.origin}/${p}`)).arrayBuffer()));
    expect(
      expected.get("office-js/office.js")!.equals(readFileSync(join(OFFICE_JS, "office.js"))),
    ).toBe(true);
    let building = true;
    const builds = (async () => {
      for (let i = 0; i < 3; i++) expect(await rebuild()).toBe(0);
      building = false;
    })();
    const wrong: string[] = [];
    let answered = 0;
    // Until the rebuilds are done, and at least a few rounds besides.
    for (let round = 0; building || round < 5; round++) {
      await Promise.all(
        paths.map(async (p) => {
          const res = await fetch(`${dev!.origin}/${p}`);
          const body = Buffer.from(await res.arrayBuffer());
          answered++;
          if (res.status !== 200 || !body.equals(expected.get(p)!))
            wrong.push(`${p}: ${res.status}, ${body.length} bytes`);
        }),
      );
    }
    await builds;
    expect(answered).toBeGreaterThan(20);
    expect(wrong).toEqual([]);
    // The build leaves no staging directory beside the one it serves.
    expect(
      spawnSync("ls", ["-A", tmp], { encoding: "utf8" }).stdout.trim().split("\n").sort(),
    ).toEqual(
      ["assets", "plain", "state", "wrangler.toml"].filter((d) => existsSync(join(tmp, d))),
    );
  });

  it("npm run deploy: XXGK_OFFICE_JS=self goes to the build and to the Worker's var", () => {
    const config = join(tmp, "wrangler.toml");
    const top = { name: "xxgk-tables", d1_databases: [{ binding: "DB", database_name: "x" }] };
    const committed = readFileSync(join(ROOT, "wrangler.toml"), "utf8");
    writeFileSync(
      config,
      withProductionEnv(committed, top, "00000000-0000-4000-8000-000000000001"),
    );
    const steps = (env: Record<string, string>) => {
      const r = spawnSync(
        process.execPath,
        [TSX, join(ROOT, "scripts/deploy.ts"), "--local", "--dry-run", "--config", config],
        { cwd: ROOT, env: { ...ENV, ...env }, encoding: "utf8" },
      );
      return {
        status: r.status,
        stderr: r.stderr,
        steps: r.status === 0 ? (JSON.parse(r.stdout) as { steps: Step[] }).steps : [],
      };
    };
    const self = steps({ XXGK_OFFICE_JS: "self" });
    expect(self.steps[0]!.argv).toEqual(["npm", "run", "build:addin", "--", "--office-js", "self"]);
    expect(self.steps[2]!.argv).toEqual(expect.arrayContaining(["--var", "XXGK_OFFICE_JS:self"]));
    const plain = steps({});
    expect(plain.steps[0]!.argv).toEqual(["npm", "run", "build:addin"]);
    expect(plain.steps[2]!.argv.join(" ")).not.toContain("XXGK_OFFICE_JS");
    const bad = steps({ XXGK_OFFICE_JS: "cdn" });
    expect(bad.status).toBe(1);
    expect(bad.stderr).toContain("XXGK_OFFICE_JS must be microsoft, 21vianet or self");
  });
});
