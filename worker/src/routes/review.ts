import { Hono } from "hono";
import { ReviewBodySchema } from "../../../shared/api/schemas";
import type { AuthedEnv } from "../app-env";
import { transitionInput, writeResponse } from "../http/respond";
import { idempotencyKey, jsonBody, readBody } from "../middleware/body";
import { formYear } from "../middleware/form-year";
import { reviewScope } from "../middleware/unit-scope";
import { reviewReport } from "../services/review";

const REVIEW_SHAPE = {
  zh: '审核请求体应为 {"action": "return" | "accept" | "reopen", …}(见 docs/WORKFLOW.md)。',
  en: 'The review body must be {"action": "return" | "accept" | "reopen", …} (see docs/WORKFLOW.md).',
};

/** POST …/review: a supervisor of a strict ancestor returns, accepts or reopens the report. */
export const review = new Hono<AuthedEnv>().post(
  "/units/:code/reports/:form/:year/review",
  reviewScope(),
  formYear(),
  idempotencyKey(false),
  readBody("application/json"),
  jsonBody(ReviewBodySchema, REVIEW_SHAPE),
  async (c) =>
    writeResponse(await reviewReport(c.env.DB, await transitionInput(c, c.req.valid("json")))),
);
