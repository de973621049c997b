/** The API (`/api/v1`): authentication and the per-credential rate limit, then each resource. */
import { Hono } from "hono";
import type { AppEnv } from "../env";
import { bearerAuth } from "../middleware/auth";
import { rateLimit } from "../middleware/rate-limit";
import { admin } from "./admin";
import { forms } from "./forms";
import { me } from "./me";
import { openapi } from "./openapi";
import { periods } from "./periods";
import { reports } from "./reports";
import { review } from "./review";
import { rollups } from "./rollups";

export const api = new Hono<AppEnv>()
  // The API's description is public; everything after it needs a credential.
  .route("/", openapi)
  .use("*", bearerAuth())
  .use(
    "*",
    rateLimit({
      binding: (env) => env.RATE_LIMITER,
      key: (c) => c.var.principal.credential,
      what: { zh: "该凭据", en: "with this credential" },
    }),
  )
  .route("/", me)
  .route("/", forms)
  .route("/", reports)
  .route("/", review)
  .route("/", periods)
  .route("/", rollups)
  .route("/", admin);
