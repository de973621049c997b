import * as z from "zod/mini";
import { UnitRefSchema } from "./common";

// ------------------------------------------------------------------------------------------------
// GET /units/:code/rollups/:form/:year  (?format=json|csv|xlsx)

/**
 * The workflow's fields of the rollup (`include`, `included`, `pending`, `rules`, each child's
 * counts, each entry's `late` / `timeliness`) are always sent by this Worker; they are optional in
 * the schemas only so that a client still reads an older server's rollup.
 */
export const CompletenessEntrySchema = z.object({
  code: z.string(),
  name: z.string(),
  parent: z.nullable(z.string()),
  /** 0 for the rollup's unit, 1 for its children, … */
  depth: z.number().check(z.int()),
  status: z.enum(["missing", "submitted", "returned", "accepted", "withdrawn"]),
  /** The current revision was stored after the due date (null: no report). */
  late: z.optional(z.nullable(z.boolean())),
  timeliness: z.optional(z.enum(["on_time", "late", "missing"])),
  revision: z.nullable(z.number().check(z.int())),
  submittedAt: z.nullable(z.string()),
  errors: z.number().check(z.int()),
  warnings: z.number().check(z.int()),
  /**
   * The holders of the unit's clerk credentials in force, when recorded (issue 21: to chase a
   * late unit): `张三 0577-12345678`, several joined by `;`.
   */
  contact: z.optional(z.nullable(z.string())),
  /** The due date of the unit's period (the nearest on its path), null without one. */
  dueDate: z.optional(z.nullable(z.string())),
  /**
   * For a unit still to report (missing, returned, withdrawn): whole days from today (China time)
   * to the due date, negative once past it; null otherwise or without a period.
   */
  daysLeft: z.optional(z.nullable(z.number().check(z.int()))),
  /** The reminders (催报) sent to the unit for this form and year: how many, the latest's time. */
  reminders: z.optional(
    z.object({ count: z.number().check(z.int()), last: z.nullable(z.string()) }),
  ),
});
export type CompletenessEntry = z.infer<typeof CompletenessEntrySchema>;

export const RollupChildSchema = z.object({
  code: z.string(),
  name: z.string(),
  /** Units in the child's subtree (including the child). */
  units: z.number().check(z.int()),
  /** Of those, units with a submitted report. */
  submitted: z.number().check(z.int()),
  /** Consolidated values of the child's subtree (accepted reports only with include=accepted). */
  values: z.record(z.string(), z.number()),
  /** Units of the child's subtree whose report is in `values`. */
  included: z.optional(z.number().check(z.int())),
  /** Reports of the child's subtree not in `values` (include=accepted: submitted or returned). */
  pending: z.optional(z.number().check(z.int())),
  /** Units of the child's subtree without a report. */
  missing: z.optional(z.number().check(z.int())),
  /** 已确认: a supervisor of the child signed off its consolidated report, still in force. */
  confirmed: z.optional(z.boolean()),
});
export type RollupChild = z.infer<typeof RollupChildSchema>;

/**
 * `?completeness=`: `all` (default) lists every unit of the subtree; `missing` only the units that
 * have not submitted; `none` leaves the list out (counts stay), which keeps a rollup of a very
 * large subtree small and fast.
 */
export const CompletenessModeSchema = z.enum(["all", "missing", "none"]);
export type CompletenessMode = z.infer<typeof CompletenessModeSchema>;

/**
 * `?include=`: `submitted` (default) every current report; `accepted` accepted reports only;
 * `confirmed` the children whose consolidated report is signed off (汇总确认) only.
 */
export const IncludeSchema = z.enum(["submitted", "accepted", "confirmed"]);
export type Include = z.infer<typeof IncludeSchema>;

/** How many units of the subtree fail a rule in their current revision (warnings). */
export const RuleFailuresSchema = z.object({
  rule: z.string(),
  units: z.number().check(z.int()),
  /** The failing units' codes (at most 100). */
  codes: z.array(z.string()),
});
export type RuleFailures = z.infer<typeof RuleFailuresSchema>;

export const RollupSchema = z.object({
  unit: UnitRefSchema,
  form: z.string(),
  year: z.number().check(z.int()),
  /** Sum of every submitted report in the subtree (the unit's own included), by cell id. */
  values: z.record(z.string(), z.number()),
  units: z.number().check(z.int()),
  submitted: z.number().check(z.int()),
  missing: z.number().check(z.int()),
  include: z.optional(IncludeSchema),
  /** Units whose report is in `values`. */
  included: z.optional(z.number().check(z.int())),
  /** Reports in the subtree not in `values` (include=accepted: submitted or returned). */
  pending: z.optional(z.number().check(z.int())),
  children: z.array(RollupChildSchema),
  /** Rules failed by the subtree's current revisions, most failing units first. */
  rules: z.optional(z.array(RuleFailuresSchema)),
  /** Every unit of the subtree, depth-first, the rollup's unit first (see `completenessMode`). */
  completeness: z.array(CompletenessEntrySchema),
  /** Which units `completeness` lists (`?completeness=`; default `all`). */
  completenessMode: z.optional(CompletenessModeSchema),
});
export type Rollup = z.infer<typeof RollupSchema>;
