import { Hono } from "hono";
import type { AppEnv } from "../app-env";
import { frontApp } from "./front";
import { healthApp } from "./health";
import { manifestApp } from "./manifest";

/**
 * The public, unauthenticated pages of a server: `GET /` (front page), `GET /site.css`,
 * `GET /manifest.xml` (the add-in manifest for this origin) and `GET /api/v1/health`.
 * Mount with `app.route("/", siteApp)` before the authenticated API and the static assets.
 */
export const siteApp = new Hono<AppEnv>();
siteApp.route("/", healthApp);
siteApp.route("/", manifestApp);
siteApp.route("/", frontApp);
