/** Opening and closing reporting periods (admins, within the units they administer). */
import type { Period, PeriodCreateBody } from "../../../shared/api/schemas";
import { lookupForm } from "../../../shared/forms/catalogue";
import type { Principal } from "../env";
import { decided, problems } from "../http/problem";
import { authorizeAdministered } from "../domain/access";
import { isCalendarDate } from "../domain/periods";
import type { Actor } from "../db/credentials";
import { closePeriod, upsertPeriod } from "../db/periods";
import { unitByCode, unitOf } from "../db/units";

/**
 * Open (or update) the period of a unit for a form and year. Idempotent: the same content again
 * answers 200 with the stored period; other content updates due date and supplements (and opens a
 * closed period again).
 */
export async function openPeriod(
  db: D1Database,
  principal: Principal,
  b: PeriodCreateBody,
  by: Actor,
): Promise<{ status: number; period: Period }> {
  if (!isCalendarDate(b.dueDate)) {
    throw problems.badRequest(
      "invalid-body",
      `截止日期「${b.dueDate}」不是有效日期。`,
      `The due date "${b.dueDate}" is not a calendar date.`,
    );
  }
  const found = lookupForm(b.form, b.year);
  if (!found.ok) throw problems.formLookup(found);
  const unit = decided(authorizeAdministered(principal, b.unit, await unitByCode(db, b.unit)));
  const { created, period } = await upsertPeriod(
    db,
    {
      unit,
      form: found.form.id,
      year: b.year,
      dueDate: b.dueDate,
      capacity: b.supplements?.capacity ?? true,
    },
    by,
  );
  return { status: created ? 201 : 200, period };
}

function unknownPeriod(id: string) {
  return problems.notFound(
    `没有编号为「${id.slice(0, 40)}」的填报期。`,
    `No period "${id.slice(0, 40)}".`,
  );
}

/** Close a period (again: unchanged) opened at a unit the admin administers. */
export async function closePeriodOf(
  db: D1Database,
  principal: Principal,
  id: string,
  by: Actor,
): Promise<Period> {
  const unit = await unitOf(db, "periods", id);
  if (!unit) throw unknownPeriod(id);
  decided(authorizeAdministered(principal, unit.code, unit));
  const period = await closePeriod(db, id, by);
  if (!period) throw unknownPeriod(id);
  return period;
}
