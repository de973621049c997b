/**
 * 汇总确认: a supervisor of a node signs off its consolidated report for a form and year. One read
 * (the sign-off in force, the subtree's event count), one guarded batch (the sign-off and its
 * audit line). Signing what is signed already answers the sign-off in force (a retry is
 * harmless); a change that landed between the read and the batch refuses it (409). 撤销确认 takes
 * it back by hand: one read, one batch (the guarded update and its audit line); taking back what
 * is not in force answers the state as it is and changes nothing.
 */
import type { SignOff, SignOffRevokeBody } from "../../../shared/api/schemas";
import type { Form } from "../../../shared/forms/catalogue";
import type { Principal, UnitRow } from "../env";
import { HttpProblem, problems } from "../http/problem";
import { auditStatement } from "../db/audit";
import { firstOf, isConstraintError } from "../db/batch";
import { maySignOff, planRevoke } from "../domain/sign-off";
import {
  insertSignOffStatement,
  latestSignOffStatement,
  revokeSignOffStatement,
  subtreeEventsStatement,
  toSignOff,
} from "../db/sign-offs";

export async function readSignOff(
  db: D1Database,
  unit: UnitRow,
  form: Form,
  year: number,
): Promise<SignOff> {
  const row = await latestSignOffStatement(db, unit, form.id, year).first();
  return toSignOff(row, unit, form.id, year);
}

/** Only a supervisor of the node itself signs off its consolidated report. */
export function authorizeSignOff(principal: Principal, unit: UnitRow): void {
  if (!maySignOff(principal, unit)) {
    throw problems.forbiddenRole(
      "只有本单位的审核人员(supervisor)可以确认本单位的汇总数据。",
      "Only a supervisor of the unit itself may sign off its consolidated report.",
    );
  }
}

export async function signOff(
  db: D1Database,
  input: {
    principal: Principal;
    unit: UnitRow;
    form: Form;
    year: number;
    now: string;
    requestId: string;
  },
): Promise<{ status: 200 | 201; body: SignOff }> {
  const { principal, unit, form, year, now, requestId } = input;
  const [latest, count] = await db.batch([
    latestSignOffStatement(db, unit, form.id, year),
    subtreeEventsStatement(db, unit, form.id, year),
  ]);
  const before = toSignOff(firstOf(latest), unit, form.id, year);
  if (before.status === "confirmed") return { status: 200, body: before };
  const events = firstOf<{ n: number }>(count)?.n ?? 0;
  let inserted: D1Result | undefined;
  try {
    [inserted] = await db.batch([
      insertSignOffStatement(db, unit, form.id, year, { events, principal, at: now, requestId }),
      auditStatement(
        db,
        {
          at: now,
          requestId,
          credential: principal.credential,
          action: "rollup.sign-off",
          target: `${unit.code}/${form.id}/${year}`,
          detail: { events },
        },
        { onlyIfChanged: true },
      ),
    ]);
  } catch (e) {
    // Another sign-off of the same node won the race: it is the answer.
    if (!isConstraintError(e)) throw e;
    return { status: 200, body: await readSignOff(db, unit, form, year) };
  }
  if (!inserted || inserted.meta.changes === 0) {
    throw new HttpProblem(
      "sign-off-stale",
      `确认期间本单位下级有报表发生变化(报送、退回、撤回或重新打开),未予确认;请刷新汇总,核对后再确认。`,
      "A report below changed while you were signing off (submitted, returned, withdrawn or reopened); nothing was signed. Refresh the rollup, check it and sign off again.",
    );
  }
  return { status: 201, body: await readSignOff(db, unit, form, year) };
}

/** 撤销确认 by a supervisor of the node: 200 with the node's sign-off state afterwards. */
export async function revokeSignOff(
  db: D1Database,
  input: {
    principal: Principal;
    unit: UnitRow;
    form: Form;
    year: number;
    body: SignOffRevokeBody;
    now: string;
    requestId: string;
  },
): Promise<SignOff> {
  const { principal, unit, form, year, now, requestId } = input;
  const decision = planRevoke(await readSignOff(db, unit, form, year), input.body);
  if (decision.kind === "unchanged") return decision.current;
  // Guarded by `withdrawn_at IS NULL`: of two concurrent takings-back one changes the row and
  // writes the audit line, the other changes nothing.
  await db.batch([
    revokeSignOffStatement(db, unit, form.id, year, {
      principal,
      at: now,
      reason: decision.reason,
    }),
    auditStatement(
      db,
      {
        at: now,
        requestId,
        credential: principal.credential,
        action: "rollup.sign-off-withdraw",
        target: `${unit.code}/${form.id}/${year}`,
        detail: { reason: decision.reason },
      },
      { onlyIfChanged: true },
    ),
  ]);
  return readSignOff(db, unit, form, year);
}
