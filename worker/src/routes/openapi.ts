import { Hono } from "hono";
import { openApiDocument } from "../../../shared/api/openapi";
import { API_BASE } from "../../../shared/api/schemas";
import type { AppEnv } from "../app-env";

let cached: string | null = null;

/** GET /openapi.json: the API's OpenAPI 3.1 document (public: no token needed). */
export const openapi = new Hono<AppEnv>().get("/openapi.json", () => {
  cached ??= JSON.stringify(openApiDocument(API_BASE));
  return new Response(cached, {
    headers: {
      "Content-Type": "application/json; charset=utf-8",
      "Cache-Control": "public, max-age=300",
    },
  });
});
