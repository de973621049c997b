/** Invite codes: issue one (the code is in the answer only) and redeem one for a credential. */
import {
  INVITE_ALPHABET,
  INVITE_LENGTH,
  type InviteCreated,
  type InviteRedeemed,
} from "../../../shared/api/invites";
import type { Role } from "../../../shared/api/common";
import { newCredential, randomCode, sha256Hex } from "../crypto";
import type { UnitRow } from "../env";
import type { Actor } from "../db/credentials";
import { insertInvite, redeemInvite } from "../db/invites";
import { inviteExpiry, inviteNotRedeemable, redeemableCode } from "../domain/invites";
import { decided, problemOf } from "../http/problem";

export async function createInvite(
  db: D1Database,
  unit: UnitRow,
  role: Role,
  by: Actor,
  holder?: { name?: string; phone?: string },
): Promise<InviteCreated> {
  const code = randomCode(INVITE_ALPHABET, INVITE_LENGTH);
  const expiresAt = inviteExpiry(by.at);
  await insertInvite(db, { codeHash: await sha256Hex(code), unit, role, expiresAt, holder }, by);
  return { code, unit: { code: unit.code, name: unit.name }, role, expiresAt };
}

/** Redeem a code once; a used, expired, unknown or malformed code is the same 404. */
export async function redeem(
  db: D1Database,
  input: string,
  at: { requestId: string; at: string; credentialExpiresAt: string | null },
): Promise<InviteRedeemed> {
  const code = decided(redeemableCode(input));
  const cred = await newCredential();
  const granted = await redeemInvite(db, {
    codeHash: await sha256Hex(code),
    credentialId: cred.id,
    secretHash: cred.secretHash,
    ...at,
  });
  if (!granted) throw problemOf(inviteNotRedeemable());
  return {
    token: cred.token,
    unit: { code: granted.code, name: granted.name },
    role: granted.role,
  };
}
