/**
 * `npm run setup:cloudflare`: find the production D1 database on Cloudflare (`wrangler d1 list`),
 * or create it (`wrangler d1 create`), and record its id in wrangler.toml's `[env.production]`
 * (scripts/deploy/production-env.ts). Run again at any time: it finds the same database and
 * rewrites the same block. `--local`: no Cloudflare; keep a recorded id or record a local one, so
 * the whole flow can be rehearsed against the local D1. `--location weur|eeur|apac|…`: where a
 * new database lives (wrangler d1 create).
 */
import { writeFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { experimental_readRawConfig } from "wrangler";
import { TARGET_OPTIONS, fail, parseTarget, readConfigText, run, type Step } from "./deploy/cli";
import {
  type TopLevelConfig,
  productionDatabaseId,
  topLevelDatabase,
  withProductionEnv,
} from "./deploy/production-env";
import { findOrCreateDatabase } from "./deploy/find-database";

const NAME = "setup:cloudflare";
/** The id recorded by `--local` when none is: the local D1 keys its files by it. */
const LOCAL_DATABASE_ID = "00000000-0000-4000-8000-00000000beef";

const { values } = parseArgs({
  options: { ...TARGET_OPTIONS, location: { type: "string" } },
});
const target = parseTarget(NAME, values);
if (target.dryRun) fail(NAME, "setup 不支持 --dry-run。", "setup has no --dry-run.");

const { rawConfig } = experimental_readRawConfig({ config: target.config });
const config = rawConfig as TopLevelConfig;
const databaseName = topLevelDatabase(config).database_name as string;
const text = readConfigText(target);

let id: string;
try {
  id = target.local
    ? (productionDatabaseId(text) ?? LOCAL_DATABASE_ID)
    : findOrCreateDatabase(databaseName, values.location, (step: Step) => run(NAME, step), {
        config: target.config,
      });
  writeFileSync(target.config, withProductionEnv(text, config, id));
} catch (e) {
  const why = e instanceof Error ? e.message : String(e);
  fail(NAME, `未能记录生产环境:${why}`, `could not record the production environment: ${why}`);
}

console.log(`
${NAME}: D1 数据库 ${databaseName}(${id})已记录到 ${target.config} 的 [env.production]。
${NAME}: the D1 database ${databaseName} (${id}) is recorded in [env.production] of ${target.config}.
下一步 / next: npm run deploy${target.local ? " -- --local" : ""}`);
