/**
 * 催报: the chased units of a subtree (报送情况's follow-up list), and a reminder action: one read,
 * the domain's choice of units and message, one write batch (the action, its units, the audit
 * line) keyed by the Idempotency-Key, then the webhook. A retry of the same action (a dropped
 * connection) finds the stored action and answers it without sending again; the webhook runs
 * under `waitUntil`, so a client that goes away does not cut it off half-sent.
 */
import type {
  LateUnit,
  LateUnitsResponse,
  Reminder,
  ReminderBody,
} from "../../../shared/api/schemas";
import type { Form } from "../../../shared/forms/catalogue";
import { sha256Hex } from "../crypto";
import type { Principal, UnitRow } from "../env";
import { decided, HttpProblem } from "../http/problem";
import {
  chasedStatus,
  dueDateOf,
  lateUnit,
  remindedUnits,
  reminderMessage,
  todayInChina,
} from "../domain/reminders";
import { auditStatement } from "../db/audit";
import { isConstraintError } from "../db/batch";
import {
  insertReminderStatements,
  readChase,
  reminderByKey,
  setDeliveryStatement,
  type StoredReminder,
} from "../db/reminders";
import { postWebhook, type WebhookConfig } from "../notify/webhook";

async function lateUnits(
  db: D1Database,
  unit: UnitRow,
  form: Form,
  year: number,
  today: string,
): Promise<LateUnit[]> {
  const read = await readChase(db, unit, form.id, year);
  const out: LateUnit[] = [];
  for (const u of read.units) {
    const status = chasedStatus(u);
    if (!status) continue;
    out.push(
      lateUnit(u, status, {
        today,
        dueDate: dueDateOf(u.path, read.periods),
        contacts: read.contacts.get(u.id) ?? [],
        reminders: read.reminders.get(u.id) ?? { count: 0, last: null },
      }),
    );
  }
  return out;
}

export async function listLateUnits(
  db: D1Database,
  q: { unit: UnitRow; form: Form; year: number; now: string },
): Promise<LateUnitsResponse> {
  const today = todayInChina(q.now);
  return {
    unit: { code: q.unit.code, name: q.unit.name },
    form: q.form.id,
    year: q.year,
    today,
    units: await lateUnits(db, q.unit, q.form, q.year, today),
  };
}

export interface RemindInput {
  principal: Principal;
  unit: UnitRow;
  form: Form;
  year: number;
  body: ReminderBody;
  rawBody: string;
  idempotencyKey: string;
  requestId: string;
  now: string;
  webhook: WebhookConfig | null;
  waitUntil: (p: Promise<unknown>) => void;
}

export interface RemindOutcome {
  status: 200 | 201;
  reminder: Reminder;
  replayed: boolean;
}

function replayed(stored: StoredReminder, requestHash: string): RemindOutcome {
  if (stored.requestHash !== requestHash) {
    throw new HttpProblem(
      "idempotency-key-reused",
      "该 Idempotency-Key 已用于另一个不同的请求;请为新的请求使用新的键。",
      "This Idempotency-Key was used for a different request; use a new key for a new request.",
    );
  }
  return { status: 200, reminder: stored.reminder, replayed: true };
}

const MOBILE = /^1\d{10}$/;

export async function remind(db: D1Database, input: RemindInput): Promise<RemindOutcome> {
  const { principal, unit, form, year, now, requestId } = input;
  const key = input.idempotencyKey;
  const requestHash = await sha256Hex(
    `POST reminders\n${unit.code}\n${form.id}\n${year}\n${input.rawBody}`,
  );
  const stored = await reminderByKey(db, principal.credential, key);
  if (stored) return replayed(stored, requestHash);
  const late = await lateUnits(db, unit, form, year, todayInChina(now));
  const units = decided(remindedUnits(input.body, late));
  const message = reminderMessage({
    form,
    year,
    from: principal.unit.name,
    at: now,
    units,
    ...(input.body.note !== undefined ? { note: input.body.note } : {}),
  });
  const delivery = input.webhook ? "pending" : "not_configured";
  let id: number;
  try {
    const [batch] = await db.batch([
      ...insertReminderStatements(db, {
        credential: principal.credential,
        key,
        requestHash,
        unit,
        form: form.id,
        year,
        byUnitId: principal.unit.id,
        at: now,
        message,
        delivery,
        requestId,
        units: units.map((u) => ({ code: u.code, status: u.status, contacts: u.contacts })),
      }),
      auditStatement(db, {
        at: now,
        requestId,
        credential: principal.credential,
        action: "reminder.send",
        target: `${unit.code}/${form.id}/${year}`,
        detail: { units: units.map((u) => u.code).slice(0, 1000), delivery },
      }),
    ]);
    id = batch!.meta.last_row_id;
  } catch (e) {
    if (!isConstraintError(e)) throw e;
    const again = await reminderByKey(db, principal.credential, key);
    if (again) return replayed(again, requestHash);
    throw e;
  }
  let outcome: Reminder["delivery"] = delivery;
  if (input.webhook) {
    const mobiles = units.flatMap((u) =>
      u.contacts.map((c) => c.phone ?? "").filter((p) => MOBILE.test(p)),
    );
    const sending = postWebhook(input.webhook, message, mobiles, Date.parse(now)).then(
      async (r) => {
        await setDeliveryStatement(db, id, r.delivery, r.detail).run();
        return r.delivery;
      },
    );
    input.waitUntil(sending);
    outcome = await sending;
  }
  return {
    status: 201,
    replayed: false,
    reminder: {
      id,
      at: now,
      by: { code: principal.unit.code, name: principal.unit.name },
      form: form.id,
      year,
      message,
      delivery: outcome,
      units: units.map((u) => ({
        code: u.code,
        name: u.name,
        status: u.status,
        contacts: u.contacts,
      })),
    },
  };
}
