/**
 * Idempotency records: the stored answer of a write per (credential, Idempotency-Key), written in
 * the write's own batch, so a retry replays it exactly (or learns the key was used for another
 * request).
 */
import { HttpProblem } from "../http/problem";

export interface IdempotencyRecord {
  request_hash: string;
  status: number;
  body: string;
  etag: string | null;
}

/** A stored answer to give again (`Idempotent-Replayed: true`). */
export interface WriteOutcome {
  status: number;
  body: string;
  etag: string | null;
  replayed: boolean;
}

export function idempotencySelect(
  db: D1Database,
  credential: string,
  key: string,
): D1PreparedStatement {
  return db
    .prepare(
      `SELECT request_hash, status, body, etag FROM idempotency WHERE credential_id = ?1 AND key = ?2`,
    )
    .bind(credential, key);
}

export function idempotencyInsert(
  db: D1Database,
  r: {
    credential: string;
    key: string;
    requestHash: string;
    status: number;
    body: string;
    etag: string | null;
    at: string;
  },
): D1PreparedStatement {
  return db
    .prepare(
      `INSERT INTO idempotency (credential_id, key, request_hash, status, body, etag, created_at)
       VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)`,
    )
    .bind(r.credential, r.key, r.requestHash, r.status, r.body, r.etag, r.at);
}

/** The stored answer for a retry of the same request; 422 when the key served another one. */
export function replay(record: IdempotencyRecord, requestHash: string): WriteOutcome {
  if (record.request_hash !== requestHash) {
    throw new HttpProblem(
      "idempotency-key-reused",
      "该 Idempotency-Key 已用于另一个不同的请求;请为新的请求使用新的键。",
      "This Idempotency-Key was used for a different request; use a new key for a new request.",
    );
  }
  return { status: record.status, body: record.body, etag: record.etag, replayed: true };
}

/** The stored answer of a key, if any (after a batch lost a race). */
export async function storedAnswer(
  db: D1Database,
  credential: string,
  key: string,
  requestHash: string,
): Promise<WriteOutcome | null> {
  const rec = await idempotencySelect(db, credential, key).first<IdempotencyRecord>();
  return rec ? replay(rec, requestHash) : null;
}
