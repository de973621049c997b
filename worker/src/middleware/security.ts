import type { MiddlewareHandler } from "hono";
import { cors } from "hono/cors";
import { secureHeaders } from "hono/secure-headers";
import type { AppEnv } from "../env";

/** Origins of Office on the web that frame the add-in's task pane. */
const OFFICE_FRAME_ANCESTORS = [
  "'self'",
  "https://*.office.com",
  "https://*.office365.com",
  "https://*.officeapps.live.com",
  "https://*.sharepoint.com",
  "https://*.microsoft365.com",
  "https://*.cloud.microsoft",
  "https://*.live.com",
];

/** Security headers on every response (the API's and the add-in's pages). */
export function securityHeaders(): MiddlewareHandler<AppEnv> {
  return secureHeaders({
    // Excel on the web frames the task pane: allow Office's origins, not everyone.
    xFrameOptions: false,
    contentSecurityPolicy: { frameAncestors: OFFICE_FRAME_ANCESTORS },
    // Office dialogs talk to their opener; the add-in's pages load Office.js from Microsoft.
    crossOriginOpenerPolicy: false,
    crossOriginResourcePolicy: "cross-origin",
  });
}

/** CORS for the one configured add-in origin (`ADDIN_ORIGIN`). */
export function apiCors(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const allowed = c.env.ADDIN_ORIGIN;
    return cors({
      origin: (origin) => (allowed && origin === allowed ? origin : null),
      allowMethods: ["GET", "PUT", "POST", "DELETE", "OPTIONS"],
      allowHeaders: ["Authorization", "Content-Type", "Idempotency-Key", "If-Match"],
      exposeHeaders: [
        "ETag",
        "X-Request-Id",
        "Idempotent-Replayed",
        "Retry-After",
        "Content-Disposition",
      ],
      maxAge: 600,
    })(c, next);
  };
}
