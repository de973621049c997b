/**
 * `npm start`: build the add-in's pages, apply the D1 migrations locally, seed the demo
 * organisation and its credentials (idempotently), write the tokens to .dev/credentials.json and
 * run `wrangler dev` serving the API and the add-in on one origin.
 */
import { spawn, spawnSync } from "node:child_process";
import { createHash, randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { DevCredentialsSchema, type DevCredentials, type Role } from "../shared/api/schemas";
import {
  DEMO_CREDENTIALS,
  DEMO_HAIKOU_CREDENTIALS,
  DEMO_HAIKOU_PERIODS,
  DEMO_HAIKOU_UNITS,
  DEMO_PERIODS,
  DEMO_UNITS,
} from "./demo-org";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const devDir = join(root, ".dev");
const credentialsFile = join(devDir, "credentials.json");
const DB = "xxgk-tables";
const env = { ...process.env, CI: "true", WRANGLER_SEND_METRICS: "false" };

function run(cmd: string, args: string[], opts: { capture?: boolean; allowFail?: boolean } = {}) {
  const res = spawnSync(cmd, args, {
    cwd: root,
    env,
    encoding: "utf8",
    stdio: opts.capture ? ["ignore", "pipe", "inherit"] : "inherit",
    maxBuffer: 64 * 1024 * 1024,
  });
  if (res.status !== 0 && !opts.allowFail) {
    console.error(`start: ${cmd} ${args.join(" ")} failed (${res.status})`);
    process.exit(res.status ?? 1);
  }
  return res;
}

function sql(literal: string | null): string {
  return literal === null ? "NULL" : `'${literal.replace(/'/g, "''")}'`;
}

function d1Query<T>(command: string): T[] {
  const res = run(
    "npx",
    ["wrangler", "d1", "execute", DB, "--local", "--json", "--command", command],
    {
      capture: true,
    },
  );
  const out = JSON.parse(res.stdout) as { results: T[] }[];
  return out.flatMap((r) => r.results);
}

function d1File(path: string): void {
  run("npx", ["wrangler", "d1", "execute", DB, "--local", "--file", path]);
}

function sha256Hex(s: string): string {
  return createHash("sha256").update(s).digest("hex");
}

function newToken(): { id: string; token: string; hash: string } {
  const alphabet = "abcdefghijklmnopqrstuvwxyz0123456789";
  const id = [...randomBytes(20)].map((b) => alphabet[b % alphabet.length]).join("");
  const secret = randomBytes(32).toString("base64url");
  return { id, token: `${id}.${secret}`, hash: sha256Hex(secret) };
}

// 1. The add-in's static pages.
const pkg = JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as {
  scripts?: Record<string, string>;
};
if (pkg.scripts?.["build:addin"]) {
  const built = run("npm", ["run", "build:addin"], { allowFail: true });
  if (built.status !== 0)
    console.warn("start: build:addin failed; serving the API without fresh pages");
}
mkdirSync(join(root, "dist", "addin"), { recursive: true });

// 2. Migrations.
run("npx", ["wrangler", "d1", "migrations", "apply", DB, "--local"]);

// 3. Units (INSERT OR IGNORE on code: re-running changes nothing).
mkdirSync(devDir, { recursive: true });
const now = new Date().toISOString();
// The county (its root first: the admin belongs to it) and the Haikou tree of the local form.
const UNITS = [...DEMO_UNITS, ...DEMO_HAIKOU_UNITS];
const CREDENTIALS = [...DEMO_CREDENTIALS, ...DEMO_HAIKOU_CREDENTIALS];
const unitSql = UNITS.map((u) =>
  u.parent === null
    ? `INSERT OR IGNORE INTO units (code, name, parent_id, depth, path, created_at)
       VALUES (${sql(u.code)}, ${sql(u.name)}, NULL, 0, ${sql(`/${u.code}/`)}, ${sql(now)});`
    : `INSERT OR IGNORE INTO units (code, name, parent_id, depth, path, created_at)
       SELECT ${sql(u.code)}, ${sql(u.name)}, p.id, p.depth + 1, p.path || ${sql(`${u.code}/`)}, ${sql(now)}
         FROM units p WHERE p.code = ${sql(u.parent)};`,
)
  .concat(
    // The consolidating nodes (no report of their own), then each unit's subtree size and
    // reporting units (rollups read them) as the unit sheet keeps them.
    UNITS.filter((u) => u.reportsItself === false).map(
      (u) => `UPDATE units SET reports_itself = 0 WHERE code = ${sql(u.code)};`,
    ),
    `UPDATE units SET subtree_units = (SELECT count(*) FROM units d WHERE d.path >= units.path
       AND d.path < substr(units.path, 1, length(units.path) - 1) || '0'),
       subtree_reporting = (SELECT count(*) FROM units d WHERE d.path >= units.path
       AND d.path < substr(units.path, 1, length(units.path) - 1) || '0'
       AND d.active = 1 AND d.reports_itself = 1);`,
  )
  .concat(
    // The reporting periods (kept as they are when they already exist). The county's keep
    // their original ids.
    [...DEMO_PERIODS, ...DEMO_HAIKOU_PERIODS].map(
      (p) =>
        `INSERT OR IGNORE INTO periods (id, unit_id, form, year, due_date, capacity, opened_at, closed_at, opened_by)
         SELECT ${sql(p.unit === DEMO_UNITS[0]!.code ? `demo-${p.form}-${p.year}` : `demo-${p.unit}-${p.form}-${p.year}`)},
                id, ${sql(p.form)}, ${p.year}, ${sql(p.dueDate)}, 1, ${sql(now)}, NULL, 'npm start'
           FROM units WHERE code = ${sql(p.unit)};`,
    ),
  )
  .join("\n");

// 4. Credentials: keep the ones in .dev/credentials.json that are still valid, make the rest.
let previous: DevCredentials | null = null;
if (existsSync(credentialsFile)) {
  const parsed = DevCredentialsSchema.safeParse(JSON.parse(readFileSync(credentialsFile, "utf8")));
  if (parsed.success) previous = parsed.data;
}
const known = new Map<string, string>(); // `${code}/${role}` → token
if (previous) {
  for (const u of previous.units) known.set(`${u.code}/${u.role}`, u.token);
  known.set(`${DEMO_UNITS[0]!.code}/admin`, previous.admin);
}
const seedFile = join(devDir, "seed.sql");
writeFileSync(seedFile, unitSql);
d1File(seedFile);

const stored = d1Query<{ id: string; secret_hash: string; code: string; role: Role }>(
  `SELECT c.id, c.secret_hash, u.code, c.role FROM credentials c JOIN units u ON u.id = c.unit_id
    WHERE c.id NOT IN (SELECT credential_id FROM credential_revocations)`,
);
const valid = new Map(stored.map((s) => [s.id, s]));
const tokens = new Map<string, string>();
const inserts: string[] = [];
for (const want of CREDENTIALS) {
  const key = `${want.code}/${want.role}`;
  const token = known.get(key);
  const [id, secret] = token?.split(".") ?? [];
  const row = id ? valid.get(id) : undefined;
  if (
    token &&
    row &&
    secret &&
    row.secret_hash === sha256Hex(secret) &&
    row.code === want.code &&
    row.role === want.role
  ) {
    tokens.set(key, token);
    continue;
  }
  const fresh = newToken();
  tokens.set(key, fresh.token);
  inserts.push(
    `INSERT INTO credentials (id, unit_id, role, secret_hash, created_at, created_by)
     SELECT ${sql(fresh.id)}, id, ${sql(want.role)}, ${sql(fresh.hash)}, ${sql(now)}, 'npm start'
       FROM units WHERE code = ${sql(want.code)};`,
  );
}
if (inserts.length) {
  writeFileSync(seedFile, inserts.join("\n"));
  d1File(seedFile);
}
const names = new Map(UNITS.map((u) => [u.code, u.name]));
const file: DevCredentials = {
  admin: tokens.get(`${DEMO_UNITS[0]!.code}/admin`)!,
  units: CREDENTIALS.filter((c) => c.role !== "admin").map((c) => ({
    code: c.code,
    name: names.get(c.code)!,
    role: c.role,
    token: tokens.get(`${c.code}/${c.role}`)!,
  })),
};
writeFileSync(credentialsFile, JSON.stringify(file, null, 2) + "\n", { mode: 0o600 });
console.log(
  `start: demo organisations ${DEMO_UNITS[0]!.name} and ${DEMO_HAIKOU_UNITS[0]!.name} ` +
    `(${UNITS.length} units) ready; ` +
    `${inserts.length} new credential(s). Tokens: ${credentialsFile}`,
);

// 5. wrangler dev: the API and the add-in's pages on one origin.
const port = process.env.PORT ?? "8787";
const args = ["wrangler", "dev", "--port", port];
const cert = join(devDir, "certs", "localhost.crt");
const key = join(devDir, "certs", "localhost.key");
const https = existsSync(cert) && existsSync(key);
if (https)
  args.push("--local-protocol", "https", "--https-cert-path", cert, "--https-key-path", key);
const origin = `${https ? "https" : "http"}://localhost:${port}`;
console.log(`start: serving ${origin} (API at ${origin}/api/v1)`);
const child = spawn("npx", [...args, "--var", `ADDIN_ORIGIN:${origin}`], {
  cwd: root,
  env: process.env,
  stdio: "inherit",
});
for (const sig of ["SIGINT", "SIGTERM"] as const) process.on(sig, () => child.kill(sig));
child.on("exit", (code) => process.exit(code ?? 0));
