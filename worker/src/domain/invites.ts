/**
 * Invite codes: when one expires and what a redeem answers. Pure. A used, expired and unknown
 * code get the same 404, so a guesser learns nothing about which codes exist.
 */
import { INVITE_DAYS, normalizeInviteCode } from "../../../shared/api/invites";
import { refusal, type Refusal } from "./refusal";

const DAY_MS = 24 * 60 * 60 * 1000;

export function inviteExpiry(nowIso: string): string {
  return new Date(Date.parse(nowIso) + INVITE_DAYS * DAY_MS).toISOString();
}

/** The one answer for a code that cannot be redeemed, whatever the reason. */
export function inviteNotRedeemable(): Refusal {
  return refusal(
    "not-found",
    "邀请码无效、已使用或已过期。请向管理员索取新的邀请码。",
    "The invite code is unknown, used or expired. Ask your administrator for a new one.",
  );
}

/** The canonical code of a redeem request; a malformed code is answered like an unknown one. */
export function redeemableCode(input: string): string | Refusal {
  return normalizeInviteCode(input) ?? inviteNotRedeemable();
}
