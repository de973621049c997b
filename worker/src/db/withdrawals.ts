/** Withdrawals (migration 0009): the event, sharing `report_events`' sequence numbers, and the state. */
import type { Principal } from "../env";
import type { WithdrawPlan } from "../domain/withdraw";
import type { ReportKey } from "./remarks";

export function withdrawalStatements(
  db: D1Database,
  k: ReportKey,
  plan: WithdrawPlan,
  e: { principal: Principal; at: string; requestId: string },
): D1PreparedStatement[] {
  return [
    db
      .prepare(
        `INSERT INTO report_withdrawals (unit_id, form, year, seq, revision, reason, credential_id,
           by_unit_id, role, at, request_id)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)`,
      )
      .bind(
        k.unitId,
        k.form,
        k.year,
        plan.seq,
        plan.revision,
        plan.reason,
        e.principal.credential,
        e.principal.unit.id,
        e.principal.role,
        e.at,
        e.requestId,
      ),
    db
      .prepare(
        `UPDATE current_reports SET status = 'returned', withdrawn = 1, seq = ?4
          WHERE unit_id = ?1 AND form = ?2 AND year = ?3`,
      )
      .bind(k.unitId, k.form, k.year, plan.seq),
  ];
}
