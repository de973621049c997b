/**
 * 催报: GET /units/:code/reminders/:form/:year (the units below still to report, their contacts,
 * days to or past the due date, reminders sent) and POST (remind one, some or every one of them).
 */
import { Hono } from "hono";
import { ReminderBodySchema } from "../../../shared/api/schemas";
import type { AuthedEnv } from "../app-env";
import { problems } from "../http/problem";
import { json, nowIso } from "../http/respond";
import { idempotencyKey, jsonBody, readBody } from "../middleware/body";
import { formYear } from "../middleware/form-year";
import { unitScope } from "../middleware/unit-scope";
import { webhookConfig } from "../notify/webhook";
import { listLateUnits, remind } from "../services/reminders";

const PATH = "/units/:code/reminders/:form/:year";

const SHAPE = {
  zh: '催报请求体应为 {"units": ["单位代码", …]} 或 {"units": "missing"}(可加 "note")。',
  en: 'The reminder body must be {"units": ["code", …]} or {"units": "missing"} (optional "note").',
};

export const reminders = new Hono<AuthedEnv>()
  .get(PATH, unitScope("rollup"), formYear("subtree"), async (c) =>
    json(await listLateUnits(c.env.DB, { ...c.var, now: nowIso() })),
  )
  .post(
    PATH,
    unitScope("rollup"),
    async (c, next) => {
      if (c.var.principal.role !== "supervisor") {
        throw problems.forbiddenRole(
          "只有上级单位的审核人员(supervisor)可以催报。",
          "Only a supervisor may send reminders.",
        );
      }
      await next();
    },
    formYear("subtree"),
    idempotencyKey(true),
    readBody("application/json"),
    jsonBody(ReminderBodySchema, SHAPE),
    async (c) => {
      const out = await remind(c.env.DB, {
        principal: c.var.principal,
        unit: c.var.unit,
        form: c.var.form,
        year: c.var.year,
        body: c.req.valid("json"),
        rawBody: await c.req.text(),
        idempotencyKey: c.req.header("Idempotency-Key")!,
        requestId: c.var.requestId,
        now: nowIso(),
        webhook: webhookConfig(c.env),
        waitUntil: (p) => c.executionCtx.waitUntil(p),
      });
      return json(out.reminder, out.status, out.replayed ? { "Idempotent-Replayed": "true" } : {});
    },
  );
