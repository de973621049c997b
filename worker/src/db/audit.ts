/** The audit log (append-only): one INSERT for every audited action. */

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
      `INSERT INTO audit_log (at, request_id, credential_id, action, target, detail)
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
