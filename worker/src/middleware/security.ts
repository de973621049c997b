import type { MiddlewareHandler } from "hono";
import { cors } from "hono/cors";
import { secureHeaders } from "hono/secure-headers";
import type { EnvWith } from "../env";
import { officeJsSource } from "../site/office-js";

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

/** The configured API origin (`API_ORIGIN`), if it is one: nothing else gets into the policy. */
function apiOrigin(configured: string | undefined): string[] {
  if (!configured) return [];
  try {
    const { origin } = new URL(configured);
    return origin.startsWith("https://") ? [origin] : [];
  } catch {
    return [];
  }
}

function officeJsOrigin(configured: string | undefined): string[] {
  const { origin } = officeJsSource(configured);
  return origin ? [origin] : [];
}

/**
 * Security headers on every response (the API's and the add-in's pages). The CSP lets the pane
 * run only its own scripts and Office.js (from its configured source), talk only to its own origin (and `API_ORIGIN`), and be
 * framed only by Office on the web.
 */
export function securityHeaders(): MiddlewareHandler<EnvWith> {
  return async (c, next) =>
    secureHeaders({
      // Excel on the web frames the task pane: allow Office's origins, not everyone.
      xFrameOptions: false,
      contentSecurityPolicy: {
        defaultSrc: ["'self'"],
        // Office.js from where XXGK_OFFICE_JS says (nothing more when it is our own origin).
        scriptSrc: ["'self'", ...officeJsOrigin(c.env.XXGK_OFFICE_JS)],
        // Inline styles stay allowed: the test harness and the grid renderer set widths in style
        // attributes, and a style cannot run script or reach the network beyond default-src.
        styleSrc: ["'self'", "'unsafe-inline'"],
        connectSrc: ["'self'", ...apiOrigin(c.env.API_ORIGIN)],
        frameAncestors: OFFICE_FRAME_ANCESTORS,
      },
      // Office dialogs talk to their opener; the add-in's pages load Office.js from Microsoft.
      crossOriginOpenerPolicy: false,
      crossOriginResourcePolicy: "cross-origin",
    })(c, next);
}

/** `Cache-Control: no-store` on every answer that does not set its own (reports, rollups, …). */
export function noStore(): MiddlewareHandler<EnvWith> {
  return async (c, next) => {
    await next();
    if (!c.res.headers.has("Cache-Control")) c.res.headers.set("Cache-Control", "no-store");
  };
}

/** CORS for the one configured add-in origin (`ADDIN_ORIGIN`). */
export function apiCors(): MiddlewareHandler<EnvWith> {
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
