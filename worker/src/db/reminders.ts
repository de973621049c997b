/**
 * 催报 (migration 0009): the chased units of a subtree with their contacts, periods and reminders
 * sent (one round trip), a reminder action's rows, and its delivery.
 */
import type { Contact, Delivery, Reminder, ChasedStatus } from "../../../shared/api/schemas";
import type { UnitRow } from "../env";
import type { SubtreeUnit } from "../domain/reminders";
import { subtreeRange } from "../domain/tree";
import { firstOf, rowsOf } from "./batch";

/** Units strictly below the node that are still to report (no report, returned, withdrawn). */
const CHASED = `FROM units u
  LEFT JOIN current_reports r ON r.unit_id = u.id AND r.form = ?3 AND r.year = ?4
  WHERE u.path > ?1 AND u.path < ?2 AND u.active = 1
    AND (r.revision IS NULL OR r.status = 'returned')`;

export interface ChaseRead {
  units: SubtreeUnit[];
  periods: { path: string; dueDate: string }[];
  contacts: Map<number, Contact[]>;
  reminders: Map<number, { count: number; last: string | null }>;
}

/**
 * A credential's holder as recorded (issue 21 adds the holder's name and phone to credentials);
 * read by whichever columns exist, so an installation without them lists no contact.
 */
function holderOf(row: Record<string, unknown>): Contact {
  const text = (...keys: string[]) => {
    for (const k of keys) {
      const v = row[k];
      if (typeof v === "string" && v.trim()) return v.trim();
    }
    return null;
  };
  return {
    name: text("holder_name", "holder", "contact_name"),
    phone: text("holder_phone", "phone", "contact_phone"),
  };
}

export async function readChase(
  db: D1Database,
  unit: UnitRow,
  form: string,
  year: number,
): Promise<ChaseRead> {
  const [lo, hi] = subtreeRange(unit.path);
  const [units, periods, creds, sent] = await db.batch([
    db
      .prepare(
        `SELECT u.id, u.code, u.name, u.path,
                CASE WHEN r.revision IS NULL THEN NULL WHEN r.withdrawn = 1 THEN 'withdrawn'
                     ELSE r.status END AS status
           ${CHASED} ORDER BY u.path`,
      )
      .bind(lo, hi, form, year),
    db
      .prepare(
        `SELECT u.path, p.due_date AS dueDate FROM periods p JOIN units u ON u.id = p.unit_id
          WHERE p.form = ?3 AND p.year = ?4
            AND (instr(?1, u.path) = 1 OR (u.path >= ?1 AND u.path < ?2))`,
      )
      .bind(lo, hi, form, year),
    db
      .prepare(
        `SELECT c.* ${CHASED.replace("FROM units u", "FROM units u JOIN credentials c ON c.unit_id = u.id")}
            AND c.role = 'clerk'
            AND NOT EXISTS (SELECT 1 FROM credential_revocations v WHERE v.credential_id = c.id)
          ORDER BY c.created_at`,
      )
      .bind(lo, hi, form, year),
    db
      .prepare(
        `SELECT m.unit_id, count(*) AS n, max(b.at) AS last
           FROM reminders m JOIN reminder_batches b ON b.id = m.batch_id
           JOIN units u ON u.id = m.unit_id
          WHERE m.form = ?3 AND m.year = ?4 AND u.path > ?1 AND u.path < ?2
          GROUP BY m.unit_id`,
      )
      .bind(lo, hi, form, year),
  ]);
  const contacts = new Map<number, Contact[]>();
  for (const c of rowsOf<Record<string, unknown>>(creds)) {
    const id = c.unit_id as number;
    const list = contacts.get(id) ?? [];
    list.push(holderOf(c));
    contacts.set(id, list);
  }
  return {
    units: rowsOf<SubtreeUnit>(units),
    periods: rowsOf<{ path: string; dueDate: string }>(periods),
    contacts,
    reminders: new Map(
      rowsOf<{ unit_id: number; n: number; last: string | null }>(sent).map((r) => [
        r.unit_id,
        { count: r.n, last: r.last },
      ]),
    ),
  };
}

