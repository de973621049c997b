/**
 * `npm start`: build the add-in's pages, apply the D1 migrations locally, seed the demo
 * organisation and its credentials (idempotently), write the tokens to .dev/credentials.json and
 * run `wrangler dev` serving the API and the add-in on one origin.
 *
 * The terminal gets one line once the server answers: where it serves, where the tokens are and
 * where the rest went (.dev/start.log: the build, wrangler's output, the request log). A step that
 * fails says which on stderr, with the end of the log.
 */
import { spawn, spawnSync } from "node:child_process";
import { createHash, randomBytes } from "node:crypto";
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, writeFileSync } from "node:fs";
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
const logFile = join(devDir, "start.log");
const env = { ...process.env, CI: "true", WRANGLER_SEND_METRICS: "false", NO_COLOR: "1" };
mkdirSync(devDir, { recursive: true });
writeFileSync(logFile, `npm start, ${new Date().toISOString()}\n`);
const logFd = openSync(logFile, "a");

/** The log's last lines, for a failure's message. */
function logTail(lines = 30): string {
  return readFileSync(logFile, "utf8").trimEnd().split("\n").slice(-lines).join("\n");
}

function failed(what: string, code: number | null): never {
  console.error(
    `start: ${what} 失败 / failed (${code}). 日志 / log: ${logFile}\n--- ${logFile} (end) ---\n${logTail()}`,
  );
  process.exit(code || 1);
}

function run(cmd: string, args: string[], opts: { capture?: boolean; allowFail?: boolean } = {}) {
  writeFileSync(logFd, `\n$ ${cmd} ${args.join(" ")}\n`);
  const res = spawnSync(cmd, args, {
    cwd: root,
    env,
    encoding: "utf8",
    stdio: ["ignore", opts.capture ? "pipe" : logFd, logFd],
    maxBuffer: 64 * 1024 * 1024,
  });
  if (res.status !== 0 && !opts.allowFail) failed(`${cmd} ${args.join(" ")}`, res.status);
  return res;
}

/** A line for the log only. */
function note(line: string): void {
  writeFileSync(logFd, `start: ${line}\n`);
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
    console.warn(`start: build:addin failed; serving the API without fresh pages (${logFile})`);
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
note(
  `demo organisations ${DEMO_UNITS[0]!.name} and ${DEMO_HAIKOU_UNITS[0]!.name} ` +
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
note(`serving ${origin} (API at ${origin}/api/v1)`);
writeFileSync(logFd, `\n$ npx ${args.join(" ")}\n`);
const child = spawn(
  "npx",
  [...args, "--var", `ADDIN_ORIGIN:${origin}`, "--show-interactive-dev-session=false"],
  { cwd: root, env: { ...process.env, NO_COLOR: "1" }, stdio: ["ignore", logFd, logFd] },
);
closeSync(logFd);
let up = false;
for (const sig of ["SIGINT", "SIGTERM"] as const) process.on(sig, () => child.kill(sig));
child.on("exit", (code, signal) => {
  if (signal || code === 0) process.exit(0);
  failed(up ? "wrangler dev" : "wrangler dev (starting)", code);
});

// The one line, once the Worker answers (an API call without a token: 401).
const deadline = Date.now() + 180_000;
while (!up) {
  const status = await fetch(`http://localhost:${port}/api/v1/me`).then(
    (r) => r.arrayBuffer().then(() => r.status),
    () => 0,
  );
  if (status === 401 || (https && status === 0 && (await answersHttps()))) {
    up = true;
    console.log(
      `start: ${origin} 已启动 / serving; 演示令牌 / demo tokens: ${credentialsFile}; 日志 / log: ${logFile}`,
    );
  } else if (Date.now() > deadline) {
    child.kill("SIGTERM");
    failed("wrangler dev did not answer within 180 s", 1);
  } else await new Promise((r) => setTimeout(r, 250));
}

/** With the dev certificate the plain-http probe fails; ask over https without verifying. */
async function answersHttps(): Promise<boolean> {
  const { request } = await import("node:https");
  return new Promise((resolve) => {
    const req = request(
      { host: "localhost", port: Number(port), path: "/api/v1/me", rejectUnauthorized: false },
      (res) => {
        res.resume();
        resolve(res.statusCode === 401);
      },
    );
    req.on("error", () => resolve(false));
    req.end();
  });
}
