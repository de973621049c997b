/** Invite codes: issuing (hash only) and the single-use redeem batch. */
import type { Role } from "../../../shared/api/common";
import type { UnitRow } from "../env";
import { auditStatement, insertAudited, type Actor } from "./audit";
import { INSERT_CREDENTIAL } from "./credentials";

export interface NewInvite {
  codeHash: string;
  unit: UnitRow;
  role: Role;
  expiresAt: string;
  holder?: { name?: string; phone?: string };
}

/** Store an invite (its code's hash) with its audit line, in one batch. */
export async function insertInvite(db: D1Database, invite: NewInvite, by: Actor): Promise<void> {
  await insertAudited(
    db,
    db
      .prepare(
        `INSERT INTO invites (code_hash, unit_id, role, created_at, created_by, expires_at,
                              holder_name, holder_phone)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)`,
      )
      .bind(
        invite.codeHash,
        invite.unit.id,
        invite.role,
        by.at,
        by.credential,
        invite.expiresAt,
        invite.holder?.name || null,
        invite.holder?.phone || null,
      ),
    by,
    {
      action: "invite.create",
      target: invite.codeHash.slice(0, 16),
      detail: { unit: invite.unit.code, role: invite.role, expiresAt: invite.expiresAt },
    },
  );
}

export interface Redemption {
  codeHash: string;
  credentialId: string;
  secretHash: string;
  at: string;
  requestId: string;
  /** When the new credential expires (null: never). */
  credentialExpiresAt?: string | null;
}

/**
 * Redeem in one batch (one transaction, so concurrent redeems are serialized): insert the
 * credential only if the invite is unused and unexpired, then claim the invite under the same
 * condition (it names the credential), audit, and read what was granted. Returns null when nothing was claimed (used, expired, unknown, or a
 * concurrent redeem won).
 */
export async function redeemInvite(
  db: D1Database,
  r: Redemption,
): Promise<{ code: string; name: string; role: Role } | null> {
  const [, claim, , read] = await db.batch([
    db
      .prepare(
        `${INSERT_CREDENTIAL}
         SELECT ?2, unit_id, role, ?3, ?4, created_by, holder_name, holder_phone, ?5 FROM invites
          WHERE code_hash = ?1 AND used_at IS NULL AND expires_at > ?4
            AND unit_id IN (SELECT id FROM units WHERE active = 1)`,
      )
      .bind(r.codeHash, r.credentialId, r.secretHash, r.at, r.credentialExpiresAt ?? null),
    db
      .prepare(
        `UPDATE invites SET used_at = ?2, credential_id = ?3
          WHERE code_hash = ?1 AND used_at IS NULL AND expires_at > ?2
            AND unit_id IN (SELECT id FROM units WHERE active = 1)`,
      )
      .bind(r.codeHash, r.at, r.credentialId),
    auditStatement(
      db,
      {
        at: r.at,
        requestId: r.requestId,
        credential: r.credentialId,
        action: "invite.redeem",
        target: r.codeHash.slice(0, 16),
        detail: {},
      },
      { onlyIfChanged: true },
    ),
    db
      .prepare(
        `SELECT u.code, u.name, i.role FROM invites i JOIN units u ON u.id = i.unit_id
          WHERE i.code_hash = ?1 AND i.credential_id = ?2`,
      )
      .bind(r.codeHash, r.credentialId),
  ]);
  if (!claim || claim.meta.changes !== 1) return null;
  return (read?.results[0] as { code: string; name: string; role: Role } | undefined) ?? null;
}
