/**
 * The backup rehearsal of docs/SELF-HOSTING.md: `npm run db:backup` while clerks submit, then
 * `npm run db:restore` — refused onto the database the server is using, accepted into another
 * file — and a server on the restored file has every revision acknowledged before the backup
 * began.
 */
import { spawn } from "node:child_process";
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { getForm } from "../../../shared/forms/catalogue";
import { consistentValues, rng } from "../../../shared/testing/sample-report";
import { printedTokens, script } from "../../../scripts/test/support";
import { ROOT, startServe, type Served } from "./support";

const tmp = mkdtempSync(join(tmpdir(), "xxgk-backup-"));
const running: Served[] = [];
afterAll(async () => {
  for (const s of running) await s.stop();
  rmSync(tmp, { recursive: true, force: true });
});

/** An npm script's command line (package.json), run with this Node; its exit code and output. */
function npmScript(name: string, args: string[]): Promise<{ code: number | null; out: string }> {
  const pkg = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as {
    scripts: Record<string, string>;
  };
  const [, ...flags] = pkg.scripts[name]!.split(/\s+/);
  const child = spawn(process.execPath, [...flags, ...args], { cwd: ROOT, stdio: "pipe" });
  let out = "";
  child.stdout.on("data", (d: Buffer) => (out += d.toString()));
  child.stderr.on("data", (d: Buffer) => (out += d.toString()));
  return new Promise((r) => child.once("exit", (code) => r({ code, out })));
}

describe("db:backup during a burst of submissions, db:restore", () => {
  it("every acknowledged revision is in the restored database", async () => {
    const db = join(tmp, "live.sqlite");
    const boot = script("scripts/admin-bootstrap.ts", ["--db", db, "--code", "R", "--name", "县"]);
    expect(boot.status).toBe(0);
    const admin = printedTokens(boot.stdout)[0]!;
    const assets = join(tmp, "assets");
    mkdirSync(assets);
    copyFileSync(join(ROOT, "addin/static/taskpane.html"), join(assets, "taskpane.html"));
    const env = (file: string) => ({
      XXGK_DB: file,
      XXGK_ORIGIN: "https://xxgk.example.gov.cn",
      XXGK_ASSETS: assets,
      XXGK_LOG_REQUESTS: "off",
    });
    const live = await startServe(env(db));
    running.push(live);
    const api = async (
      s: Served,
      token: string,
      path: string,
      method = "GET",
      body?: unknown,
      headers: Record<string, string> = {},
    ) => {
      const r = await fetch(`${s.origin}/api/v1${path}`, {
        method,
        headers: {
          Authorization: `Bearer ${token}`,
          "Content-Type": "application/json",
          ...headers,
        },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      return { status: r.status, json: (await r.json()) as Record<string, unknown> };
    };
    const units = Array.from({ length: 40 }, (_, i) => ({
      code: `U${i}`,
      name: `单位${i}`,
      parent_code: "R",
    }));
    expect((await api(live, admin, "/admin/units", "POST", { units })).status).toBe(201);
    await api(live, admin, "/admin/periods", "POST", {
      unit: "R",
      form: "gov-2021",
      year: 2024,
      dueDate: "2099-12-31",
    });
    const tokens: string[] = [];
    for (const u of units)
      tokens.push(
        (await api(live, admin, "/admin/credentials", "POST", { unit: u.code, role: "clerk" })).json
          .token as string,
      );

    // The burst: four clerks at a time; each acknowledgement is recorded with its time.
    const acked: { unit: string; at: number }[] = [];
    let next = 0;
    const clerk = async () => {
      while (next < units.length) {
        const i = next++;
        const r = await api(
          live,
          tokens[i]!,
          `/units/U${i}/reports/gov-2021/2024`,
          "PUT",
          { values: consistentValues(getForm("gov-2021")!, rng(i + 1), 40) },
          { "Idempotency-Key": `burst-${i}` },
        );
        expect(r.status).toBe(201);
        acked.push({ unit: `U${i}`, at: performance.now() });
      }
    };
    const burst = Promise.all([clerk(), clerk(), clerk(), clerk()]);
    // Back up once the burst is under way, while it goes on.
    while (acked.length < 8) await new Promise((r) => setTimeout(r, 20));
    const backupFile = join(tmp, "backup.sqlite");
    const started = performance.now();
    const backup = await npmScript("db:backup", ["--db", db, "--out", backupFile]);
    expect(backup.out).toContain("已备份到");
    expect(backup.code).toBe(0);
    const before = acked.filter((a) => a.at < started).map((a) => a.unit);
    await burst;
    expect(before.length).toBeGreaterThanOrEqual(8);
    expect(before.length).toBeLessThan(units.length); // the backup did run during the burst

    // Onto the database the server holds: refused, nothing changed.
    const refused = await npmScript("db:restore", ["--from", backupFile, "--db", db]);
    expect(refused.code).toBe(1);
    expect(refused.out).toContain("请先停止服务器");
    expect(
      (
        await api(
          live,
          tokens[units.length - 1]!,
          `/units/U${units.length - 1}/reports/gov-2021/2024`,
        )
      ).status,
    ).toBe(200);

    const restoredDb = join(tmp, "restored.sqlite");
    const restore = await npmScript("db:restore", ["--from", backupFile, "--db", restoredDb]);
    expect(restore.code).toBe(0);
    const restored = await startServe(env(restoredDb));
    running.push(restored);
    for (const unit of before) {
      const i = Number(unit.slice(1));
      const r = await api(restored, tokens[i]!, `/units/${unit}/reports/gov-2021/2024`);
      expect({ unit, status: r.status, revision: r.json.revision }).toEqual({
        unit,
        status: 200,
        revision: 1,
      });
    }
  });
});
