/**
 * What setup:cloudflare, deploy and admin:bootstrap share: the options that pick Cloudflare or the
 * local D1, the wrangler flags that follow from them, and running (or, with --dry-run, printing)
 * the commands. Each script builds its commands once; only these flags differ between paths.
 */
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { PRODUCTION_ENV } from "./production-env";

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), "../..");
const WRANGLER = join(ROOT, "node_modules/wrangler/bin/wrangler.js");

/** The options every deploy script takes (node:util parseArgs). */
export const TARGET_OPTIONS = {
  local: { type: "boolean", default: false },
  "persist-to": { type: "string" },
  config: { type: "string" },
  "dry-run": { type: "boolean", default: false },
} as const;

export interface Target {
  /** The local D1 of wrangler dev instead of Cloudflare. */
  local: boolean;
  /** Local D1 directory (`--persist-to`, with --local). */
  persistTo?: string;
  /** The wrangler config file, absolute. */
  config: string;
  /** Print the commands as JSON instead of running them. */
  dryRun: boolean;
}

/** A command: `wrangler …` runs the project's wrangler, anything else runs as given. */
export interface Step {
  argv: string[];
  /** Capture stdout (a JSON answer) instead of showing it. */
  capture?: boolean;
}

/** Print a zh-CN then an en-US line and exit 1. */
export function fail(name: string, zh: string, en: string): never {
  console.error(`${name}: ${zh}\n${name}: ${en}`);
  process.exit(1);
}

export function parseTarget(name: string, values: Record<string, unknown>): Target {
  const persistTo = values["persist-to"] as string | undefined;
  if (persistTo !== undefined && !values.local) {
    fail(name, "--persist-to 只能与 --local 一起使用。", "--persist-to goes with --local only.");
  }
  return {
    local: Boolean(values.local),
    ...(persistTo === undefined ? {} : { persistTo: resolve(persistTo) }),
    config: resolve((values.config as string | undefined) ?? join(ROOT, "wrangler.toml")),
    dryRun: Boolean(values["dry-run"]),
  };
}

/** `--env production --config <file>`: every wrangler command of the scripts. */
export function envFlags(t: Target): string[] {
  return ["--env", PRODUCTION_ENV, "--config", t.config];
}

/** Where a d1 command acts: Cloudflare, or the local D1 (and its directory). */
export function d1Flags(t: Target): string[] {
  if (!t.local) return ["--remote"];
  return t.persistTo ? ["--local", "--persist-to", t.persistTo] : ["--local"];
}

export function readConfigText(t: Target): string {
  return readFileSync(t.config, "utf8");
}

/** Run a step; its stdout when captured. Exits with wrangler's status when it fails. */
export function run(name: string, step: Step): string {
  const [cmd, ...args] = step.argv;
  const [bin, argv] = cmd === "wrangler" ? [process.execPath, [WRANGLER, ...args]] : [cmd!, args];
  const res = spawnSync(bin, argv, {
    cwd: ROOT,
    env: { ...process.env, WRANGLER_SEND_METRICS: "false" },
    encoding: "utf8",
    stdio: step.capture ? ["inherit", "pipe", "inherit"] : "inherit",
    maxBuffer: 64 * 1024 * 1024,
  });
  if (res.status !== 0) {
    if (step.capture && res.stdout) console.error(res.stdout);
    fail(
      name,
      `命令失败(退出码 ${res.status}):${step.argv.join(" ")}`,
      `command failed (exit ${res.status}): ${step.argv.join(" ")}`,
    );
  }
  return res.stdout ?? "";
}

/** The rows of `wrangler d1 execute --json` (one result set per statement, concatenated). */
export function d1Rows<T>(stdout: string): T[] {
  const out = JSON.parse(stdout) as { results?: T[] }[];
  return out.flatMap((r) => r.results ?? []);
}
