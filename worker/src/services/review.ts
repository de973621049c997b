/**
 * A review (return / accept / reopen): the credential, one read batch (report, state, remarks,
 * reviews, idempotency record), the domain's decision, one write batch guarded by the report's
 * event sequence number.
 */
import type { ReviewBody } from "../../../shared/api/schemas";
import { illegalTransition, planReview, staleRevision, type ReviewPlan } from "../domain/review";
import { aggregateDeltaStatement } from "../db/aggregates";
import { auditStatement } from "../db/audit";
import { isConstraintError } from "../db/batch";
import { idempotencyInsert, storedAnswer, type WriteOutcome } from "../db/idempotency";
import { decided, problemOf } from "../http/problem";
import { insertRemarkStatement, upsertExplanationReviewStatement } from "../db/remarks";
import { eventStatement, readCurrentReport, updateReviewedStatement } from "../db/workflow";
import { readForTransition, type TransitionInput } from "./transition-read";
import { scaledValues } from "../domain/scaled";

export type ReviewInput = TransitionInput<ReviewBody>;

function writeStatements(
  db: D1Database,
  input: ReviewInput,
  plan: ReviewPlan,
  requestHash: string,
): D1PreparedStatement[] {
  const { principal, unit, form, year, now, requestId } = input;
  const k = { unitId: unit.id, form: form.id, year };
  const statements = [
    eventStatement(db, k, {
      seq: plan.seq,
      action: plan.action,
      from: plan.from,
      to: plan.to,
      revision: plan.revision,
      principal,
      at: now,
      reason: plan.reason,
      requestId,
    }),
    updateReviewedStatement(db, k, plan),
    ...plan.remarks.map((r) => insertRemarkStatement(db, k, r, principal)),
    ...Object.entries(plan.decisions).map(([key, d]) =>
      upsertExplanationReviewStatement(db, k, plan.revision, key, d, now),
    ),
  ];
  if (plan.acceptedSign !== null) {
    const delta = scaledValues(plan.report.values, plan.acceptedSign);
    statements.push(
      aggregateDeltaStatement(
        db,
        "accepted_aggregates",
        unit,
        form.id,
        year,
        delta,
        plan.acceptedSign,
      ),
    );
  }
  statements.push(
    auditStatement(db, {
      at: now,
      requestId,
      credential: principal.credential,
      action: `report.${plan.action}`,
      target: `${unit.code}/${form.id}/${year}`,
      detail: {
        revision: plan.revision,
        from: plan.from,
        to: plan.to,
        reason: plan.reason,
        remarks: plan.remarks.length,
      },
    }),
  );
  if (input.idempotencyKey !== null) {
    statements.push(
      idempotencyInsert(db, {
        credential: principal.credential,
        key: input.idempotencyKey,
        requestHash,
        status: 200,
        etag: plan.etag,
        at: now,
        ref: { unitId: unit.id, form: form.id, year, revision: plan.revision },
      }),
    );
  }
  return statements;
}

/** Return, accept or reopen the current revision in one batch (or replay an idempotent retry). */
export async function reviewReport(db: D1Database, input: ReviewInput): Promise<WriteOutcome> {
  const { principal, unit, form, year } = input;
  const key = input.idempotencyKey;
  const read = await readForTransition(db, "review", input);
  if (read.kind === "replay") return read.outcome;
  const { requestHash } = read;
  const plan = decided(
    planReview({
      principal,
      form,
      now: input.now,
      body: input.body,
      report: read.report,
      state: read.state,
    }),
  );
  const responseBody = JSON.stringify(plan.report);
  try {
    await db.batch(writeStatements(db, input, plan, requestHash));
  } catch (e) {
    if (!isConstraintError(e)) throw e;
    const again =
      key !== null ? await storedAnswer(db, unit, principal.credential, key, requestHash) : null;
    if (again) return again;
    // Someone else changed the report first.
    const now = (await readCurrentReport(db, unit, form.id, year)).report;
    if (now && now.revision !== plan.revision)
      throw problemOf(staleRevision(now.revision, plan.revision));
    throw problemOf(illegalTransition(now?.status ?? plan.from, plan.action));
  }
  return { status: 200, body: responseBody, etag: plan.etag, replayed: false };
}
