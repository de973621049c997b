/** Credentials: the authentication read, creation and revocation (a revocation is a new row). */
import type { CredentialInfo } from "../../../shared/api/admin-ui";
import type { Role } from "../../../shared/api/schemas";
import type { UnitRow } from "../env";
import { auditStatement, insertAudited, type Actor, type AuditOf } from "./audit";

export type { Actor } from "./audit";

/** A credential with its unit and revocation, as authentication reads it. */
export interface CredentialRow extends UnitRow {
  credential: string;
  role: Role;
  secret_hash: string;
  revoked_at: string | null;
  unit_id: number;
  /** The unit's 停用 (0) refuses its credentials. */
  active: number;
  expires_at: string | null;
}

export function credentialStatement(db: D1Database, id: string): D1PreparedStatement {
  return db
    .prepare(
      `SELECT c.id AS credential, c.role, c.secret_hash, r.revoked_at, c.expires_at,
              u.id AS unit_id, u.code, u.name, u.parent_id, u.depth, u.path, u.active
         FROM credentials c
         JOIN units u ON u.id = c.unit_id
         LEFT JOIN credential_revocations r ON r.credential_id = c.id
        WHERE c.id = ?1`,
    )
    .bind(id);
}

/** Who holds a credential and until when it works (issue 21). */
export interface Holding {
  holder?: { name?: string; phone?: string };
  expiresAt?: string | null;
}

/**
 * The columns of a new credential, in one order for every path that makes one: issued by an admin
 * (below), redeemed from an invite (db/invites.ts) and admin:bootstrap's SQL file
 * (scripts/deploy/bootstrap-sql.ts); each follows it with its VALUES or SELECT.
 */
export const INSERT_CREDENTIAL = `INSERT INTO credentials (id, unit_id, role, secret_hash, created_at, created_by,
                         holder_name, holder_phone, expires_at)`;

/** The audit line of a credential issued for a unit (by an admin or by admin:bootstrap). */
export function credentialCreated(id: string, unitCode: string, role: Role): AuditOf {
  return { action: "credential.create", target: id, detail: { unit: unitCode, role } };
}

/** Store a new credential (its secret's hash) with its audit line. */
export async function insertCredential(
  db: D1Database,
  c: { id: string; unit: UnitRow; role: Role; secretHash: string } & Holding,
  by: Actor,
): Promise<void> {
  await insertAudited(
    db,
    db
      .prepare(`${INSERT_CREDENTIAL} VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)`)
      .bind(
        c.id,
        c.unit.id,
        c.role,
        c.secretHash,
        by.at,
        by.credential,
        c.holder?.name || null,
        c.holder?.phone || null,
        c.expiresAt ?? null,
      ),
    by,
    credentialCreated(c.id, c.unit.code, c.role),
  );
}

/** Revoke a credential (again: no change) and read when it was revoked. */
export async function revokeCredential(
  db: D1Database,
  id: string,
  by: Actor,
): Promise<{ id: string; revokedAt: string }> {
  const [, , read] = await db.batch([
    db
      .prepare(
        `INSERT OR IGNORE INTO credential_revocations (credential_id, revoked_at, revoked_by)
         VALUES (?1, ?2, ?3)`,
      )
      .bind(id, by.at, by.credential),
    auditStatement(
      db,
      {
        at: by.at,
        requestId: by.requestId,
        credential: by.credential,
        action: "credential.revoke",
        target: id,
        detail: {},
      },
      { onlyIfChanged: true },
    ),
    db
      .prepare(
        `SELECT credential_id AS id, revoked_at AS revokedAt FROM credential_revocations
          WHERE credential_id = ?1`,
      )
      .bind(id),
  ]);
  return read!.results[0] as { id: string; revokedAt: string };
}

/** The credentials of a subtree (null: all), newest first, without secrets. */
export async function listCredentials(
  db: D1Database,
  path: string | null,
): Promise<CredentialInfo[]> {
  const [lo, hi] = path === null ? ["", "\u{10FFFF}"] : [path, path.slice(0, -1) + "0"];
  const { results } = await db
    .prepare(
      `SELECT c.id, c.role, u.code, u.name, c.created_at AS createdAt, r.revoked_at AS revokedAt,
              c.holder_name AS holderName, c.holder_phone AS holderPhone, c.expires_at AS expiresAt,
              (SELECT max(e.at) FROM report_events e WHERE e.credential_id = c.id) AS lastUsedAt
         FROM credentials c JOIN units u ON u.id = c.unit_id
         LEFT JOIN credential_revocations r ON r.credential_id = c.id
        WHERE u.path >= ?1 AND u.path < ?2
        ORDER BY c.created_at DESC, c.id`,
    )
    .bind(lo, hi)
    .all<{
      id: string;
      role: Role;
      code: string;
      name: string;
      createdAt: string;
      revokedAt: string | null;
      lastUsedAt: string | null;
      holderName: string | null;
      holderPhone: string | null;
      expiresAt: string | null;
    }>();
  return results.map(({ code, name, ...r }) => ({ ...r, unit: { code, name } }));
}
