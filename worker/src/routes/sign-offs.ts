/**
 * 汇总确认: GET / POST /units/:code/rollups/:form/:year/sign-off, and 撤销确认 (POST
 * …/sign-off/withdraw) (docs/WORKFLOW.md, "Following up").
 */
import { Hono, type Context, type MiddlewareHandler } from "hono";
import { every } from "hono/combine";
import { SignOffRevokeBodySchema } from "../../../shared/api/schemas";
import type { AppEnv } from "../env";
import { json, nowIso } from "../http/respond";
import { jsonBody, readBody } from "../middleware/body";
import { formYear } from "../middleware/form-year";
import { unitScope } from "../middleware/unit-scope";
import {
  authorizeSignOff,
  readSignOff,
  revokeSignOff,
  signOff,
  type NodeRequest,
} from "../services/sign-off";

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

/** The path's node, as a rollup's scope, then its form and year; for a write, its signer first. */
const node = (write: boolean) =>
  write
    ? every(unitScope("rollup"), signer, formYear("subtree"))
    : every(unitScope("rollup"), formYear("subtree"));

const request = (c: Context<AppEnv>): NodeRequest => ({
  principal: c.var.principal,
  unit: c.var.unit,
  form: c.var.form,
  year: c.var.year,
  now: nowIso(),
  requestId: c.var.requestId,
});

export const signOffs = new Hono<AppEnv>()
  .get(PATH, node(false), async (c) => json(await readSignOff(c.env.DB, c.var)))
  .post(PATH, node(true), async (c) => {
    const out = await signOff(c.env.DB, request(c));
    return json(out.body, out.status);
  })
  .post(
    `${PATH}/withdraw`,
    node(true),
    readBody("application/json"),
    jsonBody(SignOffRevokeBodySchema, REVOKE_SHAPE),
    async (c) => json(await revokeSignOff(c.env.DB, { ...request(c), body: c.req.valid("json") })),
  );
