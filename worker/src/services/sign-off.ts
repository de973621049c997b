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

/** Who acts on which node's sign-off (form and year), and when: every sign-off action's input. */
export interface NodeRequest {
  principal: Principal;
  unit: UnitRow;
  form: Form;
  year: number;
  now: string;
  requestId: string;
}

type Node = Pick<NodeRequest, "unit" | "form" | "year">;

export async function readSignOff(db: D1Database, node: Node): Promise<SignOff> {
  const { unit, form, year } = node;
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

/** The action's audit line, written only when the statement before it changed a row. */
function auditOf(
  db: D1Database,
  req: NodeRequest,
  action: string,
  detail: Record<string, unknown>,
) {
  return auditStatement(
    db,
    {
      at: req.now,
      requestId: req.requestId,
      credential: req.principal.credential,
      action,
      target: `${req.unit.code}/${req.form.id}/${req.year}`,
      detail,
    },
    { onlyIfChanged: true },
  );
}

export async function signOff(
  db: D1Database,
  req: NodeRequest,
): Promise<{ status: 200 | 201; body: SignOff }> {
  const { principal, unit, form, year, now, requestId } = req;
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
      auditOf(db, req, "rollup.sign-off", { events }),
    ]);
  } catch (e) {
    // Another sign-off of the same node won the race: it is the answer.
    if (!isConstraintError(e)) throw e;
    return { status: 200, body: await readSignOff(db, req) };
  }
  if (!inserted || inserted.meta.changes === 0) {
    throw new HttpProblem(
      "sign-off-stale",
      `确认期间本单位下级有报表发生变化(报送、退回、撤回或重新打开),未予确认;请刷新汇总,核对后再确认。`,
      "A report below changed while you were signing off (submitted, returned, withdrawn or reopened); nothing was signed. Refresh the rollup, check it and sign off again.",
    );
  }
  return { status: 201, body: await readSignOff(db, req) };
}

/** 撤销确认 by a supervisor of the node: 200 with the node's sign-off state afterwards. */
export async function revokeSignOff(
  db: D1Database,
  req: NodeRequest & { body: SignOffRevokeBody },
): Promise<SignOff> {
  const { principal, unit, form, year, now } = req;
  const decision = planRevoke(await readSignOff(db, req), req.body);
  if (decision.kind === "unchanged") return decision.current;
  // Guarded by `withdrawn_at IS NULL`: of two concurrent takings-back one changes the row and
  // writes the audit line, the other changes nothing.
  await db.batch([
    revokeSignOffStatement(db, unit, form.id, year, {
      principal,
      at: now,
      reason: decision.reason,
    }),
    auditOf(db, req, "rollup.sign-off-withdraw", { reason: decision.reason }),
  ]);
  return readSignOff(db, req);
}
