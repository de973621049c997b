import type { MiddlewareHandler } from "hono";
import { UnitCodeSchema } from "../../../shared/api/schemas";
import type { EnvWith, Principal, UnitRow } from "../env";
import type { RequestIdVariables } from "./request-id";
import { HttpProblem } from "../http/problem";
import { nowIso } from "../http/respond";
import { failureGuard, recordFailure } from "../services/auth-failures";
import { authenticate } from "../services/credentials";

/** What bearerAuth sets: the caller, and the unit the path names when it read it. */
export type AuthVariables = {
  principal: Principal;
  /** The unit named in the path (`/units/:code/…`), read with the credential. */
  pathUnit?: { code: string; unit: UnitRow | null };
};

/** The unit code a path names (`/api/v1/units/:code/…`), if it is a well-formed code. */
function pathUnitCode(path: string): string | undefined {
  const named = /^\/api\/v1\/units\/([^/]+)\//.exec(path)?.[1];
  if (named === undefined) return undefined;
  try {
    const code = decodeURIComponent(named);
    return UnitCodeSchema.safeParse(code).success ? code : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Bearer authentication: sets `principal`, or answers 401. The unit a path names is read in the
 * same D1 round trip as the credential (`pathUnit`, for middleware/unit-scope.ts).
 */
export function bearerAuth(): MiddlewareHandler<EnvWith<RequestIdVariables & AuthVariables>> {
  return async (c, next) => {
    const code = pathUnitCode(c.req.path);
    const now = nowIso();
    const guard = failureGuard(c.env, c.req.header("CF-Connecting-IP") ?? null, now);
    let authenticated;
    try {
      authenticated = await authenticate(c.env.DB, c.req.header("Authorization"), code, guard);
    } catch (e) {
      if (guard && e instanceof HttpProblem && e.status === 401) {
        await recordFailure(c.env.DB, guard, c.var.requestId, now);
      }
      throw e;
    }
    const { principal, unit } = authenticated;
    c.set("principal", principal);
    if (code !== undefined && unit !== undefined) c.set("pathUnit", { code, unit });
    await next();
  };
}
