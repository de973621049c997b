import type { Role } from "../../shared/api/schemas";
import { base64url, constantTimeEqual, fromHex, randomBytes, sha256, toHex } from "./crypto";
import type { Principal, UnitRow } from "./env";
import { problems } from "./problem";
import { unitByCodeStatement } from "./units";

const TOKEN = /^([a-z0-9]{20})\.([A-Za-z0-9_-]{43})$/;
/** Compared against when the credential id is unknown, so both paths take the same time. */
const DUMMY_HASH = new Uint8Array(32);

export interface NewCredential {
  id: string;
  token: string;
  secretHash: string;
}

/** A fresh credential: a 20-character id and a 256-bit secret; only the secret's hash is kept. */
export async function newCredential(): Promise<NewCredential> {
  const alphabet = "abcdefghijklmnopqrstuvwxyz0123456789";
  const idBytes = randomBytes(20);
  let id = "";
  for (const b of idBytes) id += alphabet[b % alphabet.length];
  const secret = base64url(randomBytes(32));
  return { id, token: `${id}.${secret}`, secretHash: toHex(await sha256(secret)) };
}

interface CredentialRow extends UnitRow {
  credential: string;
  role: Role;
  secret_hash: string;
  revoked_at: string | null;
  unit_id: number;
}

export interface Authenticated {
  principal: Principal;
  /** The unit named by `prefetch`, read in the same round trip (null: no such unit). */
  unit?: UnitRow | null;
}

/**
 * The principal of an `Authorization` header, or a 401 problem (the same for every failure).
 * `prefetch`: a unit code the request names, read in the same D1 round trip as the credential.
 */
export async function authenticate(
  db: D1Database,
  header: string | undefined,
  prefetch?: string,
): Promise<Authenticated> {
  if (!header) throw problems.unauthenticated();
  const match = /^Bearer\s+(\S+)$/i.exec(header.trim());
  const parts = match ? TOKEN.exec(match[1]!) : null;
  if (!parts) throw problems.unauthenticated("The bearer token is malformed or unknown.");
  const [, id, secret] = parts as unknown as [string, string, string];
  const statements = [
    db
      .prepare(
        `SELECT c.id AS credential, c.role, c.secret_hash, r.revoked_at,
                u.id AS unit_id, u.code, u.name, u.parent_id, u.depth, u.path
           FROM credentials c
           JOIN units u ON u.id = c.unit_id
           LEFT JOIN credential_revocations r ON r.credential_id = c.id
          WHERE c.id = ?1`,
      )
      .bind(id),
  ];
  if (prefetch !== undefined) statements.push(unitByCodeStatement(db, prefetch));
  const [cred, target] = await db.batch(statements);
  const row = (cred!.results[0] as CredentialRow | undefined) ?? null;
  const presented = await sha256(secret);
  const stored = row ? fromHex(row.secret_hash) : DUMMY_HASH;
  const same = constantTimeEqual(presented, stored);
  if (!row || !same || row.revoked_at !== null) {
    throw problems.unauthenticated("The bearer token is malformed, unknown or revoked.");
  }
  const principal: Principal = {
    credential: row.credential,
    role: row.role,
    unit: {
      id: row.unit_id,
      code: row.code,
      name: row.name,
      parent_id: row.parent_id,
      depth: row.depth,
      path: row.path,
    },
  };
  if (!target) return { principal };
  return { principal, unit: (target.results[0] as UnitRow | undefined) ?? null };
}
