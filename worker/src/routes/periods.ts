import { Hono } from "hono";
import { PeriodCreateBodySchema, type PeriodsResponse } from "../../../shared/api/schemas";
import type { AuthedEnv } from "../app-env";
import { actor, json } from "../http/respond";
import { periodsForUnit } from "../db/periods";
import { adminOnly } from "../middleware/admin";
import { jsonBody, readBody } from "../middleware/body";
import { unitScope } from "../middleware/unit-scope";
import { closePeriodOf, openPeriod } from "../services/periods";

const PERIOD_SHAPE = {
  zh: '请求体应为 {"unit": 单位代码, "form": 报表, "year": 年度, "dueDate": "YYYY-MM-DD", "supplements"?: {"capacity": 布尔值}}。',
  en: 'The body must be {"unit": code, "form": id, "year": number, "dueDate": "YYYY-MM-DD", "supplements"?: {"capacity": boolean}}.',
};

/** Reporting periods: those that apply to a unit; an admin opens and closes them. */
export const periods = new Hono<AuthedEnv>()
  .get("/units/:code/periods", unitScope("read"), async (c) => {
    const body: PeriodsResponse = { periods: await periodsForUnit(c.env.DB, c.var.unit) };
    return json(body);
  })
  .post(
    "/admin/periods",
    adminOnly(),
    readBody("application/json"),
    jsonBody(PeriodCreateBodySchema, PERIOD_SHAPE),
    async (c) => {
      const body = c.req.valid("json");
      const { status, period } = await openPeriod(c.env.DB, c.var.principal, body, actor(c));
      return json(period, status);
    },
  )
  .post("/admin/periods/:id/close", adminOnly(), async (c) => {
    const period = await closePeriodOf(c.env.DB, c.var.principal, c.req.param("id"), actor(c));
    return json(period);
  });
