/**
 * The server of a browser test: `wrangler dev` (the real Worker, wrangler.toml) on a free port
 * with a fresh local D1 in a temporary `--persist-to` directory, set up by the real migrations
 * (`wrangler d1 migrations apply`) and seeded with the demo county of `npm start`
 * (scripts/demo-org.ts) through the admin API. Its static assets are the task pane built from
 * the add-in's own entry (addin/src/pane/entry.ts) plus the harness page, so the pane and the
 * API share one origin. The browser reaches it through a loopback proxy the test controls.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { createHash, randomBytes } from "node:crypto";
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";
import { bundleOptions } from "../../addin/bundle";
import { createApiClient } from "../../shared/api/client";
import { DEMO_COUNTY, DEMO_CREDENTIALS, DEMO_UNITS } from "../../scripts/demo-org";
import { freePort } from "./ports";
import { startProxy, type LossyProxy } from "./proxy";

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), "../..");
export const WRANGLER = join(ROOT, "node_modules/wrangler/bin/wrangler.js");
export const ENV = {
  ...process.env,
  CI: "true",
  WRANGLER_SEND_METRICS: "false",
  NO_COLOR: "1",
  FORCE_COLOR: "0",
};

export interface UnitToken {
  code: string;
  name: string;
  token: string;
}

export interface Tokens {
  admin: string;
  supervisor: UnitToken;
  /** One clerk credential per department/town, in DEMO_UNITS order. */
  clerks: UnitToken[];
  /** The city's supervisor, when the stack was started with a city above the county. */
  city?: UnitToken;
}

/** A city above the demo county (`startStack({ city })`): the tree's root. */
export interface CityUnit {
  code: string;
  name: string;
}

export interface Stack {
  /** The origin the browser uses (the proxy in front of wrangler dev). */
  origin: string;
  proxy: LossyProxy;
  tokens: Tokens;
  /** Stop the server abruptly (SIGKILL of wrangler and workerd): the proxy then drops requests. */
  kill(): Promise<void>;
  /** Start wrangler dev again on the same port with the same D1 directory. */
  restart(): Promise<void>;
  /** The last lines wrangler printed (for failure messages). */
  output(): string;
  stop(): Promise<void>;
}

function runWrangler(args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [WRANGLER, ...args], { cwd: ROOT, env: ENV });
    let out = "";
    child.stdout.on("data", (d: Buffer) => (out += d.toString()));
    child.stderr.on("data", (d: Buffer) => (out += d.toString()));
    child.on("error", reject);
    child.on("exit", (code) =>
      code === 0
        ? resolve(out)
        : reject(new Error(`wrangler ${args.join(" ")} failed (${code}):\n${out}`)),
    );
  });
}

/**
 * The task pane exactly as `npm run build:addin` bundles it (its own esbuild options from
 * addin/bundle.ts, into a temp dir rather than dist/addin) and the harness page.
 */
export async function buildAssets(dir: string): Promise<void> {
  mkdirSync(dir, { recursive: true });
  await Promise.all([
    // The pane's own bundle options; its entry takes the harness's Excel (no hook ships).
    build(bundleOptions(ROOT, dir, "addin/testing/pane-entry.ts")),
    build({
      entryPoints: [join(ROOT, "e2e/harness/harness.ts")],
      outfile: join(dir, "harness.js"),
      bundle: true,
      format: "esm",
      platform: "browser",
      target: ["es2020"],
      logLevel: "warning",
    }),
  ]);
  if (!existsSync(join(dir, "taskpane.js")))
    throw new Error("the add-in build wrote no taskpane.js");
  copyFileSync(join(ROOT, "addin/static/taskpane.css"), join(dir, "taskpane.css"));
  copyFileSync(join(ROOT, "e2e/harness/harness.html"), join(dir, "harness.html"));
  // The pane as a plain browser opens it (no Excel injected): the no-add-in file section.
  copyFileSync(join(ROOT, "addin/static/taskpane.html"), join(dir, "taskpane.html"));
}

function sql(s: string): string {
  return `'${s.replace(/'/g, "''")}'`;
}

/**
 * The root (the county, or the city above it) and an admin credential straight into D1;
 * everything else through the admin API.
 */
