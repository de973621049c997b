import { SELF, env } from "cloudflare:test";
import { beforeAll, describe, expect, it } from "vitest";
import { app } from "../src/app";
import { ORIGIN, call, expectProblem, seedToken, seedUnits } from "./helpers";

let clerk: string;

beforeAll(async () => {
  await seedUnits([{ code: "H1", name: "测试单位", parent: null }]);
  clerk = await seedToken("H1", "clerk");
});

describe("hardening", () => {
  it("security headers let Office on the web frame the pages, and nobody else", async () => {
    for (const res of [
      await call("/me", { token: clerk }),
      await call("/me"),
      await SELF.fetch(`${ORIGIN}/taskpane.html`),
    ]) {
      expect(res.headers.get("X-Frame-Options")).toBeNull();
      const csp = res.headers.get("Content-Security-Policy") ?? "";
      expect(csp).toMatch(/frame-ancestors 'self' .*https:\/\/\*\.officeapps\.live\.com/);
      expect(csp).not.toMatch(/frame-ancestors[^;]*\*(?!\.)/); // no bare wildcard
      expect(res.headers.get("X-Content-Type-Options")).toBe("nosniff");
      expect(res.headers.get("Strict-Transport-Security")).toMatch(/max-age=/);
      expect(res.headers.get("X-Request-Id")).toMatch(/^[0-9a-f-]{36}$/);
      await res.arrayBuffer();
    }
  });

  it("CORS answers only the configured add-in origin", async () => {
    const preflight = (origin: string) =>
      SELF.fetch(`${ORIGIN}/api/v1/units/H1/reports/gov-2021/2021`, {
        method: "OPTIONS",
        headers: {
          Origin: origin,
          "Access-Control-Request-Method": "PUT",
          "Access-Control-Request-Headers": "authorization,content-type,idempotency-key,if-match",
        },
      });
    const ok = await preflight(env.ADDIN_ORIGIN!);
    expect(ok.status).toBeLessThan(300);
    expect(ok.headers.get("Access-Control-Allow-Origin")).toBe(env.ADDIN_ORIGIN);
    expect(ok.headers.get("Access-Control-Allow-Headers")?.toLowerCase()).toContain(
      "idempotency-key",
    );
    const evil = await preflight("https://evil.example");
    expect(evil.headers.get("Access-Control-Allow-Origin")).toBeNull();
    const get = await call("/me", { token: clerk, headers: { Origin: env.ADDIN_ORIGIN! } });
    expect(get.headers.get("Access-Control-Allow-Origin")).toBe(env.ADDIN_ORIGIN);
    expect(get.headers.get("Access-Control-Expose-Headers")).toContain("ETag");
  });

  it("every response has a distinct request id, also in problem bodies", async () => {
    const a = await call("/me", { token: clerk });
    const b = await call("/me");
    expect(a.headers.get("X-Request-Id")).not.toBe(b.headers.get("X-Request-Id"));
    const p = await expectProblem(b, 401, "unauthenticated");
    expect(p.requestId).toBe(b.headers.get("X-Request-Id"));
    expect(b.headers.get("WWW-Authenticate")).toMatch(/^Bearer/);
  });

  it("an unexpected failure is a plain 500 problem with no stack trace", async () => {
    const broken = {
      ...env,
      DB: {
        prepare: () => {
          throw new Error("boom at secret.ts:12");
        },
      } as unknown as D1Database,
    };
    const res = await app.fetch(
      new Request(`${ORIGIN}/api/v1/me`, { headers: { Authorization: `Bearer ${clerk}` } }),
      broken,
    );
    const p = await expectProblem(res, 500, "internal");
    expect(JSON.stringify(p)).not.toContain("boom");
  });

  it("the per-credential rate limit answers 429 problem+json", async () => {
    const limited = {
      ...env,
      RATE_LIMITER: {
        limit: async ({ key }: { key: string }) => ({
          success: !key.startsWith(clerk.split(".")[0]!),
        }),
      },
    };
    const res = await app.fetch(
      new Request(`${ORIGIN}/api/v1/me`, { headers: { Authorization: `Bearer ${clerk}` } }),
      limited,
    );
    const p = await expectProblem(res, 429, "rate-limited");
    expect(p.detail_en).toMatch(/Too many/);
    expect(res.headers.get("Retry-After")).toBe("60");
  });

  it("the real rate-limiting binding limits one credential, not the others", async () => {
    const busy = await seedToken("H1", "clerk");
    const calm = await seedToken("H1", "clerk");
    let limitedAt = -1;
    for (let i = 0; i < 700 && limitedAt < 0; i++) {
      const res = await call("/forms", { token: busy });
      if (res.status === 429) limitedAt = i;
      await res.arrayBuffer();
    }
    expect(limitedAt).toBeGreaterThan(0);
    expect((await call("/forms", { token: calm })).status).toBe(200);
  });
});
