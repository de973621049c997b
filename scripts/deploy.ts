/**
 * `npm run deploy`: build the task pane, apply the D1 migrations to the production database and
 * deploy the Worker (wrangler --env production, recorded by `npm run setup:cloudflare`).
 * `--local [--persist-to DIR]`: the same build, the migrations applied to the local D1, and
 * `wrangler deploy --dry-run` (the bundle Cloudflare would get) instead of the upload.
 * `--dry-run`: print the commands as JSON, run nothing.
 */
import { join } from "node:path";
import { parseArgs } from "node:util";
import {
  ROOT,
  type Step,
  type Target,
  TARGET_OPTIONS,
  d1Flags,
  envFlags,
  fail,
  parseTarget,
  readConfigText,
  run,
} from "./deploy/cli";
import { DB_BINDING, productionDatabaseId } from "./deploy/production-env";
import { isOfficeJsSetting } from "../worker/src/site/office-js";

const NAME = "deploy";

/**
 * Where the pane loads Office.js from: `XXGK_OFFICE_JS` of the environment deploy runs in, else
 * the var as the config sets it (`XXGK_OFFICE_JS = "…"`), else null (the Worker's default).
 */
export function officeJsOf(env: Record<string, string | undefined>, toml: string): string | null {
  const set = env.XXGK_OFFICE_JS?.trim().toLowerCase();
  if (set) return set;
  return /^\s*XXGK_OFFICE_JS\s*=\s*"([^"]*)"/m.exec(toml)?.[1]?.trim().toLowerCase() ?? null;
}

/**
 * The commands, the same for both paths but for where the migrations go and the last step. With
 * an Office.js setting the build and the Worker's var get the same one: `self` puts the pinned
 * office.js files into the Worker's static assets, which its pages then name.
 */
export function deploySteps(t: Target, officeJs: string | null = null): Step[] {
  const upload = t.local ? ["--dry-run", "--outdir", join(ROOT, ".dev/deploy-dry-run")] : [];
  const build = officeJs ? ["--", "--office-js", officeJs] : [];
  const vars = officeJs ? ["--var", `XXGK_OFFICE_JS:${officeJs}`] : [];
  return [
    { argv: ["npm", "run", "build:addin", ...build] },
    { argv: ["wrangler", "d1", "migrations", "apply", DB_BINDING, ...envFlags(t), ...d1Flags(t)] },
    { argv: ["wrangler", "deploy", ...envFlags(t), ...vars, ...upload] },
  ];
}

const { values } = parseArgs({ options: TARGET_OPTIONS });
const target = parseTarget(NAME, values);
if (!productionDatabaseId(readConfigText(target))) {
  fail(
    NAME,
    `${target.config} 还没有生产环境:请先运行 npm run setup:cloudflare${target.local ? " -- --local" : ""}。`,
    `${target.config} has no production environment yet: run npm run setup:cloudflare${target.local ? " -- --local" : ""} first.`,
  );
}

const officeJs = officeJsOf(process.env, readConfigText(target));
if (officeJs !== null && !isOfficeJsSetting(officeJs))
  fail(
    NAME,
    `XXGK_OFFICE_JS 应为 microsoft、21vianet 或 self,而不是「${officeJs}」。`,
    `XXGK_OFFICE_JS must be microsoft, 21vianet or self, not "${officeJs}".`,
  );
const steps = deploySteps(target, officeJs);
if (target.dryRun) {
  console.log(JSON.stringify({ steps }));
  process.exit(0);
}
for (const step of steps) run(NAME, step);
console.log(
  target.local
    ? `\n${NAME}: 本地演练完成(迁移已应用到本地 D1,打包结果在 .dev/deploy-dry-run)。\n${NAME}: local rehearsal done (migrations applied to the local D1, the bundle in .dev/deploy-dry-run).`
    : `\n${NAME}: 已部署。首次部署后运行 npm run admin:bootstrap -- --code <根单位代码> --name <根单位名称>。\n${NAME}: deployed. After the first deploy run npm run admin:bootstrap -- --code <root code> --name <root name>.`,
);
