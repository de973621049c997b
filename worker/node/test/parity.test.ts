/**
 * Parity: the same working day (day.ts) against the Worker in `wrangler dev` (workerd, local D1)
 * and against `npm run serve` (Node, SQLite), each on a fresh database bootstrapped by the
 * project's own commands; every answer must be the same apart from times, ids and secrets.
 */
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { bootstrapSql } from "../../../scripts/deploy/bootstrap-sql";
import { printedTokens, script, startDev, wrangler, type Dev } from "../../../scripts/test/support";
import { newCredential } from "../../src/crypto";
import { runDay, type Entry } from "./day";
import { ROOT, startServe, type Served } from "./support";

const tmp = mkdtempSync(join(tmpdir(), "xxgk-parity-"));
let dev: Dev | null = null;
let served: Served | null = null;

afterAll(async () => {
  await dev?.stop();
  await served?.stop();
  rmSync(tmp, { recursive: true, force: true });
});

function ok(r: { status: number | null; stdout: string; stderr: string }): string {
  if (r.status !== 0) throw new Error(`exit ${r.status}\n${r.stdout}\n${r.stderr}`);
  return r.stdout;
}

async function dayOnWorker(): Promise<Entry[]> {
  const persist = join(tmp, "d1");
  ok(wrangler(["d1", "migrations", "apply", "DB", "--local", "--persist-to", persist]));
  const credential = await newCredential();
  const file = join(tmp, "bootstrap.sql");
  const now = new Date().toISOString();
  writeFileSync(
    file,
    bootstrapSql({ code: "330327", name: "苍南县", credential, now, additional: false }),
  );
  ok(wrangler(["d1", "execute", "DB", "--local", "--persist-to", persist, "--file", file]));
  dev = await startDev(["--persist-to", persist, "--var", "LOG_REQUESTS:off"]);
  return runDay(dev.origin, credential.token);
}

async function dayOnNode(): Promise<Entry[]> {
  const db = join(tmp, "xxgk.sqlite");
  const out = ok(
    script("scripts/admin-bootstrap.ts", ["--db", db, "--code", "330327", "--name", "苍南县"]),
  );
  const [token] = printedTokens(out);
  const assets = join(tmp, "assets");
  mkdirSync(assets);
  copyFileSync(join(ROOT, "addin/static/taskpane.html"), join(assets, "taskpane.html"));
  served = await startServe({
    XXGK_DB: db,
    XXGK_ORIGIN: "http://localhost:8080",
    XXGK_ASSETS: assets,
    XXGK_LOG_REQUESTS: "off",
  });
  return runDay(served.origin, token!);
}

describe("the Worker in workerd and the self-hosted server answer alike", () => {
  it("a working day: the same statuses and bodies", async () => {
    const onWorker = await dayOnWorker();
    const onNode = await dayOnNode();
    // The day means something: writes, a replay, refusals and reads all happened.
    const statuses = onWorker.map((e) => e.status);
    expect(statuses).toContain(201);
    expect(statuses.filter((s) => s >= 400).length).toBeGreaterThanOrEqual(3);
    expect(onWorker.length).toBeGreaterThan(20);
    const status = Object.fromEntries(onWorker.map((e) => [e.step, e.status]));
    expect(status).toMatchObject({
      "clerk A submits": 201,
      "clerk B: a negative count": 422,
      "supervisor returns A": 200,
      "supervisor accepts B": 200,
      "supervisor: rollup CSV": 200,
    });
    expect(onNode).toEqual(onWorker);
  });
});
