/**
 * What the pane's administration sheets need: the subtree's units, a sheet's unit changes
 * (preview with `dryRun`, or applied in one batch) and the subtree's credentials (no secrets).
 */
import { Hono } from "hono";
import { UnitChangesBodySchema } from "../../../shared/api/admin-ui";
import type { AppEnv } from "../env";
import { actor, json } from "../http/respond";
import { listCredentials } from "../db/credentials";
import { adminOnly } from "../middleware/admin";
import { jsonBody, readBody } from "../middleware/body";
import { changeUnits, listUnits } from "../services/unit-changes";

export const adminSheets = new Hono<AppEnv>()
  .get("/admin/units", adminOnly(), async (c) =>
    json({ units: await listUnits(c.env.DB, c.var.principal) }),
  )
  .post(
    "/admin/units/changes",
    adminOnly(),
    readBody("application/json"),
    jsonBody(UnitChangesBodySchema, {
      zh: '请求体应为 {"rows": [{"code", "name", "parent", "active"}, …], "dryRun": true | false}(1–20000 行)。',
      en: 'The body must be {"rows": [{"code", "name", "parent", "active"}, …], "dryRun": true | false} (1–20,000 rows).',
    }),
    async (c) => {
      const { rows, dryRun } = c.req.valid("json");
      return json(await changeUnits(c.env.DB, c.var.principal, rows, dryRun ?? false, actor(c)));
    },
  )
  .get("/admin/credentials", adminOnly(), async (c) => {
    const path = c.var.principal.unit.path;
    return json({ credentials: await listCredentials(c.env.DB, path) });
  });
