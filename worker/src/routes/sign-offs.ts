/**
 * 汇总确认: GET / POST /units/:code/rollups/:form/:year/sign-off, and 撤销确认 (POST
 * …/sign-off/withdraw) (docs/WORKFLOW.md, "Following up").
 */
import { Hono, type Context, type MiddlewareHandler } from "hono";
import { every } from "hono/combine";
import { SignOffRevokeBodySchema } from "../../../shared/api/schemas";
import type { AuthedEnv } from "../app-env";
import type { EnvWith } from "../env";
import type { AuthVariables } from "../middleware/auth";
import type { FormYearVariables } from "../middleware/form-year";
import type { UnitVariables } from "../middleware/unit-scope";
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
const signer: MiddlewareHandler<EnvWith<AuthVariables & UnitVariables>> = async (c, next) => {
  authorizeSignOff(c.var.principal, c.var.unit);
  await next();
};

/** What the handlers read once `node` ran: the path's unit, form and year. */
type NodeEnv = EnvWith<AuthedEnv["Variables"] & UnitVariables & FormYearVariables>;

/**
 * The path's node, as a rollup's scope, then its form and year; for a write, its signer first.
 * (hono/combine's `every` forgets the steps' variables; `NodeEnv` names them.)
 */
const node = (write: boolean): MiddlewareHandler<NodeEnv> =>
  write
    ? every(unitScope("rollup"), signer, formYear("subtree"))
    : every(unitScope("rollup"), formYear("subtree"));

const request = (c: Context<NodeEnv>): NodeRequest => ({
  principal: c.var.principal,
  unit: c.var.unit,
  form: c.var.form,
  year: c.var.year,
  now: nowIso(),
  requestId: c.var.requestId,
});

export const signOffs = new Hono<AuthedEnv>()
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
