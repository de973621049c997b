/**
 * A withdrawal (撤回) by the unit's clerk: one read batch (report, state, idempotency record), the
 * domain's decision, one write batch (the event, the state, the audit line, the idempotency
 * record) guarded by the event sequence number: a supervisor's review racing it has one winner.
 */
import type { WithdrawBody } from "../../../shared/api/schemas";
import { illegalTransition, staleRevision } from "../domain/review";
import { planWithdraw } from "../domain/withdraw";
import { decided, problemOf } from "../http/problem";
import { auditStatement } from "../db/audit";
import { isConstraintError } from "../db/batch";
import { idempotencyInsert, storedAnswer, type WriteOutcome } from "../db/idempotency";
import { withdrawalStatements } from "../db/withdrawals";
import { readCurrentReport } from "../db/workflow";
import { readForTransition, type TransitionInput } from "./transition-read";

export type WithdrawInput = TransitionInput<WithdrawBody>;

export async function withdrawReport(db: D1Database, input: WithdrawInput): Promise<WriteOutcome> {
  const { principal, unit, form, year, now, requestId } = input;
  const key = input.idempotencyKey;
  const read = await readForTransition(db, "withdraw", input);
  if (read.kind === "replay") return read.outcome;
  const { requestHash } = read;
  const plan = decided(
    planWithdraw({ form, body: input.body, report: read.report, state: read.state }),
  );
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
    if (r && r.revision !== plan.revision)
      throw problemOf(staleRevision(r.revision, plan.revision));
    throw problemOf(illegalTransition(current.state?.status ?? "submitted", "withdraw"));
  }
  return { status: 200, body: JSON.stringify(plan.report), etag: plan.etag, replayed: false };
}
