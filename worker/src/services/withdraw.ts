/**
 * A withdrawal (撤回) by the unit's clerk: one read batch (report, state, idempotency record), the
 * domain's decision, one write batch (the event, the state, the audit line, the idempotency
 * record) guarded by the event sequence number: a supervisor's review racing it has one winner.
 */
import type { WithdrawBody } from "../../../shared/api/schemas";
import type { Form } from "../../../shared/forms/catalogue";
import { sha256Hex } from "../crypto";
import type { Principal, UnitRow } from "../env";
import { noReport } from "../domain/report";
import { illegalTransition, staleRevision } from "../domain/review";
import { planWithdraw } from "../domain/withdraw";
import { auditStatement } from "../db/audit";
import { isConstraintError } from "../db/batch";
import {
  idempotencyInsert,
  idempotencySelect,
  replay,
  storedAnswer,
  type IdempotencyRecord,
  type WriteOutcome,
} from "../db/idempotency";
import { withdrawalStatements } from "../db/withdrawals";
import { readCurrentReport } from "../db/workflow";

export interface WithdrawInput {
  principal: Principal;
  unit: UnitRow;
  form: Form;
  year: number;
  body: WithdrawBody;
  rawBody: string;
  idempotencyKey: string | null;
  requestId: string;
  now: string;
}

export async function withdrawReport(db: D1Database, input: WithdrawInput): Promise<WriteOutcome> {
  const { principal, unit, form, year, now, requestId } = input;
  const requestHash = await sha256Hex(
    `POST withdraw\n${unit.code}\n${form.id}\n${year}\n${input.rawBody}`,
  );
  const key = input.idempotencyKey;
  const found = await readCurrentReport(
    db,
    unit,
    form.id,
    year,
    key !== null ? idempotencySelect(db, principal.credential, key) : undefined,
  );
  const record = found.extra[0] as IdempotencyRecord | undefined;
  if (record) return replay(db, unit, record, requestHash);
  if (!found.report) throw noReport(unit, form.id, year);
  const plan = planWithdraw({ form, body: input.body, report: found.report, state: found.state });
  const k = { unitId: unit.id, form: form.id, year };
  const statements = [
    ...withdrawalStatements(db, k, plan, { principal, at: now, requestId }),
    auditStatement(db, {
      at: now,
      requestId,
      credential: principal.credential,
      action: "report.withdraw",
      target: `${unit.code}/${form.id}/${year}`,
      detail: { revision: plan.revision, reason: plan.reason },
    }),
  ];
  if (key !== null) {
    statements.push(
      idempotencyInsert(db, {
        credential: principal.credential,
        key,
        requestHash,
        status: 200,
        etag: plan.etag,
        at: now,
        ref: { ...k, revision: plan.revision },
      }),
    );
  }
  try {
    await db.batch(statements);
  } catch (e) {
    if (!isConstraintError(e)) throw e;
    const again =
      key !== null ? await storedAnswer(db, unit, principal.credential, key, requestHash) : null;
    if (again) return again;
    const current = await readCurrentReport(db, unit, form.id, year);
    const r = current.report;
    if (r && r.revision !== plan.revision) throw staleRevision(r.revision, plan.revision);
    throw illegalTransition(current.state?.status ?? "submitted", "withdraw");
  }
  return { status: 200, body: JSON.stringify(plan.report), etag: plan.etag, replayed: false };
}
