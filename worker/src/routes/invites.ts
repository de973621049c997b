/**
 * Invite codes: an admin issues one for a unit of its subtree (`/admin/invites`); whoever holds
 * it redeems it without a token (`/invites/redeem`, mounted before authentication and limited per
 * client address by its own, stricter limiter so codes cannot be guessed at volume).
 */
import { Hono } from "hono";
import { InviteCreateBodySchema, InviteRedeemBodySchema } from "../../../shared/api/invites";
import type { AppEnv, AuthedEnv } from "../app-env";
import { decided } from "../http/problem";
import { actor, json, nowIso } from "../http/respond";
import { authorizeAdministered } from "../domain/access";
import { unitByCode } from "../db/units";
import { adminOnly } from "../middleware/admin";
import { jsonBody, readBody } from "../middleware/body";
import { rateLimit } from "../middleware/rate-limit";
import { credentialExpiry } from "../services/credentials";
import { createInvite, redeem } from "../services/invites";

const NO_STORE = { "Cache-Control": "no-store" };

/** POST /invites/redeem: public, so mounted before bearer authentication. */
export const invitesPublic = new Hono<AppEnv>().post(
  "/invites/redeem",
  rateLimit({
    binding: (env) => env.INVITE_RATE_LIMITER,
    key: (c) => c.req.header("CF-Connecting-IP") ?? null,
    what: { zh: "该地址兑换邀请码", en: "redeeming invite codes from this address" },
  }),
  readBody("application/json"),
  jsonBody(InviteRedeemBodySchema, {
    zh: '请求体应为 {"code": 邀请码}。',
    en: 'The body must be {"code": invite code}.',
  }),
  async (c) => {
    const { code } = c.req.valid("json");
    const at = nowIso();
    const credentialExpiresAt = credentialExpiry(c.env, at);
    const body = await redeem(c.env.DB, code, {
      requestId: c.var.requestId,
      at,
      credentialExpiresAt,
    });
    return json(body, 201, NO_STORE);
  },
);

/** POST /admin/invites: an admin, for a unit it administers. */
export const invites = new Hono<AuthedEnv>().post(
  "/admin/invites",
  adminOnly(),
  readBody("application/json"),
  jsonBody(InviteCreateBodySchema, {
    zh: '请求体应为 {"unit": 单位代码, "role": "clerk" | "supervisor" | "admin"}。',
    en: 'The body must be {"unit": code, "role": "clerk" | "supervisor" | "admin"}.',
  }),
  async (c) => {
    const { unit: code, role, holder } = c.req.valid("json");
    const named = await unitByCode(c.env.DB, code);
    const unit = decided(authorizeAdministered(c.var.principal, code, named));
    return json(await createInvite(c.env.DB, unit, role, actor(c), holder), 201, NO_STORE);
  },
);
