/** The audit log (append-only): one INSERT for every audited action. */
import type { AuditLine } from "../../../shared/api/admin-ui";

export interface AuditEntry {
  at: string;
  requestId: string;
  /** The acting credential. */
  credential: string;
  /** `report.submit`, `report.return`, `units.import`, `credential.create`, … */
  action: string;
  target: string;
  detail: Record<string, unknown>;
}

/** Who acts (a credential, within a request, at a time): every audited write names one. */
export interface Actor {
  credential: string;
  requestId: string;
  at: string;
}

/** The statement every audit line is written with (scripts/deploy/bootstrap-sql.ts too). */
export const INSERT_AUDIT_LINE =
  "INSERT INTO audit_log (at, request_id, credential_id, action, target, detail)";

/**
 * The audit line of an action. `onlyIfChanged`: written only when the statement just before it in
 * the batch changed a row (an idempotent repeat leaves no line).
 */
export function auditStatement(
  db: D1Database,
  e: AuditEntry,
  opts: { onlyIfChanged?: boolean } = {},
): D1PreparedStatement {
  return db
    .prepare(
      `${INSERT_AUDIT_LINE}
       SELECT ?1, ?2, ?3, ?4, ?5, ?6 WHERE ?7 = 0 OR changes() > 0`,
    )
    .bind(
      e.at,
      e.requestId,
      e.credential,
      e.action,
      e.target,
      JSON.stringify(e.detail),
      opts.onlyIfChanged ? 1 : 0,
    );
}

/**
 * The audit lines of a subtree (issue 21): those made with a credential of a unit in it, newest
 * first, at most `limit` (one more is read to say whether more exist), before `before` if given.
 */
export async function auditLines(
  db: D1Database,
  path: string,
  limit: number,
  before: string | null,
): Promise<{ lines: AuditLine[]; truncated: boolean }> {
  const { results } = await db
    .prepare(
      `SELECT a.at, a.action, a.target, a.detail, a.credential_id AS credential,
              a.request_id AS requestId, u.code, u.name, c.role, c.holder_name AS holderName
         FROM audit_log a
         JOIN credentials c ON c.id = a.credential_id
         JOIN units u ON u.id = c.unit_id
        WHERE u.path >= ?1 AND u.path < ?2 AND (?4 IS NULL OR a.at < ?4)
        ORDER BY a.at DESC, a.id DESC LIMIT ?3`,
    )
    .bind(path, path.slice(0, -1) + "0", limit + 1, before)
    .all<{
      at: string;
      action: string;
      target: string;
      detail: string;
      credential: string;
      requestId: string;
      code: string;
      name: string;
      role: AuditLine["role"];
      holderName: string | null;
    }>();
  const lines = results.slice(0, limit).map(({ code, name, detail, ...r }) => ({
    ...r,
    unit: { code, name },
    detail: safeDetail(detail),
  }));
  return { lines, truncated: results.length > limit };
}

function safeDetail(text: string): Record<string, unknown> {
  try {
    const v: unknown = JSON.parse(text);
    return v && typeof v === "object" && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

/** What an actor's write says in the audit log. */
export type AuditOf = Pick<AuditEntry, "action" | "target" | "detail">;

/**
 * A row and its audit line in one batch (one transaction): neither is stored without the other.
 * How a credential and an invite are issued (db/credentials.ts, db/invites.ts).
 */
export async function insertAudited(
  db: D1Database,
  insert: D1PreparedStatement,
  by: Actor,
  line: AuditOf,
): Promise<void> {
  await db.batch([
    insert,
    auditStatement(db, { at: by.at, requestId: by.requestId, credential: by.credential, ...line }),
  ]);
}