interface BatchRow {
  id: number;
  request_hash: string;
  at: string;
  message: string;
  delivery: Delivery;
  form: string;
  year: number;
  by_code: string;
  by_name: string;
}

export interface StoredReminder {
  requestHash: string;
  reminder: Reminder;
}

/** The reminder action stored under a credential's Idempotency-Key, if any. */
export async function reminderByKey(
  db: D1Database,
  credential: string,
  key: string,
): Promise<StoredReminder | null> {
  const [b, m] = await db.batch([
    db
      .prepare(
        `SELECT b.id, b.request_hash, b.at, b.message, b.delivery, b.form, b.year,
                u.code AS by_code, u.name AS by_name
           FROM reminder_batches b JOIN units u ON u.id = b.by_unit_id
          WHERE b.credential_id = ?1 AND b.idem_key = ?2`,
      )
      .bind(credential, key),
    db
      .prepare(
        `SELECT u.code, u.name, m.status, m.contacts FROM reminders m
           JOIN reminder_batches b ON b.id = m.batch_id JOIN units u ON u.id = m.unit_id
          WHERE b.credential_id = ?1 AND b.idem_key = ?2 ORDER BY u.path`,
      )
      .bind(credential, key),
  ]);
  const row = firstOf<BatchRow>(b);
  if (!row) return null;
  return {
    requestHash: row.request_hash,
    reminder: {
      id: row.id,
      at: row.at,
      by: { code: row.by_code, name: row.by_name },
      form: row.form,
      year: row.year,
      message: row.message,
      delivery: row.delivery,
      units: rowsOf<{ code: string; name: string; status: ChasedStatus; contacts: string }>(m).map(
        (r) => ({
          code: r.code,
          name: r.name,
          status: r.status,
          contacts: JSON.parse(r.contacts) as Contact[],
        }),
      ),
    },
  };
}

/** The action and its units: the UNIQUE (credential, key) makes a concurrent retry collide. */
export function insertReminderStatements(
  db: D1Database,
  r: {
    credential: string;
    key: string;
    requestHash: string;
    unit: UnitRow;
    form: string;
    year: number;
    byUnitId: number;
    at: string;
    message: string;
    delivery: Delivery;
    requestId: string;
    units: { code: string; status: ChasedStatus; contacts: Contact[] }[];
  },
): D1PreparedStatement[] {
  return [
    db
      .prepare(
        `INSERT INTO reminder_batches (credential_id, idem_key, request_hash, unit_id, form, year,
           by_unit_id, at, message, delivery, request_id)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)`,
      )
      .bind(
        r.credential,
        r.key,
        r.requestHash,
        r.unit.id,
        r.form,
        r.year,
        r.byUnitId,
        r.at,
        r.message,
        r.delivery,
        r.requestId,
      ),
    db
      .prepare(
        `INSERT INTO reminders (batch_id, unit_id, form, year, status, contacts)
         SELECT b.id, u.id, ?3, ?4, json_extract(j.value, '$.status'),
                json(json_extract(j.value, '$.contacts'))
           FROM reminder_batches b, json_each(?5) j
           JOIN units u ON u.code = json_extract(j.value, '$.code')
          WHERE b.credential_id = ?1 AND b.idem_key = ?2`,
      )
      .bind(r.credential, r.key, r.form, r.year, JSON.stringify(r.units)),
  ];
}

export function setDeliveryStatement(
  db: D1Database,
  id: number,
  delivery: Delivery,
  detail: string,
): D1PreparedStatement {
  return db
    .prepare(`UPDATE reminder_batches SET delivery = ?2, delivery_detail = ?3 WHERE id = ?1`)
    .bind(id, delivery, detail);
}
