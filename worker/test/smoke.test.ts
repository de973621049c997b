import { SELF, env } from "cloudflare:test";
import { describe, expect, it } from "vitest";

describe("smoke", () => {
  it("answers 401 problem+json without a token", async () => {
    const res = await SELF.fetch("https://x.test/api/v1/me");
    expect(res.status).toBe(401);
    expect(res.headers.get("Content-Type")).toContain("application/problem+json");
    expect(res.headers.get("X-Request-Id")).toBeTruthy();
    const tables = await env.DB.prepare("SELECT name FROM sqlite_master WHERE type='table'").all();
    expect(tables.results.map((r) => r.name)).toContain("revisions");
  });
});
