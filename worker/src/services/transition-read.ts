/**
 * The read step shared by the report transitions a person asks for (review, withdraw): the
 * request's hash, then the current report with the caller's idempotency record in the same round
 * trip. A retry replays its stored answer before anything else is decided.
 */
import type { Report } from "../../../shared/api/schemas";
import { sha256Hex } from "../crypto";
import type { Form } from "../../../shared/forms/catalogue";
import type { Principal, UnitRow } from "../env";
import { noReport, type ReportState } from "../domain/report";
import { problemOf } from "../http/problem";
import {
  idempotencySelect,
  replay,
  type IdempotencyRecord,
  type WriteOutcome,
} from "../db/idempotency";
import { readCurrentReport } from "../db/workflow";

/** A report transition a person asks for: who, on which report, the request as sent, and when. */
export interface TransitionInput<Body> {
  principal: Principal;
  unit: UnitRow;
  form: Form;
  year: number;
  body: Body;
  rawBody: string;
  idempotencyKey: string | null;
  requestId: string;
  now: string;
}

export type TransitionRead =
  | { kind: "replay"; outcome: WriteOutcome }
  | { kind: "read"; requestHash: string; report: Report; state: ReportState | null };

/** `verb`: the request's name in its hash, so a key reused for another action is told apart. */
export async function readForTransition(
  db: D1Database,
  verb: string,
  input: TransitionInput<unknown>,
): Promise<TransitionRead> {
  const { principal, unit, year, idempotencyKey: key } = input;
  const form = input.form.id;
  const requestHash = await sha256Hex(
    `POST ${verb}\n${unit.code}\n${form}\n${year}\n${input.rawBody}`,
  );
  const found = await readCurrentReport(
    db,
    unit,
    form,
    year,
    key !== null ? idempotencySelect(db, principal.credential, key) : undefined,
  );
  const record = found.extra[0] as IdempotencyRecord | undefined;
  if (record) return { kind: "replay", outcome: await replay(db, unit, record, requestHash) };
  if (!found.report) throw problemOf(noReport(unit, form, year));
  return { kind: "read", requestHash, report: found.report, state: found.state };
}
