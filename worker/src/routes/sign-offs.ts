/**
 * 汇总确认: GET / POST /units/:code/rollups/:form/:year/sign-off, and 撤销确认 (POST
 * …/sign-off/withdraw) (docs/WORKFLOW.md, "Following up").
 */
import { Hono, type MiddlewareHandler } from "hono";
import { SignOffRevokeBodySchema } from "../../../shared/api/schemas";
import type { AppEnv } from "../env";
import { json, nowIso } from "../http/respond";
import { jsonBody, readBody } from "../middleware/body";
import { formYear } from "../middleware/form-year";
import { unitScope } from "../middleware/unit-scope";
import { authorizeSignOff, readSignOff, revokeSignOff, signOff } from "../services/sign-off";

const PATH = "/units/:code/rollups/:form/:year/sign-off";

const REVOKE_SHAPE = {
  zh: '撤销确认的请求体应为 {} 或 {"reason": "原因"}。',
  en: 'The body must be {} or {"reason": "…"}.',
};

/** After unitScope: only a supervisor of the node itself signs off or takes it back. */
const signer: MiddlewareHandler<AppEnv> = async (c, next) => {
  authorizeSignOff(c.var.principal, c.var.unit);
  await next();
};

export const signOffs = new Hono<AppEnv>()
  .get(PATH, unitScope("rollup"), formYear("subtree"), async (c) =>
    json(await readSignOff(c.env.DB, c.var.unit, c.var.form, c.var.year)),
  )
  .post(PATH, unitScope("rollup"), signer, formYear("subtree"), async (c) => {
    const out = await signOff(c.env.DB, {
      principal: c.var.principal,
      unit: c.var.unit,
      form: c.var.form,
      year: c.var.year,
      now: nowIso(),
      requestId: c.var.requestId,
    });
    return json(out.body, out.status);
  })
  .post(
    `${PATH}/withdraw`,
    unitScope("rollup"),
    signer,
    formYear("subtree"),
    readBody("application/json"),
    jsonBody(SignOffRevokeBodySchema, REVOKE_SHAPE),
    async (c) =>
      json(
        await revokeSignOff(c.env.DB, {
          principal: c.var.principal,
          unit: c.var.unit,
          form: c.var.form,
          year: c.var.year,
          body: c.req.valid("json"),
          now: nowIso(),
          requestId: c.var.requestId,
        }),
      ),
  );
