import type { MiddlewareHandler } from "hono";
import type { EnvWith, UnitRow } from "../env";
import type { AuthVariables } from "./auth";
import { authorizeReview, authorizeUnit, type Access } from "../domain/access";
import { unitByCode } from "../db/units";
import { decided } from "../http/problem";

/** What unitScope / reviewScope set: the path's unit once the caller's access to it is checked. */
export type UnitVariables = { unit: UnitRow };

type UnitScopeEnv = EnvWith<AuthVariables & UnitVariables>;

/** The path's unit (`:code`), read with the credential when the auth middleware could. */
async function namedUnit(c: Parameters<MiddlewareHandler<UnitScopeEnv>>[0], code: string) {
  const pre = c.get("pathUnit");
  return pre && pre.code === code ? pre.unit : unitByCode(c.env.DB, code);
}

/** The caller may act on the path's unit this way: sets `unit`, or answers 403/404. */
export function unitScope(access: Access): MiddlewareHandler<UnitScopeEnv> {
  return async (c, next) => {
    const code = c.req.param("code") ?? "";
    const unit = authorizeUnit(c.get("principal"), code, await namedUnit(c, code), access);
    c.set("unit", decided(unit));
    await next();
  };
}

/** The caller is a supervisor of a strict ancestor of the path's unit: sets `unit`, or 403. */
export function reviewScope(): MiddlewareHandler<UnitScopeEnv> {
  return async (c, next) => {
    const code = c.req.param("code") ?? "";
    c.set("unit", decided(authorizeReview(c.get("principal"), await namedUnit(c, code))));
    await next();
  };
}
