/**
 * The three deploy commands as a newcomer runs them, against the local D1 (`--local`), on a copy
 * of wrangler.toml: setup records [env.production], deploy builds, migrates and bundles, bootstrap
 * prints a token the Worker (wrangler dev --env production) accepts. The Cloudflare path is the
 * same commands with --remote (compared from --dry-run) and the same SQL, run here locally.
 */
import {
  copyFileSync,
  existsSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MeResponseSchema } from "../../shared/api/schemas";
import { sha256Hex } from "../../worker/src/crypto";
import { productionDatabaseId } from "../deploy/production-env";
import type { Step } from "../deploy/cli";
import { type Dev, ROOT, type Ran, printedTokens, script, startDev, wrangler } from "./support";

const config = join(ROOT, `wrangler.test-${process.pid}-${Date.now().toString(36)}.toml`);
const tmp = mkdtempSync(join(tmpdir(), "xxgk-deploy-"));
const state = join(tmp, "state");
const CONFIG = ["--config", config];
const LOCAL = ["--local", "--persist-to", state, ...CONFIG];
const ROOT_UNIT = { code: "330327", name: "苍南县 (O'Neil test)" };
const committed = readFileSync(join(ROOT, "wrangler.toml"), "utf8");
let dev: Dev | null = null;

beforeAll(() => copyFileSync(join(ROOT, "wrangler.toml"), config));
afterAll(async () => {
  await dev?.stop();
  rmSync(config, { force: true });
  rmSync(tmp, { recursive: true, force: true });
});

function ok(r: Ran): string {
  if (r.status !== 0) throw new Error(`exit ${r.status}\n${r.stdout}\n${r.stderr}`);
  return r.stdout;
}

/** The rows of each statement of a query on the local production D1. */
function queries(sql: string): Record<string, unknown>[][] {
  const out = ok(
    wrangler(["d1", "execute", "DB", "--env", "production", ...LOCAL, "--json", "--command", sql]),
  );
  return (JSON.parse(out) as { results: Record<string, unknown>[] }[]).map((r) => r.results);
}

function query<T>(sql: string): T[] {
  return queries(sql).flat() as T[];
}

/** A command of the Cloudflare path pointed at the local D1 instead (nothing else changes). */
function toLocal(argv: string[]): string[] {
  return argv.flatMap((a) => (a === "--remote" ? ["--local", "--persist-to", state] : [a]));
}

const bootstrapArgs = ["--code", ROOT_UNIT.code, "--name", ROOT_UNIT.name];
const tokens: string[] = [];

