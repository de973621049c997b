/** Bearer credentials `<id>.<secret>`: minting, authentication, creation and revocation. */
import type { CredentialCreated, CredentialRevoked, Role } from "../../../shared/api/schemas";
import { constantTimeEqual, fromHex, newCredential, sha256 } from "../crypto";
import type { Principal, UnitRow } from "../env";
import { HttpProblem, problems } from "../http/problem";
import { firstOf } from "../db/batch";
import {
  credentialStatement,
  insertCredential,
  revokeCredential,
  type Actor,
  type CredentialRow,
  type Holding,
} from "../db/credentials";
import { unitByCodeStatement, unitOf } from "../db/units";
import { failureCountStatement, tooManyFailures, type FailureGuard } from "./auth-failures";

const TOKEN = /^([a-z0-9]{20})\.([A-Za-z0-9_-]{43})$/;
/** Compared against when the credential id is unknown, so both paths take the same time. */
const DUMMY_HASH = new Uint8Array(32);

export interface Authenticated {
  principal: Principal;
  /** The unit named by `prefetch`, read in the same round trip (null: no such unit). */
  unit?: UnitRow | null;
}

/** The id and secret of an `Authorization: Bearer <id>.<secret>` header, or a 401. */
function parseBearer(header: string | undefined): [string, string] {
  if (!header) throw problems.unauthenticated();
  const match = /^Bearer\s+(\S+)$/i.exec(header.trim());
  const parts = match ? TOKEN.exec(match[1]!) : null;
  if (!parts) throw problems.unauthenticated("The bearer token is malformed or unknown.");
  return [parts[1]!, parts[2]!];
}

/** A known, unrevoked credential that still may not act: its unit's 停用, or its expiry. */
function refusal(row: CredentialRow, now: string): HttpProblem | null {
  const header = { "WWW-Authenticate": 'Bearer realm="xxgk-tables"' };
  if (row.active === 0) {
    return new HttpProblem(
      "unauthenticated",
      `单位「${row.name}」已停用,其凭据不再可用。如需恢复,请联系管理员重新启用该单位。`,
      `The unit "${row.code}" is deactivated: its credentials no longer work. An admin can reactivate it.`,
      {},
      header,
    );
  }
  if (row.expires_at !== null && row.expires_at <= now) {
    return new HttpProblem(
      "unauthenticated",
      `该凭据已于 ${row.expires_at.slice(0, 10)} 过期,请向管理员索取新的邀请码。`,
      `The credential expired on ${row.expires_at.slice(0, 10)}; ask your administrator for a new invite code.`,
      {},
      header,
    );
  }
  return null;
}

function toPrincipal(row: CredentialRow): Principal {
  const { unit_id, code, name, parent_id, depth, path } = row;
  return {
    credential: row.credential,
    role: row.role,
    unit: { id: unit_id, code, name, parent_id, depth, path },
  };
}

/**
 * The principal of an `Authorization` header, or a 401 problem (the same for every failure).
 * `prefetch`: a unit code the request names, read in the same D1 round trip as the credential.
 */
export async function authenticate(
  db: D1Database,
  header: string | undefined,
  prefetch?: string,
  guard?: FailureGuard | null,
): Promise<Authenticated> {
  const [id, secret] = parseBearer(header);
  const statements = [credentialStatement(db, id)];
  if (prefetch !== undefined) statements.push(unitByCodeStatement(db, prefetch));
  if (guard) statements.push(failureCountStatement(db, guard));
  const results = await db.batch(statements);
  const [cred] = results;
  const target = prefetch !== undefined ? results[1] : undefined;
  if (guard && (firstOf<{ failures: number }>(results.at(-1))?.failures ?? 0) >= guard.limit) {
    throw tooManyFailures();
  }
  const row = firstOf<CredentialRow>(cred);
  const presented = await sha256(secret);
  const same = constantTimeEqual(presented, row ? fromHex(row.secret_hash) : DUMMY_HASH);
  if (!row || !same || row.revoked_at !== null) {
    throw problems.unauthenticated("The bearer token is malformed, unknown or revoked.");
  }
  // Only the holder of the secret learns why a working token stopped working.
  const refused = refusal(row, new Date().toISOString());
  if (refused) throw refused;
  const principal = toPrincipal(row);
  if (!target) return { principal };
  return { principal, unit: firstOf<UnitRow>(target) };
}

/** When a credential made at `at` expires under the installation's `CREDENTIAL_DAYS`. */
export function credentialExpiry(env: { CREDENTIAL_DAYS?: string }, at: string): string | null {
  const days = env.CREDENTIAL_DAYS === undefined ? 365 : Number(env.CREDENTIAL_DAYS);
  if (!Number.isFinite(days) || days <= 0) return null;
  return new Date(Date.parse(at) + days * 86_400_000).toISOString();
}

/** Mint and store a credential for a unit; the token is in the answer only. */
export async function createCredential(
  db: D1Database,
  unit: UnitRow,
  role: Role,
  by: Actor,
  holding: Holding = { expiresAt: null },
): Promise<CredentialCreated> {
  const cred = await newCredential();
  await insertCredential(
    db,
    { id: cred.id, unit, role, secretHash: cred.secretHash, ...holding },
    by,
  );
  return {
    id: cred.id,
    unit: { code: unit.code, name: unit.name },
    role,
    token: cred.token,
    createdAt: by.at,
    expiresAt: holding.expiresAt ?? null,
  };
}

/** Revoke a credential (404 when unknown); `check` may refuse its unit first. */
export async function revokeCredentialOf(
  db: D1Database,
  id: string,
  check: (unit: UnitRow) => void,
  by: Actor,
): Promise<CredentialRevoked> {
  const unit = await unitOf(db, "credentials", id);
  if (!unit) {
    throw problems.notFound(
      `没有编号为「${id.slice(0, 40)}」的凭据。`,
      `No credential "${id.slice(0, 40)}".`,
    );
  }
  check(unit);
  return revokeCredential(db, id, by);
}
