import { env } from "cloudflare:test";
import { Hono } from "hono";
import { describe, expect, it } from "vitest";
import { HealthResponseSchema } from "../../shared/api/health";
import { version } from "../../package.json";
import { TEMPLATE_ORIGIN, manifestUrls } from "../../shared/manifest/for-origin";
import template from "../../manifest.xml";
import type { AppEnv } from "../src/app-env";
import type { Env } from "../src/env";
import { siteApp } from "../src/site";

// The public pages as the lead mounts them: app.route("/", siteApp) on the Worker's app.
const app = new Hono<AppEnv>().route("/", siteApp);

function get(url: string, headers: Record<string, string> = {}, bindings: Env = env) {
  return app.request(url, { headers }, bindings);
}

/** A D1 binding whose every query fails, as when the database cannot be reached. */
const brokenDb = {
  prepare: () => {
    throw new Error("D1_ERROR: network connection lost");
  },
} as unknown as D1Database;

const migrationNames = () => env.TEST_MIGRATIONS.map((m) => m.name);

describe("GET /api/v1/health", () => {
  it("answers version, applied migrations and time without a token, and nothing else", async () => {
    const before = Date.now();
    const res = await get("https://xxgk.test/api/v1/health");
    expect(res.status).toBe(200);
    expect(res.headers.get("Content-Type")).toContain("application/json");
    expect(res.headers.get("Cache-Control")).toBe("no-store");
    const body = HealthResponseSchema.parse(await res.json()); // strict: no other keys
    expect(body.version).toBe(version);
    expect(body.migrations).toEqual(migrationNames());
    expect(body.migrations[0]).toBe("0001_init.sql");
    expect(Date.parse(body.time)).toBeGreaterThanOrEqual(before - 1000);
    expect(Date.parse(body.time)).toBeLessThanOrEqual(Date.now() + 1000);
  });

  it("lists no migrations on a database none was applied to", async () => {
    await env.DB.exec("ALTER TABLE d1_migrations RENAME TO d1_migrations_away");
    try {
      const body = HealthResponseSchema.parse(
        await (await get("https://xxgk.test/api/v1/health")).json(),
      );
      expect(body.migrations).toEqual([]);
    } finally {
      await env.DB.exec("ALTER TABLE d1_migrations_away RENAME TO d1_migrations");
    }
  });

  it("answers 503 problem+json (zh-CN and en-US) when the database is unreachable", async () => {
    const res = await get("https://xxgk.test/api/v1/health", {}, { ...env, DB: brokenDb });
    expect(res.status).toBe(503);
    expect(res.headers.get("Content-Type")).toContain("application/problem+json");
    const p = (await res.json()) as { detail: string; detail_en: string; type: string };
    expect(p.type).toMatch(/unavailable$/);
    expect(p.detail).toContain("数据库");
    expect(p.detail_en).toContain("database");
  });
});

describe("GET /manifest.xml", () => {
  const idOf = (xml: string) => /<Id>([^<]+)<\/Id>/.exec(xml)?.[1];

  it.each([
    ["https://xxgk.example.gov.cn/manifest.xml", "https://xxgk.example.gov.cn"],
    ["https://xxgk.example.gov.cn:8443/manifest.xml", "https://xxgk.example.gov.cn:8443"],
    // Cloudflare serves every Worker over https: a plain-http request names the https origin.
    [
      "http://xxgk-tables.someone.workers.dev/manifest.xml",
      "https://xxgk-tables.someone.workers.dev",
    ],
    ["http://localhost:8787/manifest.xml", "http://localhost:8787"],
  ])("%s is the manifest for %s", async (url, origin) => {
    const res = await get(url);
    expect(res.status).toBe(200);
    expect(res.headers.get("Content-Type")).toBe("application/xml; charset=utf-8");
    expect(res.headers.get("Content-Disposition")).toBe('attachment; filename="manifest.xml"');
    const xml = await res.text();
    const urls = manifestUrls(xml);
    expect(urls.length).toBeGreaterThan(5);
    for (const u of urls) expect(new URL(u).origin).toBe(origin);
    expect(xml).toContain(`<AppDomain>${origin}</AppDomain>`);
    expect(xml).toContain(`<SourceLocation DefaultValue="${origin}/taskpane.html"/>`);
    expect(idOf(xml)).toBe(idOf(template));
    if (origin !== TEMPLATE_ORIGIN) expect(xml).not.toContain(TEMPLATE_ORIGIN);
  });
});
