/**
 * Sign-offs (汇总确认, migrations 0009 and 0012): the latest of a node, the guarded insert, and the
 * withdrawal by hand (撤销确认). A change below withdraws one without anything here: the triggers
 * of migrations 0009 (report events, withdrawals) and 0012 (unit moves) do it in its own batch.
 */
import type { SignOff } from "../../../shared/api/schemas";
import type { Principal, UnitRow } from "../env";
import { subtreeRange } from "../domain/tree";

interface SignOffRow {
  at: string;
  by_code: string | null;
  by_name: string | null;
  withdrawn_at: string | null;
  withdrawn_action: NonNullable<SignOff["withdrawn"]>["action"] | null;
  w_code: string | null;
  w_name: string | null;
  withdrawn_revision: number | null;
  withdrawn_reason: string | null;
}

/** The node's latest sign-off (in force, or lapsed with why). */
export function latestSignOffStatement(
  db: D1Database,
  unit: UnitRow,
  form: string,
  year: number,
): D1PreparedStatement {
  return db
    .prepare(
      `SELECT s.at, b.code AS by_code, b.name AS by_name, s.withdrawn_at, s.withdrawn_action,
              w.code AS w_code, w.name AS w_name, s.withdrawn_revision,
              s.withdrawn_reason
         FROM sign_offs s LEFT JOIN units b ON b.id = s.by_unit_id
         LEFT JOIN units w ON w.id = s.withdrawn_unit_id
        WHERE s.unit_id = ?1 AND s.form = ?2 AND s.year = ?3 ORDER BY s.id DESC LIMIT 1`,
    )
    .bind(unit.id, form, year);
}

export function toSignOff(row: unknown, unit: UnitRow, form: string, year: number): SignOff {
  const r = row as SignOffRow | null;
  const head = { unit: { code: unit.code, name: unit.name }, form, year };
  if (!r) return { ...head, status: "unconfirmed", at: null, by: null, withdrawn: null };
  return {
    ...head,
    status: r.withdrawn_at === null ? "confirmed" : "unconfirmed",
    at: r.at,
    by: { code: r.by_code ?? "", name: r.by_name ?? "" },
    withdrawn:
      r.withdrawn_at === null
        ? null
        : {
            at: r.withdrawn_at,
            action: r.withdrawn_action ?? "submit",
            unit: { code: r.w_code ?? "", name: r.w_name ?? "" },
            revision: r.withdrawn_revision ?? 0,
            reason: r.withdrawn_reason,
          },
  };
}

/** How many report events (withdrawals included) the node's subtree has had. */
export function subtreeEventsStatement(
  db: D1Database,
  unit: UnitRow,
  form: string,
  year: number,
): D1PreparedStatement {
  const [lo, hi] = subtreeRange(unit.path);
  return db.prepare(`SELECT (${SUBTREE_EVENTS}) AS n`).bind(lo, hi, form, year);
}

const SUBTREE_EVENTS = `SELECT
    (SELECT count(*) FROM units u JOIN report_events e ON e.unit_id = u.id AND e.form = ?3
        AND e.year = ?4 WHERE u.path >= ?1 AND u.path < ?2)
  + (SELECT count(*) FROM units u JOIN report_withdrawals w ON w.unit_id = u.id AND w.form = ?3
        AND w.year = ?4 WHERE u.path >= ?1 AND u.path < ?2)`;

/**
 * The sign-off, inserted only while the subtree still has the `events` the signer's read saw:
 * a change that landed in between leaves it out (no row changed), one after it withdraws it.
 */
export function insertSignOffStatement(
  db: D1Database,
  unit: UnitRow,
  form: string,
  year: number,
  s: { events: number; principal: Principal; at: string; requestId: string },
): D1PreparedStatement {
  const [lo, hi] = subtreeRange(unit.path);
  return db
    .prepare(
      `INSERT INTO sign_offs (unit_id, form, year, events, credential_id, by_unit_id, at, request_id)
       SELECT ?5, ?3, ?4, ?6, ?7, ?8, ?9, ?10 WHERE (${SUBTREE_EVENTS}) = ?6`,
    )
    .bind(
      lo,
      hi,
      form,
      year,
      unit.id,
      s.events,
      s.principal.credential,
      s.principal.unit.id,
      s.at,
      s.requestId,
    );
}

/** 撤销确认: the node's sign-off in force, if any, withdrawn by hand (no row changed otherwise). */
export function revokeSignOffStatement(
  db: D1Database,
  unit: UnitRow,
  form: string,
  year: number,
  r: { principal: Principal; at: string; reason: string | null },
): D1PreparedStatement {
  return db
    .prepare(
      `UPDATE sign_offs SET withdrawn_at = ?4, withdrawn_action = 'revoke', withdrawn_unit_id = ?1,
              withdrawn_revision = NULL, withdrawn_reason = ?5, withdrawn_credential_id = ?6
        WHERE unit_id = ?1 AND form = ?2 AND year = ?3 AND withdrawn_at IS NULL`,
    )
    .bind(unit.id, form, year, r.at, r.reason, r.principal.credential);
}
