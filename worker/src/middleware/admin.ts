import type { MiddlewareHandler } from "hono";
import type { AppEnv } from "../env";
import { requireAdmin } from "../domain/access";

/** Admin endpoints: the caller's role is admin (what it may administer is checked per unit). */
export function adminOnly(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    requireAdmin(c.get("principal"));
    await next();
  };
}
