import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { experimental_readRawConfig } from "wrangler";
import {
  type TopLevelConfig,
  productionDatabaseId,
  withProductionEnv,
} from "../deploy/production-env";
import { databaseIdIn, findOrCreateDatabase } from "../deploy/find-database";
import type { Step } from "../deploy/cli";

const ROOT = join(import.meta.dirname, "../..");
const committed = readFileSync(join(ROOT, "wrangler.toml"), "utf8");
const tmp = mkdtempSync(join(tmpdir(), "xxgk-env-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const ID = "6f1c2a9e-3b4d-4e5f-8a7b-1c2d3e4f5a6b";
const OTHER = "0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d";

/** wrangler's own reading of a config text. */
function readRaw(text: string): Record<string, unknown> & TopLevelConfig {
  const file = join(tmp, `w-${Math.random().toString(36).slice(2)}.toml`);
  writeFileSync(file, text);
  return experimental_readRawConfig({ config: file }).rawConfig as never;
}

const top = readRaw(committed);

describe("withProductionEnv", () => {
  const once = withProductionEnv(committed, top, ID);

  it("appends [env.production] that wrangler reads: the top-level bindings with the production id", () => {
    expect(once.startsWith(committed)).toBe(true);
    const raw = readRaw(once) as { env?: Record<string, Record<string, unknown>> };
    const prod = raw.env!.production!;
    expect(prod.name).toBe(top.name);
    expect(prod.vars).toEqual({ ADDIN_ORIGIN: "" });
    expect(prod.d1_databases).toEqual([{ ...top.d1_databases![0], database_id: ID }]);
    expect(prod.ratelimits).toEqual(top.ratelimits);
    // The top level is untouched (npm start and the tests keep using it).
    const { env: _env, ...rest } = raw;
    expect(rest).toEqual(top);
    expect(productionDatabaseId(once)).toBe(ID);
  });

  it("rewrites the same block when run again: same id, same text; a new id replaces the old", () => {
    expect(withProductionEnv(once, top, ID)).toBe(once);
    const moved = withProductionEnv(once, top, OTHER);
    expect(productionDatabaseId(moved)).toBe(OTHER);
    expect(moved.replace(OTHER, ID)).toBe(once);
  });

  it("keeps what follows the block", () => {
    const later = `${once}\n[env.staging]\nname = "x"\n`;
    const moved = withProductionEnv(later, top, OTHER);
    expect(moved.endsWith(`[env.staging]\nname = "x"\n`)).toBe(true);
    expect((readRaw(moved) as { env: Record<string, unknown> }).env.staging).toEqual({ name: "x" });
  });

  it("refuses an [env.production] written by hand, damaged markers, and an id that is no UUID", () => {
    expect(() =>
      withProductionEnv(`${committed}\n[env.production]\nname = "x"\n`, top, ID),
    ).toThrow(/written by hand/);
    expect(() =>
      withProductionEnv(`${committed}\n[[env.production.d1_databases]]\n`, top, ID),
    ).toThrow(/written by hand/);
    const noEnd = once.replace("# <<< [env.production]", "");
    expect(() => withProductionEnv(noEnd, top, ID)).toThrow(/damaged/);
    expect(() => productionDatabaseId(noEnd)).toThrow(/damaged/);
    expect(() => withProductionEnv(committed, top, 'x" \n[vars]\nA = "1')).toThrow(
      /not a D1 database id/,
    );
  });

  it("knows when setup has not run", () => {
    expect(productionDatabaseId(committed)).toBeNull();
  });
});

describe("findOrCreateDatabase (commands recorded, never sent to Cloudflare)", () => {
  // The shape of `wrangler d1 list --json`: Cloudflare's D1 API list.
  const listed = (names: string[]) =>
    JSON.stringify(
      names.map((name, i) => ({
        uuid: i === 0 ? ID : OTHER,
        name,
        created_at: "2026-01-01T00:00:00.000Z",
        version: "production",
        num_tables: 0,
        file_size: 0,
      })),
    );

  function recorder(answers: string[]) {
    const calls: string[][] = [];
    const exec = (step: Step) => {
      calls.push(step.argv);
      return step.argv[2] === "list" ? answers.shift()! : "";
    };
    return { calls, exec };
  }

  it("finds the database by name and creates nothing", () => {
    const r = recorder([listed(["other", "xxgk-tables"])]);
    expect(findOrCreateDatabase("xxgk-tables", undefined, r.exec, { config: "w.toml" })).toBe(
      OTHER,
    );
    expect(r.calls).toEqual([["wrangler", "d1", "list", "--json", "--config", "w.toml"]]);
  });

  it("creates it (where asked) when missing, then reads its id from the list", () => {
    const r = recorder([listed(["other"]), listed(["xxgk-tables", "other"])]);
    expect(findOrCreateDatabase("xxgk-tables", "apac", r.exec, { config: "w.toml" })).toBe(ID);
    expect(r.calls[1]).toEqual([
      "wrangler",
      "d1",
      "create",
      "xxgk-tables",
      "--location",
      "apac",
      "--config",
      "w.toml",
    ]);
    expect(r.calls).toHaveLength(3);
  });

  it("says so when the list is not what wrangler prints", () => {
    expect(() => databaseIdIn("Not logged in.", "xxgk-tables")).toThrow(/no JSON/);
    expect(() => databaseIdIn("{}", "xxgk-tables")).toThrow(/no list/);
    const r = recorder([listed([]), listed([])]);
    expect(() => findOrCreateDatabase("xxgk-tables", undefined, r.exec, { config: "w" })).toThrow(
      /lacks it/,
    );
  });
});
