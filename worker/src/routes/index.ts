/**
 * The API (`/api/v1`): the per-address rate limit (before any D1 read, so a flood of bad tokens
 * costs nothing), the public OpenAPI document, authentication, the per-credential rate limit,
 * then each resource. API answers are never cached unless a route says otherwise.
 */
import { Hono } from "hono";
import type { AppEnv, AuthedEnv } from "../app-env";
import { bearerAuth } from "../middleware/auth";
import { rateLimit } from "../middleware/rate-limit";
import { noStore } from "../middleware/security";
import { admin } from "./admin";
import { adminSheets } from "./admin-sheets";
import { assessments } from "./assessments";
import { followUp } from "./follow-up";
import { forms } from "./forms";
import { invites, invitesPublic } from "./invites";
import { me } from "./me";
import { openapi } from "./openapi";
import { periods } from "./periods";
import { reportDocument } from "./report-document";
import { reminders } from "./reminders";
import { reportFiles } from "./report-files";
import { reports } from "./reports";
import { review } from "./review";
import { rollups } from "./rollups";
import { signOffs } from "./sign-offs";

export const api = new Hono<AppEnv>()
  .use("*", noStore())
  .use(
    "*",
    rateLimit({
      binding: (env) => env.IP_RATE_LIMITER,
      // Cloudflare sets it on every request (wrangler dev: the loopback address); without it
      // (the vitest pool) a request is not counted.
      key: (c) => c.req.header("CF-Connecting-IP") ?? null,
      what: { zh: "该地址", en: "from this address" },
    }),
  )
  // The API's description is public; everything after it needs a credential.
  .route("/", openapi)
  // Redeeming an invite code is how a newcomer gets a token: no token needed.
  .route("/", invitesPublic)
  .use("*", bearerAuth())
  .use(
    "*",
    rateLimit<AuthedEnv>({
      binding: (env) => env.RATE_LIMITER,
      key: (c) => c.var.principal.credential,
      what: { zh: "该凭据", en: "with this credential" },
    }),
  )
  .route("/", me)
  .route("/", forms)
  .route("/", reportFiles)
  .route("/", followUp)
  .route("/", reportDocument)
  .route("/", reports)
  .route("/", review)
  .route("/", periods)
  .route("/", signOffs)
  .route("/", rollups)
  .route("/", reminders)
  .route("/", assessments)
  .route("/", admin)
  .route("/", invites)
  .route("/", adminSheets);
