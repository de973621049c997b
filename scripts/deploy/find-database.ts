/**
 * The production D1 database on Cloudflare, found by name or created. The commands go through
 * `exec` (the real runner in setup-cloudflare.ts; a recording one in the test, which must not
 * reach Cloudflare).
 */
import type { Step } from "./cli";

/** An entry of `wrangler d1 list --json` (Cloudflare's D1 API: uuid, name, …). */
interface ListedDatabase {
  uuid?: unknown;
  name?: unknown;
}

export function databaseIdIn(listJson: string, name: string): string | null {
  let listed: unknown;
  try {
    listed = JSON.parse(listJson);
  } catch {
    throw new Error(`wrangler d1 list --json printed no JSON: ${listJson.slice(0, 200)}`);
  }
  if (!Array.isArray(listed)) throw new Error("wrangler d1 list --json printed no list");
  const found = (listed as ListedDatabase[]).find((d) => d.name === name);
  return found && typeof found.uuid === "string" ? found.uuid : null;
}

export function findOrCreateDatabase(
  name: string,
  location: string | undefined,
  exec: (step: Step) => string,
  opts: { config: string },
): string {
  const list: Step = {
    argv: ["wrangler", "d1", "list", "--json", "--config", opts.config],
    capture: true,
  };
  const existing = databaseIdIn(exec(list), name);
  if (existing) return existing;
  const where = location ? ["--location", location] : [];
  exec({ argv: ["wrangler", "d1", "create", name, ...where, "--config", opts.config] });
  const created = databaseIdIn(exec(list), name);
  if (!created) throw new Error(`wrangler d1 create ${name} succeeded but the list lacks it`);
  return created;
}
