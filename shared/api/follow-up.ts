/**
 * What a supervisor follows up with (docs/WORKFLOW.md, "Following up"): the changes between two
 * revisions (比对), a clerk's withdrawal (撤回), the reminders sent to late units (催报) and the
 * sign-off of a node's consolidated report (汇总确认).
 */
import * as z from "zod/mini";
import { MAX_REMARK_CHARS, UnitCodeSchema, UnitRefSchema } from "./common";

const Int = z.number().check(z.int());

// ------------------------------------------------------------------------------------------------
// GET /units/:code/reports/:form/:year/revisions/compare?from=&to=

export const CellChangeSchema = z.object({ cell: z.string(), from: z.number(), to: z.number() });
export type CellChange = z.infer<typeof CellChangeSchema>;

/** A 说明 (by issue key) that was added, changed or dropped. */
export const ExplanationChangeSchema = z.object({
  key: z.string(),
  from: z.nullable(z.string()),
  to: z.nullable(z.string()),
});
export type ExplanationChange = z.infer<typeof ExplanationChangeSchema>;

/** A remark the clerk resolved between the two revisions (by changing the cell or answering). */
export const RemarkAnswerSchema = z.object({
  id: z.string(),
  cell: z.string(),
  text: z.string(),
  resolution: z.enum(["changed", "answered"]),
  answer: z.nullable(z.string()),
  revision: Int,
});
export type RemarkAnswer = z.infer<typeof RemarkAnswerSchema>;

/**
 * How `from` was chosen: `asked` (the query's), `returned` (the revision last returned, the
 * default), `previous` (never returned: the revision before the current one), `only` (a single
 * revision: nothing to compare).
 */
export const CompareBasisSchema = z.enum(["asked", "returned", "previous", "only"]);

export const RevisionCompareSchema = z.object({
  unit: UnitRefSchema,
  form: z.string(),
  year: Int,
  from: Int,
  to: Int,
  basis: CompareBasisSchema,
  /** Cells whose value differs, in the form's cell order. */
  cells: z.array(CellChangeSchema),
  explanations: z.array(ExplanationChangeSchema),
  answers: z.array(RemarkAnswerSchema),
});
export type RevisionCompare = z.infer<typeof RevisionCompareSchema>;

// ------------------------------------------------------------------------------------------------
// POST /units/:code/reports/:form/:year/withdraw  (clerk of the unit; Idempotency-Key optional)

export const WithdrawBodySchema = z.strictObject({
  /** The revision being withdrawn (another one → 409 stale-revision). */
  revision: z.number().check(z.int(), z.positive()),
  /** Required (blank → 422 reason-required). */
  reason: z.string().check(z.maxLength(MAX_REMARK_CHARS)),
});
export type WithdrawBody = z.infer<typeof WithdrawBodySchema>;

// ------------------------------------------------------------------------------------------------
// GET / POST /units/:code/rollups/:form/:year/sign-off  (汇总确认 by a supervisor of the node)

/**
 * Why a sign-off no longer holds: a report's change below it (`submit`, `return`, `reopen`,
 * `withdraw`, with the unit and revision), a unit moved into or out of the subtree (`move`, the
 * moved unit, revision 0), or a supervisor of the node took it back by hand (`revoke`, the node
 * itself, revision 0, with the reason given).
 */
export const SignOffWithdrawalSchema = z.object({
  at: z.string(),
  action: z.enum(["submit", "return", "reopen", "withdraw", "move", "revoke"]),
  unit: UnitRefSchema,
  revision: Int,
  reason: z.optional(z.nullable(z.string())),
});
export type SignOffWithdrawal = z.infer<typeof SignOffWithdrawalSchema>;

export const SignOffSchema = z.object({
  unit: UnitRefSchema,
  form: z.string(),
  year: Int,
  status: z.enum(["confirmed", "unconfirmed"]),
  /** The sign-off in force, or the latest one (then `withdrawn` says why it lapsed). */
  at: z.nullable(z.string()),
  by: z.nullable(UnitRefSchema),
  withdrawn: z.nullable(SignOffWithdrawalSchema),
});
export type SignOff = z.infer<typeof SignOffSchema>;

// POST /units/:code/rollups/:form/:year/sign-off/withdraw  (撤销确认 by a supervisor of the node)

export const SignOffRevokeBodySchema = z.strictObject({
  /** Why (optional): shown to the level above beside 未确认. */
  reason: z.optional(z.string().check(z.maxLength(MAX_REMARK_CHARS))),
});
export type SignOffRevokeBody = z.infer<typeof SignOffRevokeBodySchema>;

// ------------------------------------------------------------------------------------------------
// GET / POST /units/:code/reminders/:form/:year  (催报)

export const ContactSchema = z.object({
  name: z.nullable(z.string()),
  phone: z.nullable(z.string()),
});
export type Contact = z.infer<typeof ContactSchema>;

/** The statuses that are chased: no report, or returned / withdrawn and not resubmitted. */
export const ChasedStatusSchema = z.enum(["missing", "returned", "withdrawn"]);
export type ChasedStatus = z.infer<typeof ChasedStatusSchema>;

export const LateUnitSchema = z.object({
  code: z.string(),
  name: z.string(),
  status: ChasedStatusSchema,
  /** The unit's clerks' holders (credentials in force), when their names were recorded. */
  contacts: z.array(ContactSchema),
  dueDate: z.nullable(z.string()),
  /** Days from today (China time) to the due date: negative when past it, null without a period. */
  daysLeft: z.nullable(Int),
  reminders: z.object({ count: Int, last: z.nullable(z.string()) }),
});
export type LateUnit = z.infer<typeof LateUnitSchema>;

export const LateUnitsResponseSchema = z.object({
  unit: UnitRefSchema,
  form: z.string(),
  year: Int,
  /** Today in China time, `YYYY-MM-DD`: what `daysLeft` counts from. */
  today: z.string(),
  units: z.array(LateUnitSchema),
});
export type LateUnitsResponse = z.infer<typeof LateUnitsResponseSchema>;

/** Most units one reminder action names. */
export const MAX_REMINDED_UNITS = 5000;

export const ReminderBodySchema = z.strictObject({
  /** The units to remind (each must be chased), or `"missing"`: every chased unit of the subtree. */
  units: z.union([
    z.literal("missing"),
    z.array(UnitCodeSchema).check(z.minLength(1), z.maxLength(MAX_REMINDED_UNITS)),
  ]),
  /** An extra line for the message (optional). */
  note: z.optional(z.string().check(z.maxLength(500))),
});
export type ReminderBody = z.infer<typeof ReminderBodySchema>;

export const DeliverySchema = z.enum(["sent", "failed", "not_configured", "pending"]);
export type Delivery = z.infer<typeof DeliverySchema>;

export const ReminderSchema = z.object({
  id: Int,
  at: z.string(),
  by: UnitRefSchema,
  form: z.string(),
  year: Int,
  /** The message as sent (zh-CN). */
  message: z.string(),
  delivery: DeliverySchema,
  units: z.array(
    z.object({
      code: z.string(),
      name: z.string(),
      status: ChasedStatusSchema,
      contacts: z.array(ContactSchema),
    }),
  ),
});
export type Reminder = z.infer<typeof ReminderSchema>;
