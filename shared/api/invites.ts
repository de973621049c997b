/**
 * Invite codes (issue 13): an admin issues a single-use code for a unit and role; whoever holds
 * it redeems it once, without a token, for a credential. zod/mini like the rest of the new API.
 */
import * as z from "zod/mini";
import { UnitCodeSchema } from "../forms/schema";
import { RoleSchema } from "./common";

/**
 * The code's alphabet: upper-case letters and digits without look-alikes (no 0/O, 1/I/L).
 * A code is shown and typed in groups; spaces, hyphens and lower case are forgiven on redeem.
 */
export const INVITE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789";
export const INVITE_LENGTH = 10;
/** Days an invite stays valid. */
export const INVITE_DAYS = 14;

/** The canonical form of a typed code (upper case, no spaces or hyphens), or null if malformed. */
export function normalizeInviteCode(input: string): string | null {
  const code = input.replace(/[\s-]/g, "").toUpperCase();
  if (code.length !== INVITE_LENGTH) return null;
  for (const ch of code) if (!INVITE_ALPHABET.includes(ch)) return null;
  return code;
}

/** Does the text look like an invite code (as opposed to a bearer token)? */
export function looksLikeInviteCode(input: string): boolean {
  return normalizeInviteCode(input) !== null;
}

export const InviteCreateBodySchema = z.strictObject({ unit: UnitCodeSchema, role: RoleSchema });
export type InviteCreateBody = z.infer<typeof InviteCreateBodySchema>;

export const InviteCreatedSchema = z.object({
  /** Shown once; only its hash is stored. */
  code: z.string(),
  unit: z.object({ code: z.string(), name: z.string() }),
  role: RoleSchema,
  expiresAt: z.string(),
});
export type InviteCreated = z.infer<typeof InviteCreatedSchema>;

export const InviteRedeemBodySchema = z.strictObject({ code: z.string().check(z.maxLength(64)) });
export type InviteRedeemBody = z.infer<typeof InviteRedeemBodySchema>;

export const InviteRedeemedSchema = z.object({
  /** `<id>.<secret>`: the new credential's bearer token, shown once. */
  token: z.string(),
  unit: z.object({ code: z.string(), name: z.string() }),
  role: RoleSchema,
});
export type InviteRedeemed = z.infer<typeof InviteRedeemedSchema>;
