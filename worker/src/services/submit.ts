/**
 * A submission (PUT of a report): one read batch, the domain's decision, one write batch. The
 * write batch inserts revision N+1 and the `submit` event (seq + 1): a concurrent writer that read
 * the same state collides on a primary key and its whole batch rolls back, so every path is
 * idempotent (worker/README.md, "One submission = one D1 batch").
 */
import { reportETag } from "../../../shared/api/schemas";
import { canonicalJson } from "../../../shared/api/canonical-json";
import type { Form } from "../../../shared/forms/catalogue";
import { sha256Hex } from "../crypto";
import type { Principal, UnitRow } from "../env";
import {
  checkPreconditions,
  checkSubmission,
  planSubmission,
  reportLocked,
  staleETag,
  type SubmissionBody,
  type SubmissionContext,
  type SubmissionPlan,
} from "../domain/submission";
import { decided, problemOf } from "../http/problem";
import { aggregateDeltaStatement, ruleAggregateStatements } from "../db/aggregates";
import { auditStatement } from "../db/audit";
import { firstOf, isConstraintError, rowsOf } from "../db/batch";
import {
  idempotencyInsert,
  idempotencySelect,
  replay,
  storedAnswer,
  type IdempotencyRecord,
  type WriteOutcome,
} from "../db/idempotency";
import { periodForUnitStatement, toSubmissionPeriod } from "../db/periods";
import { remarksStatement, resolveRemarkStatement, toRemarks } from "../db/remarks";
import type { FileUpload } from "../domain/file-base";
import {
  currentFileRevisionStatement,
  currentRevisionStatement,
  toCurrentFileRevision,
  type CurrentFileRevisionRow,
  insertRevisionStatement,
  lastYearValues,
  lastYearValuesStatement,
  toRevision,
  type RevisionRow,
} from "../db/revisions";
import { eventStatement, stateStatement, toState, upsertSubmittedStatement } from "../db/workflow";

export interface SubmitInput {
  principal: Principal;
  unit: UnitRow;
  form: Form;
  year: number;
  body: SubmissionBody;
  /** The body as sent: the idempotency record matches a retry on it. */
  rawBody: string;
  idempotencyKey: string;
  ifMatch: string | null;
  /** An uploaded report file's base and download id (domain/file-base.ts). */
  file?: FileUpload | null;
  requestId: string;
  now: string;
}

/** Everything the submission reads, in one round trip (or the idempotent replay). */
async function readContext(
  db: D1Database,
  input: SubmitInput,
  requestHash: string,
): Promise<SubmissionContext | WriteOutcome> {
  const { principal, unit, form, year } = input;
  const k = { unitId: unit.id, form: form.id, year };
  const file = input.file ?? null;
  const [idem, cur, last, st, per, rem, fileCur] = await db.batch([
    idempotencySelect(db, principal.credential, input.idempotencyKey),
    currentRevisionStatement(db, unit.id, form.id, year),
    lastYearValuesStatement(db, unit.id, form.id, year),
    stateStatement(db, k),
    periodForUnitStatement(db, unit, form.id, year),
    remarksStatement(db, k),
    ...(file ? [currentFileRevisionStatement(db, unit.id, form.id, year)] : []),
  ]);
  const record = firstOf<IdempotencyRecord>(idem);
  if (record) return replay(db, unit, record, requestHash);
  const current = firstOf<RevisionRow>(cur);
  return {
    principal,
    unit,
    form,
    year,
    now: input.now,
    ifMatch: input.ifMatch,
    current: current ? toRevision(current, unit) : null,
    state: toState(firstOf(st)),
    period: toSubmissionPeriod(firstOf(per)),
    remarks: toRemarks(rowsOf(rem)),
    previous: lastYearValues(firstOf<{ form: string; vals: string }>(last)),
    file,
    fileCurrent: fileCur ? toCurrentFileRevision(firstOf<CurrentFileRevisionRow>(fileCur)) : null,
  };
}

function writeStatements(
  db: D1Database,
  input: SubmitInput,
  plan: SubmissionPlan,
  requestHash: string,
): D1PreparedStatement[] {
  const { principal, unit, form, year, now, requestId } = input;
  const k = { unitId: unit.id, form: form.id, year };
  const revision = plan.revision.revision;
  return [
    insertRevisionStatement(
      db,
      unit.id,
      plan.revision,
      requestId,
      input.file ? { fileId: input.file.id, basedOn: input.file.basedOn } : null,
    ),
    upsertSubmittedStatement(db, k, plan),
    eventStatement(db, k, {
      seq: plan.state.seq,
      action: "submit",
      from: plan.from,
      to: "submitted",
      revision,
      principal,
      at: now,
      reason: null,
      requestId,
    }),
    ...plan.resolved.map((r) => resolveRemarkStatement(db, k, r, revision)),
    aggregateDeltaStatement(db, "aggregates", unit, form.id, year, plan.delta, plan.newlySubmitted),
    ...ruleAggregateStatements(db, unit, form.id, year, plan.ruleDelta),
    idempotencyInsert(db, {
      credential: principal.credential,
      key: input.idempotencyKey,
      requestHash,
      status: 201,
      etag: plan.etag,
      at: now,
      ref: { unitId: unit.id, form: form.id, year, revision },
    }),
    auditStatement(db, {
      at: now,
      requestId,
      credential: principal.credential,
      action: "report.submit",
      target: `${unit.code}/${form.id}/${year}`,
      detail: {
        revision,
        hash: plan.revision.hash,
        warnings: plan.revision.warnings,
        ...(input.file ? { basedOn: input.file.basedOn, overwrite: input.file.overwrite } : {}),
      },
    }),
  ];
}

/** After a lost race: the same request (replay it), an accept (locked) or another revision. */
async function lostRace(
  db: D1Database,
  input: SubmitInput,
  requestHash: string,
): Promise<WriteOutcome> {
  const { principal, unit, form, year } = input;
  const again = await storedAnswer(
    db,
    unit,
    principal.credential,
    input.idempotencyKey,
    requestHash,
  );
  if (again) return again;
  const k = { unitId: unit.id, form: form.id, year };
  const [st, cur] = await db.batch([
    stateStatement(db, k),
    currentRevisionStatement(db, unit.id, form.id, year),
  ]);
  if (toState(firstOf(st))?.status === "accepted")
    throw problemOf(reportLocked(unit, form.id, year));
  const now = firstOf<RevisionRow>(cur);
  throw problemOf(staleETag(now ? reportETag(form.id, year, now.revision) : null));
}

/** Validate and store a new revision, or replay the stored answer of an idempotent retry. */
export async function submitReport(db: D1Database, input: SubmitInput): Promise<WriteOutcome> {
  const { unit, form, year } = input;
  const requestHash = await sha256Hex(`PUT\n${unit.code}\n${form.id}\n${year}\n${input.rawBody}`);
  const ctx = await readContext(db, input, requestHash);
  if ("replayed" in ctx) return ctx;
  const period = decided(checkPreconditions(ctx));
  const checked = decided(checkSubmission(ctx, period, input.body));
  const hash = await sha256Hex(
    canonicalJson({ values: checked.values, explanations: checked.explanations }),
  );
  const plan = planSubmission(ctx, period, checked, input.body, hash);
  const responseBody = JSON.stringify(plan.report);
  try {
    await db.batch(writeStatements(db, input, plan, requestHash));
  } catch (e) {
    if (!isConstraintError(e)) throw e;
    return lostRace(db, input, requestHash);
  }
  return { status: 201, body: responseBody, etag: plan.etag, replayed: false };
}
