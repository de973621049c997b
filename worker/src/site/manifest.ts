import { Hono } from "hono";
import { checkAddinOrigin, manifestForOrigin } from "../../../shared/manifest/for-origin";
import template from "../../../manifest.xml";
import type { AppEnv } from "../app-env";

/**
 * The origin the server is reached at, as the add-in must name it. Cloudflare serves every
 * Worker over HTTPS, so a plain-http request to a public host names its https twin; http stays
 * for loopback (wrangler dev).
 */
export function serverOrigin(requestUrl: string): string {
  const url = new URL(requestUrl);
  const checked = checkAddinOrigin(url.origin);
  return checked.ok ? checked.origin : `https://${url.host}`;
}

/** One generation per origin and isolate: the template is fixed at build time. */
const cache = new Map<string, string>();

export function manifestFor(origin: string): string {
  let xml = cache.get(origin);
  if (xml === undefined) {
    xml = manifestForOrigin(template, origin);
    if (cache.size > 16) cache.clear();
    cache.set(origin, xml);
  }
  return xml;
}

/** `GET /manifest.xml`: the add-in manifest for the origin this request reached. */
export const manifestApp = new Hono<AppEnv>();

manifestApp.get("/manifest.xml", (c) => {
  return new Response(manifestFor(serverOrigin(c.req.url)), {
    headers: {
      "Content-Type": "application/xml; charset=utf-8",
      "Content-Disposition": 'attachment; filename="manifest.xml"',
      "Cache-Control": "no-cache",
    },
  });
});