describe("npm run setup:cloudflare / deploy / admin:bootstrap, --local", () => {
  it("setup records [env.production] in the config; run again, it changes nothing", () => {
    ok(script("scripts/setup-cloudflare.ts", ["--local", ...CONFIG]));
    const text = readFileSync(config, "utf8");
    expect(text.startsWith(committed)).toBe(true);
    expect(productionDatabaseId(text)).toMatch(/^[0-9a-f-]{36}$/);
    ok(script("scripts/setup-cloudflare.ts", ["--local", ...CONFIG]));
    expect(readFileSync(config, "utf8")).toBe(text);
  });

  it("deploy without setup says to run setup first, and runs nothing", () => {
    const bare = join(tmp, "wrangler.toml");
    writeFileSync(bare, committed.replace(/# >>> \[env\.production\][\s\S]*$/, ""));
    const r = script("scripts/deploy.ts", ["--local", "--config", bare]);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain("npm run setup:cloudflare -- --local");
  });

  it("deploy builds the pane, applies every migration and bundles the Worker (--dry-run upload)", () => {
    const bundle = join(ROOT, ".dev/deploy-dry-run");
    rmSync(bundle, { recursive: true, force: true });
    ok(script("scripts/deploy.ts", LOCAL));
    expect(existsSync(join(ROOT, "dist/addin/taskpane.html"))).toBe(true);
    expect(existsSync(join(bundle, "index.js"))).toBe(true);
    const migrations = readdirSync(join(ROOT, "worker/migrations"))
      .filter((f) => f.endsWith(".sql"))
      .sort();
    const applied = query<{ name: string }>("SELECT name FROM d1_migrations ORDER BY id");
    expect(applied.map((r) => r.name)).toEqual(migrations);
  });

  it("the Cloudflare deploy is the same commands, migrations --remote and a real upload", () => {
    const local = JSON.parse(ok(script("scripts/deploy.ts", [...LOCAL, "--dry-run"]))).steps;
    const remote = JSON.parse(ok(script("scripts/deploy.ts", [...CONFIG, "--dry-run"]))).steps;
    expect(remote.map((s: Step) => toLocal(s.argv))).toEqual(
      local.map((s: Step) => s.argv.filter((a, i, all) => !isDryRunUpload(a, all[i - 1]))),
    );
    expect(remote[1].argv).toContain("--remote");
    expect(remote[2].argv).not.toContain("--dry-run");
  });

  it("bootstrap creates the root and an admin credential, stored hashed; prints the token once", async () => {
    const out = ok(script("scripts/admin-bootstrap.ts", [...LOCAL, ...bootstrapArgs]));
    const printed = printedTokens(out);
    expect(printed).toHaveLength(1);
    const [id, secret] = printed[0]!.split(".") as [string, string];
    const [rows, audit] = queries(
      `SELECT c.id, c.role, c.secret_hash, u.code, u.name, u.path, u.depth, u.subtree_units
         FROM credentials c JOIN units u ON u.id = c.unit_id;
       SELECT action, target FROM audit_log ORDER BY id`,
    );
    expect(rows).toEqual([
      {
        id,
        role: "admin",
        secret_hash: await sha256Hex(secret),
        ...ROOT_UNIT,
        path: `/${ROOT_UNIT.code}/`,
        depth: 0,
        subtree_units: 1,
      },
    ]);
    expect(audit).toEqual([
      { action: "units.import", target: "units" },
      { action: "credential.create", target: id },
    ]);
    tokens.push(printed[0]!);
  });

  it("bootstrap refuses a second first admin and a second root, changing nothing", () => {
    const again = script("scripts/admin-bootstrap.ts", [...LOCAL, ...bootstrapArgs]);
    expect(again.status).toBe(1);
    expect(again.stderr).toContain("--additional");
    expect(printedTokens(again.stdout)).toEqual([]);
    const other = script("scripts/admin-bootstrap.ts", [...LOCAL, "--code", "999", "--name", "x"]);
    expect(other.status).toBe(1);
    expect(other.stderr).toContain(`数据库已有根单位(${ROOT_UNIT.code}`);
    expect(
      query("SELECT (SELECT count(*) FROM credentials) AS c, (SELECT count(*) FROM units) AS u"),
    ).toEqual([{ c: 1, u: 1 }]);
  });

  it("the Cloudflare bootstrap sends the same SQL; run on the local D1 it makes an admin", () => {
    const args = [...bootstrapArgs, "--additional", "--dry-run"];
    const remote = JSON.parse(ok(script("scripts/admin-bootstrap.ts", [...CONFIG, ...args])));
    const local = JSON.parse(ok(script("scripts/admin-bootstrap.ts", [...LOCAL, ...args])));
    const shape = (steps: Step[]) => steps.map((s) => s.argv.map(maskVariable));
    expect(shape(remote.steps).map(toLocal)).toEqual(shape(local.steps));
    expect(remote.steps[0].argv).toContain("--remote");
    const [file] = Object.keys(remote.files);
    const sql = join(tmp, "remote.sql");
    writeFileSync(sql, remote.files[file!]);
    ok(wrangler(toLocal(remote.steps[0].argv.slice(1)).map((a) => (a === file ? sql : a))));
    const outcome = JSON.parse(ok(wrangler(toLocal(remote.steps[1].argv.slice(1)))));
    expect(outcome[0].results).toEqual([{ created: 1, ...ROOT_UNIT, admins: 2 }]);
    tokens.push(remote.token);
  });

  it("the Worker (wrangler dev --env production) accepts the printed tokens, and no other", async () => {
    dev = await startDev(["--env", "production", ...CONFIG, "--persist-to", state]);
    for (const token of tokens) {
      const res = await fetch(`${dev.origin}/api/v1/me`, {
        headers: { Authorization: `Bearer ${token}` },
      });
      expect(res.status).toBe(200);
      const me = MeResponseSchema.parse(await res.json());
      expect(me.role).toBe("admin");
      expect(me.unit).toMatchObject(ROOT_UNIT);
    }
    const forged = tokens[0]!.slice(0, 21) + "A".repeat(43);
    const res = await fetch(`${dev.origin}/api/v1/me`, {
      headers: { Authorization: `Bearer ${forged}` },
    });
    expect(res.status).toBe(401);
  });
});

/** `--dry-run --outdir <dir>` of the local deploy: the rehearsal's stand-in for the upload. */
function isDryRunUpload(arg: string, previous: string | undefined): boolean {
  return arg === "--dry-run" || arg === "--outdir" || previous === "--outdir";
}

/** The parts of a bootstrap command that differ per run: its temp file and credential id. */
function maskVariable(arg: string): string {
  if (arg.endsWith("bootstrap.sql")) return "<file>";
  return arg.replace(/'[a-z0-9]{20}'/g, "'<id>'");
}
