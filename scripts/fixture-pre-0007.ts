/**
 * Makes the fixture of worker/test/migration-0007.test.ts: a local D1 filled through the real API
 * of the Worker as it was before migration 0007 (commit c5d9ecd, the first parent of the merge
 * a2b7e6e that added 0007), dumped with `wrangler d1 export`, and the answers that old Worker gave
 * to GET report and GET rollup. Run it from this repository against a worktree of that commit:
 *
 *   git worktree add --detach /tmp/old0007 a2b7e6e^1
 *   ln -s "$PWD/node_modules" /tmp/old0007/node_modules && mkdir -p /tmp/old0007/dist/addin
 *   npx tsx scripts/fixture-pre-0007.ts /tmp/old0007
 *
 * It wipes the old worktree's local D1 (.wrangler/state), applies its migrations, bootstraps the
 * admin with its own `admin:bootstrap`, runs its `wrangler dev` on 127.0.0.1, fills it (every form
 * migration 0007 rewrites, at three levels of a small tree, a return, accepts, a review with an
 * Idempotency-Key) and writes worker/test/fixtures/pre-0007.sql and pre-0007.answers.json.
 */
import { spawn, spawnSync } from "node:child_process";
import { readFileSync, rmSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { fillTotals, validate } from "../shared/engine/index";
import { getForm } from "../shared/forms/catalogue";
import { consistentValues, rng } from "../shared/testing/sample-report";
import type { Pre0007Answers, Replay } from "../worker/test/fixtures/pre-0007-format";

const old = resolve(process.argv[2] ?? "/tmp/old0007");
const out = fileURLToPath(new URL("../worker/test/fixtures/", import.meta.url));
const PORT = 8871;
const BASE = `http://127.0.0.1:${PORT}/api/v1`;
const env = { ...process.env, CI: "true", WRANGLER_SEND_METRICS: "false" };

function run(args: string[]): string {
  const res = spawnSync("npx", args, { cwd: old, env, encoding: "utf8" });
  if (res.status !== 0) throw new Error(`${args.join(" ")}: ${res.stderr}${res.stdout}`);
  return res.stdout;
}

async function api(token: string, method: string, path: string, body?: unknown, key?: string) {
  const headers: Record<string, string> = { Authorization: `Bearer ${token}` };
  if (body !== undefined) headers["Content-Type"] = "application/json";
  if (key) headers["Idempotency-Key"] = key;
  const res = await fetch(`${BASE}${path}`, {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  if (res.status >= 300) throw new Error(`${method} ${path}: ${res.status} ${text}`);
  return JSON.parse(text) as Record<string, unknown>;
}

const TREE = [
  { code: "460100", name: "海口市", parent_code: "460000" },
  { code: "460100001", name: "海口市民政局", parent_code: "460100" },
  { code: "460100002", name: "海口市教育局", parent_code: "460100" },
  { code: "460200", name: "三亚市", parent_code: "460000" },
];

/** Form, year and the reports filed: unit, seed, share of non-zero cells, then what happens. */
const PLAN = [
  {
    form: "gov-2021",
    year: 2022,
    reports: [
      { unit: "460100001", seed: 1, density: 0.1, then: "return-resubmit-accept" },
      { unit: "460200", seed: 2, density: 0.05, then: null },
    ],
  },
  {
    form: "gov-2019",
    year: 2020,
    reports: [{ unit: "460100", seed: 3, density: 0.1, then: "accept" }],
  },
  {
    form: "gov-2012",
    year: 2018,
    reports: [
      { unit: "460100001", seed: 4, density: 1, then: null },
      { unit: "460100002", seed: 5, density: 1, then: "accept" },
      { unit: "460200", seed: 6, density: 0.5, then: null },
    ],
  },
  {
    form: "haikou-2009",
    year: 2018,
    reports: [
      { unit: "460100001", seed: 7, density: 1, then: "accept" },
      { unit: "460100", seed: 8, density: 1, then: null },
    ],
  },
] as const;

let keys = 0;
const key = () => `fixture-${++keys}`;

/**
 * Values that pass the form's error rules: consistent parts and totals (`consistentValues` fits
 * the 2019+ forms; an older form's failing rules get their cells cleared until none fails), and
 * one amount with every decimal place used, as units type them. Warnings are explained on PUT.
 */
function values(formId: string, seed: number, density: number): Record<string, number> {
  const form = getForm(formId)!;
  let v = consistentValues(form, rng(seed), 20, density);
  const amount = form.cells.find((c) => c.kind === "amount");
  if (amount) v[amount.id] = 1234567.8901 * seed;
  for (let round = 0; round < 20; round++) {
    const errors = validate(form, v).issues.filter((i) => i.severity === "error");
    if (errors.length === 0) return v;
    for (const e of errors) for (const c of e.cells) if (c !== amount?.id) v[c] = 0;
    v = fillTotals(form, v);
  }
  throw new Error(`${formId}: no consistent values from seed ${seed}`);
}

interface Tokens {
  clerks: Record<string, string>;
  /** Supervisors by unit: a report is reviewed one level up. */
  supervisors: Record<string, string>;
}

/** A write; with an Idempotency-Key unless `keyed` is false (the add-in's reviews send none). */
async function send(
  token: string,
  method: string,
  path: string,
  body: unknown,
  extra: Record<string, string> = {},
  keyed = true,
) {
  const headers = { "Content-Type": "application/json", ...extra };
  if (keyed) Object.assign(headers, { "Idempotency-Key": key() });
  const res = await fetch(`${BASE}${path}`, {
    method,
    headers: { Authorization: `Bearer ${token}`, ...headers },
    body: JSON.stringify(body),
  });
  const answer = (await res.json()) as Record<string, unknown>;
  const replay: Replay = { token, method, path, headers, body, status: res.status, answer };
  return { res, answer, replay };
}

/** PUT as a clerk does: warnings the old Worker asks to explain are explained. */
async function put(token: string, path: string, body: Record<string, unknown>, ifMatch?: string) {
  let sent = await send(token, "PUT", path, body, ifMatch ? { "If-Match": ifMatch } : {});
  const missing = (sent.answer.missingExplanations ?? []) as string[];
  if (sent.res.status === 422 && missing.length && !body.explanations) {
    const explanations = Object.fromEntries(missing.map((k) => [k, `${k} 已核实,情况属实。`]));
    sent = await send(
      token,
      "PUT",
      path,
      { ...body, explanations },
      ifMatch ? { "If-Match": ifMatch } : {},
    );
  }
  if (sent.res.status !== 201) throw new Error(`PUT ${path}: ${JSON.stringify(sent.answer)}`);
  return sent;
}

type Filed = (typeof PLAN)[number]["reports"][number];

/** One report filed and reviewed as the plan says; returns the requests worth replaying. */
async function file(t: Tokens, form: string, year: number, r: Filed): Promise<Replay[]> {
  const path = `/units/${r.unit}/reports/${form}/${year}`;
  const reviewer =
    t.supervisors[r.unit.startsWith("460100") && r.unit !== "460100" ? "460100" : "460000"]!;
  const review = (body: Record<string, unknown>, keyed = false) =>
    send(reviewer, "POST", `${path}/review`, body, {}, keyed);
  const first = await put(t.clerks[r.unit]!, path, { values: values(form, r.seed, r.density) });
  if (r.then === "accept") await review({ action: "accept", revision: 1 });
  if (r.then !== "return-resubmit-accept") return [];
  const cell = getForm(form)!.cells[0]!.id;
  const remark = { cell, text: "偏大" };
  await review({ action: "return", revision: 1, reason: "请核对", remarks: [remark] });
  const remarks = (await api(t.clerks[r.unit]!, "GET", path)).remarks as { id: string }[];
  const body = {
    values: values(form, r.seed + 100, r.density),
    answers: { [remarks[0]!.id]: "已核对,数据无误" },
  };
  const second = await put(t.clerks[r.unit]!, path, body, first.res.headers.get("ETag")!);
  const accept = await review({ action: "accept", revision: 2 }, true);
  if (accept.res.status !== 200)
    throw new Error(`accept ${path}: ${JSON.stringify(accept.answer)}`);
  return [second.replay, accept.replay];
}

async function fill(admin: string) {
  await api(admin, "POST", "/admin/units", TREE);
  const token = async (unit: string, role: string) =>
    (await api(admin, "POST", "/admin/credentials", { unit, role })).token as string;
  const t: Tokens = { clerks: {}, supervisors: {} };
  for (const u of ["460000", "460100"]) t.supervisors[u] = await token(u, "supervisor");
  for (const u of ["460100", "460100001", "460100002", "460200"])
    t.clerks[u] = await token(u, "clerk");
  const replays: Replay[] = [];
  for (const { form, year, reports } of PLAN) {
    const unit = form.startsWith("haikou") ? "460100" : "460000";
    await api(admin, "POST", "/admin/periods", { unit, form, year, dueDate: "2099-12-31" });
    for (const r of reports) replays.push(...(await file(t, form, year, r)));
  }
  return { supervisor: t.supervisors["460000"]!, replays };
}

/** What the old Worker answered to the reads the test repeats after the migration. */
async function answers(token: string) {
  const reports: unknown[] = [];
  const rollups: unknown[] = [];
  for (const { form, year, reports: filed } of PLAN) {
    for (const r of filed) {
      const path = `/units/${r.unit}/reports/${form}/${year}`;
      reports.push({ path, answer: await api(token, "GET", path) });
    }
    const nodes = form.startsWith("haikou") ? ["460000", "460100"] : ["460000", "460100", "460200"];
    for (const unit of nodes) {
      for (const include of ["submitted", "accepted"]) {
        const path = `/units/${unit}/rollups/${form}/${year}?include=${include}`;
        rollups.push({ path, answer: await api(token, "GET", path) });
      }
    }
  }
  return { reports, rollups };
}

/** Cell values of 0 left out of every `values` map (a missing cell reads as 0): a smaller file. */
function withoutZeros(x: unknown): unknown {
  if (Array.isArray(x)) return x.map(withoutZeros);
  if (x === null || typeof x !== "object") return x;
  return Object.fromEntries(
    Object.entries(x).map(([k, v]) =>
      k === "values" && v && typeof v === "object"
        ? [k, Object.fromEntries(Object.entries(v).filter(([, n]) => n !== 0))]
        : [k, withoutZeros(v)],
    ),
  );
}

async function startDev(): Promise<() => void> {
  const dev = spawn(
    "npx",
    ["wrangler", "dev", "--local", "--ip", "127.0.0.1", "--port", `${PORT}`],
    {
      cwd: old,
      env,
      stdio: "ignore",
      detached: true,
    },
  );
  const stop = () => process.kill(-dev.pid!, "SIGTERM");
  for (let i = 0; i < 120; i++) {
    try {
      if ((await fetch(`${BASE}/forms`)).status < 500) return stop;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  stop();
  throw new Error("wrangler dev did not start");
}

const commit = spawnSync("git", ["rev-parse", "HEAD"], {
  cwd: old,
  encoding: "utf8",
}).stdout.trim();
rmSync(join(old, ".wrangler", "state"), { recursive: true, force: true });
run(["wrangler", "d1", "migrations", "apply", "xxgk-tables", "--local"]);
const boot = run([
  "tsx",
  "scripts/admin-bootstrap.ts",
  "--code",
  "460000",
  "--name",
  "海南省",
  "--local",
]);
const admin = /^\s+(\S+\.\S+)\s*$/m.exec(boot)![1]!;
const stop = await startDev();
let recorded: Pre0007Answers;
try {
  const { supervisor, replays } = await fill(admin);
  recorded = {
    commit,
    supervisorToken: supervisor,
    ...(withoutZeros(await answers(supervisor)) as Pick<Pre0007Answers, "reports" | "rollups">),
    // The requests exactly as sent (a replay must hash the same), the answers without zeros.
    replays: replays.map((r) => ({ ...r, answer: withoutZeros(r.answer) as Replay["answer"] })),
  };
} finally {
  stop();
}
const dump = join(old, ".wrangler", "pre-0007.sql");
run(["wrangler", "d1", "export", "xxgk-tables", "--local", "--no-schema", "--output", dump]);
const header = `-- Fixture of worker/test/migration-0007.test.ts: the data tables of a local D1 filled through
-- the real API of the Worker at commit ${commit} (before migration 0007; schema = migrations
-- 0001-0004), dumped with \`wrangler d1 export --local --no-schema\`. Made by
-- scripts/fixture-pre-0007.ts (see there); the old Worker's answers are in pre-0007.answers.json.
-- The credentials are throwaway test tokens of this database only.
`;
// Every table's rows but the migrations' own (the test applies 0001–0004 itself).
const data = readFileSync(dump, "utf8")
  .split("\n")
  .filter((l) => !l.startsWith('INSERT INTO "d1_migrations"'));
writeFileSync(join(out, "pre-0007.sql"), header + data.join("\n"));
writeFileSync(join(out, "pre-0007.answers.json"), `${JSON.stringify(recorded)}\n`);
console.log(`fixture written to ${out}`);
