import { env } from "cloudflare:test";
import { beforeAll, describe, expect, it } from "vitest";
import { INVITE_ALPHABET } from "../../shared/api/invites";
import { app } from "../src/app";
import {
  call,
  expectProblem,
  ORIGIN,
  putReport,
  seedToken,
  seedUnits,
  validValues,
} from "./helpers";

let rootAdmin = "";
let adminA = "";

beforeAll(async () => {
  await seedUnits([
    { code: "IR", name: "邀请县", parent: null },
    { code: "IA", name: "甲局", parent: "IR" },
    { code: "IB", name: "乙局", parent: "IR" },
  ]);
  rootAdmin = await seedToken("IR", "admin");
  adminA = await seedToken("IA", "admin");
});

const issue = (token: string, body: unknown) =>
  call("/admin/invites", { method: "POST", token, body });
const redeem = (code: unknown) => call("/invites/redeem", { method: "POST", body: { code } });

async function codeFor(unit: string, role = "clerk", token = rootAdmin): Promise<string> {
  const res = await issue(token, { unit, role });
  expect(res.status, await res.clone().text()).toBe(201);
  return ((await res.json()) as { code: string }).code;
}

describe("invite codes", () => {
  it("are 10 characters without look-alikes, valid 14 days, stored only as a hash", async () => {
    const before = Date.now();
    const res = await issue(rootAdmin, { unit: "IA", role: "clerk" });
    expect(res.status).toBe(201);
    expect(res.headers.get("Cache-Control")).toBe("no-store");
    const body = (await res.json()) as { code: string; expiresAt: string; unit: { code: string } };
    expect(body.code).toMatch(/^[A-HJKMNP-Z2-9]{10}$/);
    expect(body.code).not.toMatch(/[01OIL]/);
    expect(body.unit.code).toBe("IA");
    const days = (Date.parse(body.expiresAt) - before) / 86_400_000;
    expect(days).toBeGreaterThan(13.99);
    expect(days).toBeLessThan(14.01);
    const stored = await env.DB.prepare("SELECT * FROM invites").all();
    expect(JSON.stringify(stored.results)).not.toContain(body.code);
    expect(INVITE_ALPHABET).toHaveLength(31);
  });

  it("redeem once for a working token of the unit and role; again → 404", async () => {
    const code = await codeFor("IA", "supervisor");
    const res = await redeem(code.toLowerCase().replace(/(.{5})/, "$1-"));
    expect(res.status, await res.clone().text()).toBe(201);
    const body = (await res.json()) as { token: string; unit: { code: string }; role: string };
    expect(body.unit.code).toBe("IA");
    expect(body.role).toBe("supervisor");
    const me = await call("/me", { token: body.token });
    expect(me.status).toBe(200);
    expect(((await me.json()) as { role: string }).role).toBe("supervisor");
    await expectProblem(await redeem(code), 404, "not-found");
  });

  it("used, expired, unknown and malformed codes get the same 404", async () => {
    const used = await codeFor("IA");
    expect((await redeem(used)).status).toBe(201);
    const expired = await codeFor("IA");
    await env.DB.prepare(
      "UPDATE invites SET expires_at = '2000-01-01T00:00:00.000Z' WHERE used_at IS NULL",
    ).run();
    const answers = [];
    for (const code of [used, expired, "ABCDEFGHJK", "0000", 42 as unknown as string]) {
      const res = await redeem(code);
      if (typeof code !== "string") {
        await expectProblem(res, 400, "invalid-body");
        continue;
      }
      const p = await expectProblem(res, 404, "not-found");
      expect(p.detail).toContain("邀请码");
      answers.push({ ...p, requestId: "" });
    }
    expect(new Set(answers.map((a) => JSON.stringify(a))).size).toBe(1);
    const creds = await env.DB.prepare(
      "SELECT count(*) AS n FROM invites WHERE credential_id IS NOT NULL AND code_hash IN (SELECT code_hash FROM invites WHERE expires_at < '2001')",
    ).first<{ n: number }>();
    expect(creds!.n).toBe(0);
  });

  it("two concurrent redeems of one code make one credential", async () => {
    const code = await codeFor("IB");
    const count = () =>
      env.DB.prepare("SELECT count(*) AS n FROM credentials").first<{ n: number }>();
    const before = (await count())!.n;
    const answers = await Promise.all(Array.from({ length: 6 }, () => redeem(code)));
    const statuses = answers.map((r) => r.status).sort();
    expect(statuses).toEqual([201, 404, 404, 404, 404, 404]);
    expect((await count())!.n).toBe(before + 1);
  });

  it("a redeemed clerk code submits the unit's report", async () => {
    const res = await redeem(await codeFor("IB", "clerk"));
    const { token } = (await res.json()) as { token: string };
    expect((await putReport(token, "IB", 2021, { values: validValues(3) })).status).toBe(201);
  });

  it("an admin issues codes within its subtree only; bad bodies change nothing", async () => {
    expect((await issue(adminA, { unit: "IA", role: "clerk" })).status).toBe(201);
    await expectProblem(await issue(adminA, { unit: "IB", role: "clerk" }), 403);
    await expectProblem(await issue(adminA, { unit: "IR", role: "admin" }), 403);
    // The same 403 as for a unit of another organisation (issue 21): nothing says it is unknown.
    await expectProblem(await issue(rootAdmin, { unit: "NOPE", role: "clerk" }), 403);
    const clerk = await seedToken("IA", "clerk");
    await expectProblem(await issue(clerk, { unit: "IA", role: "clerk" }), 403);
    await expectProblem(await call("/admin/invites", { method: "POST", body: {} }), 401);
    const before = await env.DB.prepare("SELECT count(*) AS n FROM invites").first<{ n: number }>();
    for (const body of [
      { unit: "IA" },
      { unit: "IA", role: "boss" },
      { unit: "IA", role: "clerk", x: 1 },
    ]) {
      const p = await expectProblem(await issue(rootAdmin, body), 400, "invalid-body");
      expect(p.detail).toMatch(/请求体/);
    }
    const after = await env.DB.prepare("SELECT count(*) AS n FROM invites").first<{ n: number }>();
    expect(after!.n).toBe(before!.n);
  });

  it("redeeming is limited per client address by its own limiter", async () => {
    const keys: string[] = [];
    const limiter = {
      limit: async ({ key }: { key: string }) => {
        keys.push(key);
        return { success: false };
      },
    };
    const res = await app.fetch(
      new Request(`${ORIGIN}/api/v1/invites/redeem`, {
        method: "POST",
        headers: { "Content-Type": "application/json", "CF-Connecting-IP": "203.0.113.5" },
        body: JSON.stringify({ code: "ABCDEFGHJK" }),
      }),
      { ...env, INVITE_RATE_LIMITER: limiter },
    );
    await expectProblem(res, 429, "rate-limited");
    expect(keys).toEqual(["203.0.113.5"]);
    expect(env.INVITE_RATE_LIMITER).toBeDefined();
  });
});
