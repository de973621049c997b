import type { MiddlewareHandler } from "hono";
import type { EnvWith } from "../env";
import type { AuthVariables } from "./auth";
import { requireAdmin } from "../domain/access";
import { decided } from "../http/problem";

/** Admin endpoints: the caller's role is admin (what it may administer is checked per unit). */
export function adminOnly(): MiddlewareHandler<EnvWith<AuthVariables>> {
  return async (c, next) => {
    decided(requireAdmin(c.get("principal")));
    await next();
  };
}
