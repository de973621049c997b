/**
 * `npm run serve` as an operator meets it: a wrong configuration is refused with every problem
 * named, a database from a newer version is refused, a client cannot pick its own rate-limit
 * bucket (CF-Connecting-IP), a trusted proxy's client address is believed, and SIGTERM lets a
 * request in flight finish and store its revision.
 */
import { request } from "node:http";
import { copyFileSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DatabaseSync } from "node:sqlite";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { printedTokens, script } from "../../../scripts/test/support";
import { rateLimitRules } from "../rate-limit";
import { readFileSync } from "node:fs";
import { getForm } from "../../../shared/forms/catalogue";
import { consistentValues, rng } from "../../../shared/testing/sample-report";
import { ROOT, refusedServe, startServe } from "./support";
import { ConfigError, loadConfig } from "../config";

const tmp = mkdtempSync(join(tmpdir(), "xxgk-serve-"));
const assets = join(tmp, "assets");
let admin = "";
let n = 0;

/** A fresh bootstrapped database; returns its file. */
function freshDb(): string {
  const db = join(tmp, `db${++n}.sqlite`);
  const r = script("scripts/admin-bootstrap.ts", [
    "--db",
    db,
    "--code",
    "330327",
    "--name",
    "苍南县",
  ]);
  if (r.status !== 0) throw new Error(r.stdout + r.stderr);
  admin = printedTokens(r.stdout)[0]!;
  return db;
}

function env(db: string, extra: Record<string, string> = {}): Record<string, string> {
  return {
    XXGK_DB: db,
    XXGK_ORIGIN: "https://xxgk.example.gov.cn",
    XXGK_ASSETS: assets,
    XXGK_LOG_REQUESTS: "off",
    ...extra,
  };
}

