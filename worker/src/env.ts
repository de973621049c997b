import type { Role } from "../../shared/api/schemas";

export interface Env {
  DB: D1Database;
  /** Per-credential rate limit (Workers rate-limiting binding); absent = no limit. */
  RATE_LIMITER?: RateLimit;
  /** Per-client-address limit, checked before any credential lookup; absent = no limit. */
  IP_RATE_LIMITER?: RateLimit;
  /** Per-client-address limit on redeeming invite codes (strict: codes are guessable at volume). */
  INVITE_RATE_LIMITER?: RateLimit;
  /** The one origin CORS allows. */
  ADDIN_ORIGIN?: string;
  /** Another origin the pane's pages may call the API at (CSP connect-src), if any. */
  API_ORIGIN?: string;
  /**
   * Days a new credential works (per installation; default 365; "0": no expiry). Shown in 账号;
   * past it authentication answers 401 and the holder asks for a new invite code.
   */
  CREDENTIAL_DAYS?: string;
  /** Failed authentications one client address may make per minute before 429 (default 20). */
  AUTH_FAILURES_PER_MINUTE?: string;
  /** Largest subtree an xlsx rollup lists (default 10,000). */
  XLSX_MAX_UNITS?: string;
  /** "off" silences the per-request log line (tests). */
  LOG_REQUESTS?: string;
  /** Where the pane loads Office.js from: microsoft (default), 21vianet or self (site/office-js.ts). */
  XXGK_OFFICE_JS?: string;
  /** 催报's outbound robot webhook (钉钉 / 浙政钉 / 企业微信); absent = reminders are only recorded. */
  REMINDER_WEBHOOK_URL?: string;
  /** The robot's signing secret (钉钉 "加签"), if it has one. */
  REMINDER_WEBHOOK_SECRET?: string;
  /** `dingtalk` (default, also 浙政钉) or `wecom` (企业微信): the robot's JSON shape. */
  REMINDER_WEBHOOK_STYLE?: string;
  /** The add-in's static pages (dist/addin). */
  ASSETS?: Fetcher;
}

/** A unit row as the domain functions use it. */
export interface UnitRow {
  id: number;
  code: string;
  name: string;
  parent_id: number | null;
  depth: number;
  path: string;
}

/** The authenticated caller. */
export interface Principal {
  credential: string;
  role: Role;
  unit: UnitRow;
}

/**
 * The Env of a module that reads or sets only the variables `V`. Each middleware exports its own
 * Variables type (hono's `RequestIdVariables` pattern) and is typed against only what it reads and
 * sets; the app-wide intersection lives in app-env.ts, which no middleware imports.
 */
export type EnvWith<V extends object = object> = { Bindings: Env; Variables: V };