function rootSeed(now: string, root: CityUnit = DEMO_COUNTY): { sql: string; admin: string } {
  const alphabet = "abcdefghijklmnopqrstuvwxyz0123456789";
  const id = [...randomBytes(20)].map((b) => alphabet[b % alphabet.length]).join("");
  const secret = randomBytes(32).toString("base64url");
  const hash = createHash("sha256").update(secret).digest("hex");
  const c = root;
  return {
    admin: `${id}.${secret}`,
    sql: `INSERT INTO units (code, name, parent_id, depth, path, created_at)
            VALUES (${sql(c.code)}, ${sql(c.name)}, NULL, 0, ${sql(`/${c.code}/`)}, ${sql(now)});
          INSERT INTO credentials (id, unit_id, role, secret_hash, created_at, created_by)
            SELECT ${sql(id)}, id, 'admin', ${sql(hash)}, ${sql(now)}, 'e2e'
              FROM units WHERE code = ${sql(c.code)};`,
  };
}

async function waitUntilUp(port: number, child: ChildProcess, output: () => string) {
  const deadline = Date.now() + 120_000;
  let exited: number | null = null;
  child.once("exit", (code) => (exited = code ?? -1));
  while (Date.now() < deadline) {
    if (exited !== null) throw new Error(`wrangler dev exited (${exited}):\n${output()}`);
    try {
      const res = await fetch(`http://127.0.0.1:${port}/api/v1/me`);
      await res.arrayBuffer();
      if (res.status === 401) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`wrangler dev did not answer on port ${port} within 120 s:\n${output()}`);
}

/** The years the tests report for (gov-2021). */
export const PERIOD_YEARS = [2023, 2024];

/**
 * Open the reporting periods of docs/WORKFLOW.md for the county (gov-2021, PERIOD_YEARS), so
 * clerks may submit once the Worker enforces periods. A Worker without the endpoint answers 404:
 * then there is nothing to open.
 */
async function openPeriods(origin: string, admin: string): Promise<void> {
  for (const year of PERIOD_YEARS) {
    const res = await fetch(`${origin}/api/v1/admin/periods`, {
      method: "POST",
      headers: { Authorization: `Bearer ${admin}`, "Content-Type": "application/json" },
      body: JSON.stringify({
        unit: DEMO_COUNTY.code,
        form: "gov-2021",
        year,
        dueDate: "2099-12-31",
      }),
    });
    const text = await res.text();
    if (res.status === 404) return;
    if (!res.ok) throw new Error(`POST /admin/periods (${year}) → ${res.status}: ${text}`);
  }
}

/**
 * With `city`, the city is the root (the admin credential is the city's), the demo county is
 * created below it through the admin API, and the city gets a supervisor credential too.
 */
export async function startStack(
  opts: {
    city?: CityUnit;
    /** More `--var`s of wrangler dev. */ vars?: Record<string, string>;
  } = {},
): Promise<Stack> {
  const tmp = mkdtempSync(join(tmpdir(), "xxgk-e2e-"));
  const undo: (() => Promise<unknown>)[] = [];
  try {
    return await setUp(tmp, undo, opts.city, opts.vars ?? {});
  } catch (e) {
    for (const u of undo.reverse()) await u().catch(() => undefined);
    rmSync(tmp, { recursive: true, force: true });
    throw e;
  }
}

async function setUp(
  tmp: string,
  undo: (() => Promise<unknown>)[],
  city: CityUnit | undefined,
  vars: Record<string, string>,
): Promise<Stack> {
  const assets = join(tmp, "assets");
  const persist = join(tmp, "state");
  await buildAssets(assets);
  await runWrangler(["d1", "migrations", "apply", "DB", "--local", "--persist-to", persist]);
  const seed = rootSeed(new Date().toISOString(), city);
  writeFileSync(join(tmp, "seed.sql"), seed.sql);
  await runWrangler([
    "d1",
    "execute",
    "DB",
    "--local",
    "--persist-to",
    persist,
    "--file",
    join(tmp, "seed.sql"),
  ]);

  const port = await freePort();
  const inspector = await freePort();
  const proxy = await startProxy(port);
  undo.push(() => proxy.close());
  let lines: string[] = [];
  let child: ChildProcess | null = null;

  const output = () => lines.slice(-60).join("");
  const launch = async () => {
    lines = [];
    const c = spawn(
      process.execPath,
      [
        WRANGLER,
        "dev",
        "--ip",
        "127.0.0.1",
        "--port",
        String(port),
        "--inspector-port",
        String(inspector),
        "--persist-to",
        persist,
        "--assets",
        assets,
        "--var",
        `ADDIN_ORIGIN:${proxy.origin}`,
        "--var",
        "LOG_REQUESTS:off",
        ...Object.entries(vars).flatMap(([k, v]) => ["--var", `${k}:${v}`]),
        "--show-interactive-dev-session=false",
      ],
      { cwd: ROOT, env: ENV, detached: true, stdio: ["ignore", "pipe", "pipe"] },
    );
    const keep = (d: Buffer) => {
      lines.push(d.toString());
      if (lines.length > 200) lines = lines.slice(-100);
    };
    c.stdout?.on("data", keep);
    c.stderr?.on("data", keep);
    child = c;
    // Never leave a server behind, even when the test process ends without afterAll.
    const reap = () => {
      if (c.exitCode === null && c.signalCode === null) {
        try {
          process.kill(-c.pid!, "SIGKILL");
        } catch {
          // already gone
        }
      }
    };
    process.once("exit", reap);
    c.once("exit", () => process.off("exit", reap));
    await waitUntilUp(port, c, output);
  };

  /** Signal wrangler's process group; true once it has exited (waits up to `ms`). */
  const signal = async (sig: NodeJS.Signals, ms = 10_000): Promise<boolean> => {
    const c = child;
    if (!c || c.exitCode !== null || c.signalCode !== null) return true;
    const gone = new Promise<boolean>((r) => c.once("exit", () => r(true)));
    try {
      process.kill(-c.pid!, sig); // the whole process group: wrangler and its workerd
    } catch {
      return true;
    }
    const exited = await Promise.race([
      gone,
      new Promise<boolean>((r) => setTimeout(() => r(false), ms)),
    ]);
    if (exited) child = null;
    return exited;
  };

  const kill = async () => {
    await signal("SIGKILL");
    // Nothing may answer on the port any more.
    const deadline = Date.now() + 10_000;
    while (Date.now() < deadline) {
      try {
        await fetch(`http://127.0.0.1:${port}/api/v1/me`);
      } catch {
        return;
      }
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(`something still answers on port ${port} after the kill`);
  };

  undo.push(() => signal("SIGKILL"));
  await launch();

  // The demo county: units and credentials through the admin API, as an admin would.
  const admin = createApiClient({ origin: proxy.origin, token: seed.admin });
  await admin.importUnits({
    units: DEMO_UNITS.filter((u) => city || u.parent !== null).map((u) => ({
      code: u.code,
      name: u.name,
      parent_code: u.parent ?? city!.code,
    })),
  });
  const names = new Map(DEMO_UNITS.map((u) => [u.code, u.name]));
  const made: (UnitToken & { role: string })[] = [];
  for (const want of DEMO_CREDENTIALS.filter((c) => c.role !== "admin")) {
    const cred = await admin.createCredential({ unit: want.code, role: want.role });
    made.push({ code: want.code, name: names.get(want.code)!, role: want.role, token: cred.token });
  }
  if (city) {
    const cred = await admin.createCredential({ unit: city.code, role: "supervisor" });
    made.push({ code: city.code, name: city.name, role: "city", token: cred.token });
  }
  await openPeriods(proxy.origin, seed.admin);
  const supervisor = made.find((m) => m.role === "supervisor")!;
  const cityToken = made.find((m) => m.role === "city");
  const tokens: Tokens = {
    admin: seed.admin,
    supervisor: { code: supervisor.code, name: supervisor.name, token: supervisor.token },
    clerks: made
      .filter((m) => m.role === "clerk")
      .map((m) => ({ code: m.code, name: m.name, token: m.token })),
    ...(cityToken
      ? { city: { code: cityToken.code, name: cityToken.name, token: cityToken.token } }
      : {}),
  };

  return {
    origin: proxy.origin,
    proxy,
    tokens,
    kill,
    restart: launch,
    output,
    stop: async () => {
      await signal("SIGKILL");
      await proxy.close();
      rmSync(tmp, { recursive: true, force: true });
    },
  };
}
