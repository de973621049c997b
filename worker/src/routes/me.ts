import { Hono } from "hono";
import type { MeResponse } from "../../../shared/api/schemas";
import type { AuthedEnv } from "../app-env";
import { json } from "../http/respond";
import { unitPath } from "../db/units";

/** GET /me: the caller's unit (with its path from the root) and role. */
export const me = new Hono<AuthedEnv>().get("/me", async (c) => {
  const p = c.get("principal");
  const body: MeResponse = {
    unit: { code: p.unit.code, name: p.unit.name, path: await unitPath(c.env.DB, p.unit) },
    role: p.role,
    credential: p.credential,
  };
  return json(body);
});
