import * as z from "zod/mini";
import { UnitCodeSchema } from "../forms/schema";
import { CHINA_OFFSET_MS } from "../china-time";

/**
 * The stored facts an assessment is computed from, one record per assessed unit (the units
 * directly below the supervisor's unit) for one form and report year. Scores are never typed in:
 * the Worker reads these facts and `scoreUnits` (./score.ts) recomputes every measured item.
 *
 * Where each fact comes from (worker/migrations; `u` = the assessed unit, `f`/`y` = form, year):
 *
 * | fact | D1 source |
 * |---|---|
 * | `dueDate` | `periods.due_date` of the unit's period: the one opened at `u` or its nearest ancestor for `f`, `y` (as for a PUT; an extended due date applies) — null when none |
 * | `firstSubmittedAt` | `revisions.submitted_at` of `revision = 1` of `(u, f, y)` — null: nothing submitted |
 * | `returns` | `count(*)` of `report_events` of `(u, f, y)` with `action = 'return'` |
 * | `unexplainedWarnings` | warnings of the current revision (`current_reports.revision` → `revisions.issues`, each `key`) without a non-blank text in that revision's `explanations` (the PUT requires one today, so normally 0) |
 * | `rejectedExplanations` | `count(*)` of `explanation_reviews` of `(u, f, y)`, any revision, with `decision = 'rejected'` |
 * | `remarks.total` / `remarks.open` | `count(*)` of `remarks` of `(u, f, y)` / of those with `resolution IS NULL` |
 *
 * All of them for every child of a unit in one batch: `… WHERE unit_id IN (SELECT id FROM units
 * WHERE parent_id = ?) AND form = ? AND year = ? GROUP BY unit_id` per table (the primary keys
 * of revisions, report_events, remarks and explanation_reviews start with unit_id, form, year).
 */

const Count = z.number().check(z.int(), z.nonnegative());

/** `YYYY-MM-DD`, a calendar date (China time for due dates). */
export const DateSchema = z.iso.date();

export const UnitFactsSchema = z.strictObject({
  code: UnitCodeSchema,
  name: z.string().check(z.minLength(1)),
  /** The due date of the unit's period; null when no period applies (then never late). */
  dueDate: z.nullable(DateSchema),
  /** When the first revision was stored (ISO 8601); null when nothing was submitted. */
  firstSubmittedAt: z.nullable(z.iso.datetime({ offset: true })),
  /** How many times a supervisor returned the report. */
  returns: Count,
  /** Warnings of the current revision without an explanation (说明). */
  unexplainedWarnings: Count,
  /** Explanations rejected by a supervisor, over every revision. */
  rejectedExplanations: Count,
  /** Remarks pinned to cells on returns: all of them, and those still open. */
  remarks: z
    .strictObject({ total: Count, open: Count })
    .check(z.refine((r) => r.open <= r.total, "open remarks cannot outnumber all remarks")),
});
export type UnitFacts = z.infer<typeof UnitFactsSchema>;

export const UnitFactsListSchema = z.array(UnitFactsSchema);

/** A supervisor's score of a manual item, with the reason (required). */
export const ManualScoreSchema = z.strictObject({
  points: z.number().check(z.nonnegative(), z.multipleOf(0.01)),
  reason: z.string().check(z.trim(), z.minLength(1), z.maxLength(500)),
});
export type ManualScore = z.infer<typeof ManualScoreSchema>;

/** Manual scores by unit code, then by rubric item id. */
export const ManualScoresSchema = z.record(UnitCodeSchema, z.record(z.string(), ManualScoreSchema));
export type ManualScores = z.infer<typeof ManualScoresSchema>;

const DAY_MS = 86_400_000;

/**
 * Calendar days (China time, UTC+8) between the due date and the day of a submission; 0 when on
 * or before the due date. A submission at 00:00:01 on the day after the due date is 1 day late,
 * matching the Worker's `late` flag (after 23:59:59 UTC+8 of the due date).
 */
export function daysLate(dueDate: string, submittedAt: string): number {
  const chinaDay = Math.floor((Date.parse(submittedAt) + CHINA_OFFSET_MS) / DAY_MS);
  const dueDay = Math.floor(Date.parse(`${dueDate}T00:00:00Z`) / DAY_MS);
  return Math.max(0, chinaDay - dueDay);
}
