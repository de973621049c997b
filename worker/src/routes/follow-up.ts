/**
 * A report's follow-up (docs/WORKFLOW.md, "Following up"): what changed between two revisions
 * (GET …/revisions/compare) and the clerk's withdrawal (POST …/withdraw).
 */
import { Hono } from "hono";
import { WithdrawBodySchema, type RevisionCompare } from "../../../shared/api/schemas";
import type { AuthedEnv } from "../app-env";
import { decided } from "../http/problem";
import { json, transitionInput, writeResponse } from "../http/respond";
import { revisionParam } from "../domain/compare";
import { idempotencyKey, jsonBody, readBody } from "../middleware/body";
import { formYear } from "../middleware/form-year";
import { unitScope } from "../middleware/unit-scope";
import { compareRevisions } from "../services/compare";
import { withdrawReport } from "../services/withdraw";

const REPORT = "/units/:code/reports/:form/:year";

const WITHDRAW_SHAPE = {
  zh: '撤回请求体应为 {"revision": 版本号, "reason": "原因"}。',
  en: 'The withdrawal body must be {"revision": number, "reason": "…"}.',
};

export const followUp = new Hono<AuthedEnv>()
  .get(`${REPORT}/revisions/compare`, unitScope("read"), formYear(), async (c) => {
    const { unit, form, year } = c.var;
    const from = decided(revisionParam("from", c.req.query("from")));
    const to = decided(revisionParam("to", c.req.query("to")));
    const body: RevisionCompare = await compareRevisions(c.env.DB, { unit, form, year, from, to });
    return json(body);
  })
  .post(
    `${REPORT}/withdraw`,
    unitScope("write"),
    formYear(),
    idempotencyKey(false),
    readBody("application/json"),
    jsonBody(WithdrawBodySchema, WITHDRAW_SHAPE),
    async (c) =>
      writeResponse(await withdrawReport(c.env.DB, await transitionInput(c, c.req.valid("json")))),
  );
