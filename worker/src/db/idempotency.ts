/**
 * Idempotency records (migration 0007): per (credential, Idempotency-Key) the request's hash, the
 * answer's status and ETag and a reference to the stored revision, written in the write's own
 * batch. A retry gets the answer rebuilt from that revision (the body is not kept: it was as large
 * as the report), or learns the key was used for another request. Records expire after
 * `IDEMPOTENCY_TTL_DAYS` (`pruneIdempotency`, run by the Worker's scheduled handler); a retry
 * after that is a new request, which its If-Match guards (docs/WORKFLOW.md).
 */
import type { UnitRow } from "../env";
import { buildReport } from "../domain/report";
import { HttpProblem } from "../http/problem";
import { revisionStatement, toRevision, type RevisionRow } from "./revisions";
import { readCurrentReport } from "./workflow";

/** How long a retry is answered from the record. */
export const IDEMPOTENCY_TTL_DAYS = 7;

export interface IdempotencyRecord {
  request_hash: string;
  status: number;
  etag: string | null;
  /** The stored revision the answer shows (null: the answer is `body`). */
  unit_id: number | null;
  form: string | null;
  year: number | null;
  revision: number | null;
  body: string | null;
}

/** A stored answer to give again (`Idempotent-Replayed: true`). */
export interface WriteOutcome {
  status: number;
  body: string;
  etag: string | null;
  replayed: boolean;
}

/** The revision an answer showed. */
export interface StoredRef {
  unitId: number;
  form: string;
  year: number;
  revision: number;
}

export function idempotencySelect(
  db: D1Database,
  credential: string,
  key: string,
): D1PreparedStatement {
  return db
    .prepare(
      `SELECT request_hash, status, etag, unit_id, form, year, revision, body
         FROM idempotency WHERE credential_id = ?1 AND key = ?2`,
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
    etag: string | null;
    at: string;
    /** The stored revision the answer is rebuilt from (the `body` column is for pre-0007 records). */
    ref: StoredRef;
  },
): D1PreparedStatement {
  return db
    .prepare(
      `INSERT INTO idempotency (credential_id, key, request_hash, status, etag, unit_id, form, year,
                                revision, body, created_at)
       VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)`,
    )
    .bind(
      r.credential,
      r.key,
      r.requestHash,
      r.status,
      r.etag,
      r.ref.unitId,
      r.ref.form,
      r.ref.year,
      r.ref.revision,
      null,
      r.at,
    );
}

/**
 * The answer a record stands for: the report as it is now while the stored revision is still
 * current, else that revision as it was stored (its later workflow state belongs to the newer
 * revision's answers).
 */
async function rebuiltBody(db: D1Database, unit: UnitRow, rec: IdempotencyRecord) {
  if (rec.body !== null || rec.form === null || rec.year === null) return rec.body ?? "";
  const { report } = await readCurrentReport(db, unit, rec.form, rec.year);
  if (report && report.revision === rec.revision) return JSON.stringify(report);
  const row = await revisionStatement(
    db,
    unit.id,
    rec.form,
    rec.year,
    rec.revision ?? 0,
  ).first<RevisionRow>();
  if (!row) throw new Error(`idempotency record points at a missing revision ${rec.revision}`);
  return JSON.stringify(buildReport(toRevision(row, unit), null, [], {}));
}

/** The stored answer for a retry of the same request; 422 when the key served another one. */
export async function replay(
  db: D1Database,
  unit: UnitRow,
  record: IdempotencyRecord,
  requestHash: string,
): Promise<WriteOutcome> {
  if (record.request_hash !== requestHash) {
    throw new HttpProblem(
      "idempotency-key-reused",
      "该 Idempotency-Key 已用于另一个不同的请求;请为新的请求使用新的键。",
      "This Idempotency-Key was used for a different request; use a new key for a new request.",
    );
  }
  const body = await rebuiltBody(db, unit, record);
  return { status: record.status, body, etag: record.etag, replayed: true };
}

/** The stored answer of a key, if any (after a batch lost a race). */
export async function storedAnswer(
  db: D1Database,
  unit: UnitRow,
  credential: string,
  key: string,
  requestHash: string,
): Promise<WriteOutcome | null> {
  const rec = await idempotencySelect(db, credential, key).first<IdempotencyRecord>();
  return rec ? replay(db, unit, rec, requestHash) : null;
}

/** Delete the records older than the TTL (the audit log is never pruned); how many went. */
export async function pruneIdempotency(db: D1Database, now: Date): Promise<number> {
  const before = new Date(now.getTime() - IDEMPOTENCY_TTL_DAYS * 86_400_000).toISOString();
  const r = await db.prepare(`DELETE FROM idempotency WHERE created_at < ?1`).bind(before).run();
  return r.meta.changes;
}
