/**
 * The app-wide Env: what the whole middleware stack may have set, for the top-level app and the
 * routers mounted on it. Imported by app.ts, routes/ and site/ only: a middleware imports the
 * Variables types of the middleware it depends on, never this intersection (that made the import
 * cycle env ↔ middleware).
 */
import type { EnvWith } from "./env";
import type { AuthVariables } from "./middleware/auth";
import type { RequestIdVariables } from "./middleware/request-id";

/** Every request: its id; the caller once bearerAuth ran (absent on the public pages). */
export type AppVariables = RequestIdVariables & Partial<AuthVariables>;
export type AppEnv = EnvWith<AppVariables>;

/** Routers behind bearerAuth: the caller is known; `unit`, `form`… come from each route's chain. */
export type AuthedEnv = EnvWith<RequestIdVariables & AuthVariables>;
