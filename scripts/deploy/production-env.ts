/**
 * The production environment of wrangler.toml (`[env.production]`), written by
 * `npm run setup:cloudflare` between two marker lines and never by hand. Pure: the scripts read
 * and write the file, these functions only compute its text.
 *
 * Wrangler does not inherit bindings or vars into an environment, so the block repeats the
 * top-level D1 binding (with the production database id) and rate limits, derived from the
 * top-level config each time setup runs.
 */

export const PRODUCTION_ENV = "production";
/** The D1 binding the Worker reads (worker/src/env.ts); wrangler's d1 commands accept it too. */
export const DB_BINDING = "DB";

const BEGIN =
  "# >>> [env.production]: written by `npm run setup:cloudflare`; run it again rather than editing.";
const END = "# <<< [env.production]";
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The parts of wrangler's raw config the block derives from. */
export interface TopLevelConfig {
  name?: string;
  d1_databases?: Record<string, unknown>[];
  ratelimits?: Record<string, unknown>[];
}

type Value = string | number | boolean | Value[] | { [key: string]: Value };

/** A TOML value: strings as JSON strings (valid TOML basic strings), tables inline. */
function tomlValue(v: Value): string {
  if (typeof v === "string") return JSON.stringify(v);
  if (typeof v === "number" || typeof v === "boolean") return String(v);
  if (Array.isArray(v)) return `[${v.map(tomlValue).join(", ")}]`;
  return `{ ${Object.entries(v)
    .map(([k, x]) => `${tomlKey(k)} = ${tomlValue(x)}`)
    .join(", ")} }`;
}

function tomlKey(k: string): string {
  return /^[A-Za-z0-9_-]+$/.test(k) ? k : JSON.stringify(k);
}

function table(header: string, entries: Record<string, unknown>): string {
  const lines = Object.entries(entries)
    .filter(([, v]) => v !== undefined && v !== null)
    .map(([k, v]) => `${tomlKey(k)} = ${tomlValue(v as Value)}`);
  return [header, ...lines].join("\n");
}

/** The top-level D1 binding the Worker uses (its name, migrations directory). */
export function topLevelDatabase(config: TopLevelConfig): Record<string, unknown> {
  const db = config.d1_databases?.find((d) => d.binding === DB_BINDING);
  if (!db || typeof db.database_name !== "string") {
    throw new Error(`wrangler.toml has no [[d1_databases]] with binding = "${DB_BINDING}"`);
  }
  return db;
}

/** The block for a production database id. */
export function productionBlock(config: TopLevelConfig, databaseId: string): string {
  if (!UUID.test(databaseId)) throw new Error(`not a D1 database id: ${databaseId.slice(0, 60)}`);
  const db = { ...topLevelDatabase(config), database_id: databaseId };
  const sections = [
    [
      BEGIN,
      "# `npm run deploy` and `npm run admin:bootstrap` use it (wrangler --env production).",
      // Without a name wrangler would call the Worker "<name>-production".
      table(`[env.${PRODUCTION_ENV}]`, { name: config.name }),
    ],
    [
      "# The pages and the API share the Worker's origin: CORS allows no other origin.",
      table(`[env.${PRODUCTION_ENV}.vars]`, { ADDIN_ORIGIN: "" }),
    ],
    [table(`[[env.${PRODUCTION_ENV}.d1_databases]]`, db)],
    ...(config.ratelimits ?? []).map((r) => [table(`[[env.${PRODUCTION_ENV}.ratelimits]]`, r)]),
  ];
  return `${sections.map((lines) => lines.join("\n")).join("\n\n")}\n${END}\n`;
}

interface Markers {
  begin: number;
  end: number;
}

function markers(toml: string): Markers | null {
  const begin = toml.indexOf(BEGIN);
  const end = toml.indexOf(END);
  const twice = (m: string, at: number) => at >= 0 && toml.indexOf(m, at + 1) >= 0;
  if (begin < 0 && end < 0) return null;
  if (begin < 0 || end < begin || twice(BEGIN, begin) || twice(END, end)) {
    throw new Error(
      `the ${PRODUCTION_ENV} markers in wrangler.toml are damaged: restore the lines "${BEGIN}" and "${END}" or remove the block`,
    );
  }
  return { begin, end: end + END.length };
}

/** The production database id recorded in the block, or null when setup has not run. */
export function productionDatabaseId(toml: string): string | null {
  const at = markers(toml);
  if (!at) return null;
  const id = /^database_id = "([^"]+)"$/m.exec(toml.slice(at.begin, at.end))?.[1];
  return id && UUID.test(id) ? id : null;
}

/** The file with the block replaced (or appended at the end, where no top-level key follows it). */
export function withProductionEnv(toml: string, config: TopLevelConfig, databaseId: string) {
  const block = productionBlock(config, databaseId);
  const at = markers(toml);
  if (at) {
    const after = toml.slice(at.end).replace(/^\n/, "");
    return toml.slice(0, at.begin) + block + after;
  }
  if (new RegExp(`^\\s*\\[\\[?\\s*env\\.${PRODUCTION_ENV}\\b`, "m").test(toml)) {
    throw new Error(
      `wrangler.toml already has an [env.${PRODUCTION_ENV}] written by hand: remove it and run setup again`,
    );
  }
  return `${toml.replace(/\n*$/, "\n")}\n${block}`;
}
