/**
 * Invite codes (issue 13): an admin issues a single-use code for a unit and role; whoever holds
 * it redeems it once, without a token, for a credential. zod/mini like the rest of the new API.
 */
import * as z from "zod/mini";
import { UnitCodeSchema } from "../forms/schema";
import { HolderSchema } from "./admin-schemas";
import { RoleSchema } from "./common";

export {
  INVITE_ALPHABET,
  INVITE_DAYS,
  INVITE_LENGTH,
  looksLikeInviteCode,
  normalizeInviteCode,
} from "./invite-code";

export const InviteCreateBodySchema = z.strictObject({
  unit: UnitCodeSchema,
  role: RoleSchema,
  /** The person the code is for: the credential it redeems for carries the name and phone. */
  holder: z.optional(HolderSchema),
});
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
