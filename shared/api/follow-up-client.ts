/**
 * The follow-up endpoints of the API client (docs/WORKFLOW.md, "Following up"): compare, withdraw,
 * sign-off, 催报. Spread into `endpoints` of client.ts, so both faces of the client have them.
 */
import type { Endpoint } from "./endpoint";
import {
  LateUnitsResponseSchema,
  ReminderSchema,
  ReportSchema,
  RevisionCompareSchema,
  SignOffSchema,
  type ReminderBody,
  type SignOffRevokeBody,
  type WithdrawBody,
} from "./schemas";

const enc = encodeURIComponent;
const report = (unit: string, form: string, year: number) =>
  `/units/${enc(unit)}/reports/${enc(form)}/${year}`;
const signOffPath = (unit: string, form: string, year: number) =>
  `/units/${enc(unit)}/rollups/${enc(form)}/${year}/sign-off`;
const remindersPath = (unit: string, form: string, year: number) =>
  `/units/${enc(unit)}/reminders/${enc(form)}/${year}`;

export const followUpEndpoints = {
  /** The changes between two revisions (default: since the revision last returned). */
  compare: (
    unit: string,
    form: string,
    year: number,
    range: { from?: number; to?: number } = {},
  ): Endpoint<typeof RevisionCompareSchema> => {
    const q = new URLSearchParams();
    if (range.from !== undefined) q.set("from", String(range.from));
    if (range.to !== undefined) q.set("to", String(range.to));
    const query = q.toString();
    return {
      schema: RevisionCompareSchema,
      method: "GET",
      path: `${report(unit, form, year)}/revisions/compare${query ? `?${query}` : ""}`,
    };
  },
  /** 撤回: the unit's clerk takes a submitted, unreviewed report back. */
  withdraw: (
    unit: string,
    form: string,
    year: number,
    body: WithdrawBody,
    opts: { idempotencyKey?: string } = {},
  ): Endpoint<typeof ReportSchema> => ({
    schema: ReportSchema,
    method: "POST",
    path: `${report(unit, form, year)}/withdraw`,
    body,
    headers: opts.idempotencyKey ? { "Idempotency-Key": opts.idempotencyKey } : {},
  }),
  signOff: (unit: string, form: string, year: number): Endpoint<typeof SignOffSchema> => ({
    schema: SignOffSchema,
    method: "GET",
    path: signOffPath(unit, form, year),
  }),
  /** 汇总确认 by a supervisor of the unit itself. */
  confirmRollup: (unit: string, form: string, year: number): Endpoint<typeof SignOffSchema> => ({
    schema: SignOffSchema,
    method: "POST",
    path: signOffPath(unit, form, year),
  }),
  /** 撤销确认 by a supervisor of the unit itself (nothing in force: the state as it is). */
  revokeSignOff: (
    unit: string,
    form: string,
    year: number,
    body: SignOffRevokeBody = {},
  ): Endpoint<typeof SignOffSchema> => ({
    schema: SignOffSchema,
    method: "POST",
    path: `${signOffPath(unit, form, year)}/withdraw`,
    body,
  }),
  lateUnits: (
    unit: string,
    form: string,
    year: number,
  ): Endpoint<typeof LateUnitsResponseSchema> => ({
    schema: LateUnitsResponseSchema,
    method: "GET",
    path: remindersPath(unit, form, year),
  }),
  /** 催报: the key makes a retry after a lost answer send nothing again. */
  remind: (
    unit: string,
    form: string,
    year: number,
    body: ReminderBody,
    opts: { idempotencyKey: string },
  ): Endpoint<typeof ReminderSchema> => ({
    schema: ReminderSchema,
    method: "POST",
    path: remindersPath(unit, form, year),
    body,
    headers: { "Idempotency-Key": opts.idempotencyKey },
  }),
};
