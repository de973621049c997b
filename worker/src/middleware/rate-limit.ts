import type { Context, MiddlewareHandler } from "hono";
import type { Env, EnvWith } from "../env";
import { HttpProblem } from "../http/problem";

export interface RateLimitOptions<E extends EnvWith> {
  /** The rate-limiting binding (absent: no limit). */
  binding: (env: Env) => RateLimit | undefined;
  /** Whom the request counts against (null: not limited). */
  key: (c: Context<E>) => string | null;
  /** What is limited, for the problem's detail. */
  what: { zh: string; en: string };
}

/** 429 `rate-limited` (with Retry-After) once a key exceeds its binding's limit. */
export function rateLimit<E extends EnvWith>(opts: RateLimitOptions<E>): MiddlewareHandler<E> {
  return async (c, next) => {
    const binding = opts.binding(c.env);
    const key = binding ? opts.key(c) : null;
    if (binding && key !== null) {
      const { success } = await binding.limit({ key });
      if (!success) {
        throw new HttpProblem(
          "rate-limited",
          `${opts.what.zh}的请求过于频繁,请稍后再试。`,
          `Too many requests ${opts.what.en}; try again shortly.`,
          {},
          { "Retry-After": "60" },
        );
      }
    }
    await next();
  };
}
