import { Hono } from "hono";
import { API_BASE } from "../../../shared/api/schemas";
import type { HealthResponse } from "../../../shared/api/health";
import { version } from "../../../package.json";
import type { AppEnv } from "../app-env";
import { HttpProblem, problemResponse } from "../http/problem";

/** The server's health: its version, the applied migrations (names, oldest first), its clock. */
export async function readHealth(db: D1Database, now = new Date()): Promise<HealthResponse> {
  let migrations: string[];
  try {
    const rows = await db.prepare(`SELECT name FROM d1_migrations ORDER BY id`).all<{
      name: string;
    }>();
    migrations = rows.results.map((r) => r.name);
  } catch (e) {
    // A database that no migration has touched yet has no d1_migrations table.
    if (!/no such table: d1_migrations/.test(String(e))) throw e;
    migrations = [];
  }
  return { version, migrations, time: now.toISOString() };
}

/** `GET /api/v1/health`, without authentication: mount before the authenticated API. */
export const healthApp = new Hono<AppEnv>();

healthApp.get(`${API_BASE}/health`, async (c) => {
  try {
    return new Response(JSON.stringify(await readHealth(c.env.DB)), {
      headers: { "Content-Type": "application/json; charset=utf-8", "Cache-Control": "no-store" },
    });
  } catch {
    return problemResponse(
      new HttpProblem(
        "unavailable",
        "服务器无法读取数据库,请稍后再试。",
        "The server cannot read its database; try again later.",
        {},
        { "Cache-Control": "no-store", "Retry-After": "30" },
      ),
      c.get("requestId") ?? crypto.randomUUID(),
    );
  }
});