beforeAll(() => {
  mkdirSync(assets);
  copyFileSync(join(ROOT, "addin/static/taskpane.html"), join(assets, "taskpane.html"));
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const redeem = (origin: string, headers: Record<string, string>) =>
  fetch(`${origin}/api/v1/invites/redeem`, {
    method: "POST",
    headers: { "Content-Type": "application/json", ...headers },
    body: JSON.stringify({ code: "ABCDEFGHJK" }),
  }).then(async (r) => (await r.arrayBuffer(), r.status));

describe("npm run serve", () => {
  it("refuses a wrong configuration, naming every problem in both languages", async () => {
    const r = await refusedServe({
      XXGK_DB: "",
      XXGK_ORIGIN: "http://xxgk.example.gov.cn/app",
      XXGK_OFFICE_JS: "cdn",
      PORT: "x",
      XXGK_ASSETS: assets,
    });
    expect(r.code).toBe(2);
    for (const word of ["XXGK_DB", "XXGK_ORIGIN", "XXGK_OFFICE_JS", "PORT"]) {
      expect(r.output.match(new RegExp(word, "g"))?.length).toBeGreaterThanOrEqual(2);
    }
    expect(r.output).toContain("配置有误,服务器未启动");
    expect(r.output).toContain("the server did not start");
  });

  it("XXGK_CREDENTIAL_DAYS and XXGK_AUTH_FAILURES_PER_MINUTE are checked at start", () => {
    const problems = (extra: Record<string, string>) => {
      try {
        loadConfig(env(join(tmp, "x.sqlite"), extra));
        return [];
      } catch (e) {
        if (!(e instanceof ConfigError)) throw e;
        return e.problems.map((p) => p.en);
      }
    };
    expect(problems({})).toEqual([]);
    const c = loadConfig(env(join(tmp, "x.sqlite")));
    expect([c.credentialDays, c.authFailuresPerMinute]).toEqual([365, 20]);
    for (const bad of ["-1", "30d", "1.5"])
      expect(problems({ XXGK_CREDENTIAL_DAYS: bad }).join()).toContain("XXGK_CREDENTIAL_DAYS");
    for (const bad of ["0", "many", "-3"])
      expect(problems({ XXGK_AUTH_FAILURES_PER_MINUTE: bad }).join()).toContain(
        "XXGK_AUTH_FAILURES_PER_MINUTE",
      );
    expect(
      loadConfig(env(join(tmp, "x.sqlite"), { XXGK_CREDENTIAL_DAYS: "0" })).credentialDays,
    ).toBe(0);
  });

  it("a new credential expires after XXGK_CREDENTIAL_DAYS; XXGK_AUTH_FAILURES_PER_MINUTE bad tokens lock the address out", async () => {
    const s = await startServe(
      env(freshDb(), { XXGK_CREDENTIAL_DAYS: "2", XXGK_AUTH_FAILURES_PER_MINUTE: "3" }),
    );
    try {
      const made = await fetch(`${s.origin}/api/v1/admin/credentials`, {
        method: "POST",
        headers: { Authorization: `Bearer ${admin}`, "Content-Type": "application/json" },
        body: JSON.stringify({ unit: "330327", role: "clerk" }),
      });
      expect(made.status).toBe(201);
      const { expiresAt } = (await made.json()) as { expiresAt: string | null };
      const days = (Date.parse(expiresAt!) - Date.now()) / 86_400_000;
      expect(days).toBeGreaterThan(1.9);
      expect(days).toBeLessThanOrEqual(2);
      const statuses: number[] = [];
      for (let i = 0; i < 4; i++) {
        const r = await fetch(`${s.origin}/api/v1/me`, {
          headers: { Authorization: `Bearer ${"a".repeat(20)}.${"b".repeat(43)}` },
        });
        await r.arrayBuffer();
        statuses.push(r.status);
      }
      expect(statuses.slice(0, 3)).toEqual([401, 401, 401]);
      expect(statuses[3]).toBe(429);
      // Even the right token is refused for the rest of the minute from that address.
      const right = await fetch(`${s.origin}/api/v1/me`, {
        headers: { Authorization: `Bearer ${admin}` },
      });
      await right.arrayBuffer();
      expect(right.status).toBe(429);
    } finally {
      await s.stop();
    }
  });

  it("refuses a database from a newer version and leaves it untouched", async () => {
    const db = freshDb();
    const sql = new DatabaseSync(db);
    sql.exec("INSERT INTO d1_migrations (name) VALUES ('9999_future.sql')");
    sql.close();
    const r = await refusedServe(env(db));
    expect(r.code).toBe(2);
    expect(r.output).toContain("9999_future.sql");
    expect(r.output).toContain("更新的版本");
  });

  it("the invite limit of wrangler.toml counts the socket's address, whatever CF-Connecting-IP says", async () => {
    const rules = rateLimitRules(readFileSync(join(ROOT, "wrangler.toml"), "utf8"));
    const limit = rules.INVITE_RATE_LIMITER!.limit;
    const s = await startServe(env(freshDb()));
    try {
      const statuses: number[] = [];
      for (let i = 0; i <= limit; i++)
        statuses.push(await redeem(s.origin, { "CF-Connecting-IP": `10.0.0.${i}` }));
      expect(statuses.slice(0, limit).every((x) => x !== 429)).toBe(true);
      expect(statuses[limit]).toBe(429);
      // X-Forwarded-For from an untrusted peer is no way out either.
      expect(await redeem(s.origin, { "X-Forwarded-For": "10.9.9.9" })).toBe(429);
    } finally {
      await s.stop();
    }
  });

  it("behind a trusted proxy, each client's address has its own bucket", async () => {
    const s = await startServe(
      env(freshDb(), { XXGK_TRUSTED_PROXIES: "127.0.0.1", XXGK_CLIENT_IP_HEADER: "X-Real-IP" }),
    );
    try {
      const limit = rateLimitRules(readFileSync(join(ROOT, "wrangler.toml"), "utf8"))
        .INVITE_RATE_LIMITER!.limit;
      for (let i = 0; i <= limit; i++)
        expect(await redeem(s.origin, { "X-Real-IP": `10.1.0.${i}` })).not.toBe(429);
      const one: number[] = [];
      for (let i = 0; i <= limit; i++)
        one.push(await redeem(s.origin, { "X-Real-IP": "10.2.0.1" }));
      expect(one[limit]).toBe(429);
    } finally {
      await s.stop();
    }
  });

  it("SIGTERM: a submission in flight finishes and is stored; the server exits 0", async () => {
    const db = freshDb();
    const s = await startServe(env(db));
    const api = async (path: string, token: string, method = "GET", body?: unknown) => {
      const r = await fetch(`${s.origin}/api/v1${path}`, {
        method,
        headers: { Authorization: `Bearer ${token}`, "Content-Type": "application/json" },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      return { status: r.status, json: (await r.json()) as Record<string, unknown> };
    };
    await api("/admin/periods", admin, "POST", {
      unit: "330327",
      form: "gov-2021",
      year: 2024,
      dueDate: "2099-12-31",
    });
    const clerk = (
      await api("/admin/credentials", admin, "POST", { unit: "330327", role: "clerk" })
    ).json.token as string;
    const body = JSON.stringify({ values: consistentValues(getForm("gov-2021")!, rng(7), 40) });
    const url = new URL(`${s.origin}/api/v1/units/330327/reports/gov-2021/2024`);
    // Half the body, then SIGTERM, then the rest: the request was in flight when the signal came.
    const answer = new Promise<number>((resolve, reject) => {
      const req = request(
        url,
        {
          method: "PUT",
          headers: {
            Authorization: `Bearer ${clerk}`,
            "Content-Type": "application/json",
            "Content-Length": Buffer.byteLength(body),
            "Idempotency-Key": "sigterm-1",
          },
        },
        (res) => {
          res.resume();
          res.on("end", () => resolve(res.statusCode ?? 0));
        },
      );
      req.on("error", reject);
      req.write(body.slice(0, 100));
      setTimeout(() => {
        s.child.kill("SIGTERM");
        setTimeout(() => req.end(body.slice(100)), 500);
      }, 300);
    });
    expect(await answer).toBe(201);
    expect(await s.stop()).toBe(0);
    expect(s.output()).toContain('"event":"stopped"');
    const sql = new DatabaseSync(db);
    const row = sql.prepare("SELECT count(*) AS n FROM revisions").get() as { n: number };
    sql.close();
    expect(row.n).toBe(1);
  });
});
