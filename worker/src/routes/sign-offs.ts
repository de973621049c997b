/** 汇总确认: GET / POST /units/:code/rollups/:form/:year/sign-off (docs/WORKFLOW.md). */
import { Hono } from "hono";
import type { AppEnv } from "../env";
import { json, nowIso } from "../http/respond";
import { formYear } from "../middleware/form-year";
import { unitScope } from "../middleware/unit-scope";
import { authorizeSignOff, readSignOff, signOff } from "../services/sign-off";

const PATH = "/units/:code/rollups/:form/:year/sign-off";

export const signOffs = new Hono<AppEnv>()
  .get(PATH, unitScope("rollup"), formYear("subtree"), async (c) =>
    json(await readSignOff(c.env.DB, c.var.unit, c.var.form, c.var.year)),
  )
  .post(
    PATH,
    unitScope("rollup"),
    async (c, next) => {
      authorizeSignOff(c.var.principal, c.var.unit);
      await next();
    },
    formYear("subtree"),
    async (c) => {
      const out = await signOff(c.env.DB, {
        principal: c.var.principal,
        unit: c.var.unit,
        form: c.var.form,
        year: c.var.year,
        now: nowIso(),
        requestId: c.var.requestId,
      });
      return json(out.body, out.status);
    },
  );
