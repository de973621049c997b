/**
 * What the pane's administration sheets read and send (issue 13): a subtree's units, the unit
 * changes of a sheet (previewed, then applied in one transaction), and the credentials of a
 * subtree without their secrets.
 */
import * as z from "zod/mini";
import { RoleSchema } from "./common";

export const AdminUnitSchema = z.object({
  code: z.string(),
  name: z.string(),
  /** The parent's code; null for a root. */
  parent: z.nullable(z.string()),
  active: z.boolean(),
  /**
   * Whether it reports for itself: false for a node whose reports are only the consolidation of
   * its children (a county, a town's aggregate), which is then no reporting unit (issue 21).
   */
  reportsItself: z.optional(z.boolean()),
  /** Units in its subtree, itself included. */
  subtreeUnits: z.number(),
});
export type AdminUnit = z.infer<typeof AdminUnitSchema>;

/** GET /admin/units: the caller's subtree (a root's admin: every unit), parents before children. */
export const AdminUnitsResponseSchema = z.object({ units: z.array(AdminUnitSchema) });
export type AdminUnitsResponse = z.infer<typeof AdminUnitsResponseSchema>;

/** One row of the unit sheet as sent: every field is checked per row by the Worker. */
export const UnitChangeRowSchema = z.object({
  code: z.string(),
  name: z.string(),
  parent: z.optional(z.nullable(z.string())),
  active: z.optional(z.boolean()),
  /** Reports for itself (absent: as stored; a new unit: true). */
  reports: z.optional(z.boolean()),
});
export type UnitChangeRow = z.infer<typeof UnitChangeRowSchema>;

/**
 * POST /admin/units/changes: the sheet's rows (units not listed are left as they are; a unit is
 * never deleted, only deactivated). `dryRun`: answer what would change and the row errors,
 * changing nothing.
 */
export const UnitChangesBodySchema = z.strictObject({
  rows: z.array(UnitChangeRowSchema).check(z.minLength(1), z.maxLength(20000)),
  dryRun: z.optional(z.boolean()),
});
export type UnitChangesBody = z.infer<typeof UnitChangesBodySchema>;

export const UnitChangeKindSchema = z.enum([
  "added",
  "renamed",
  "moved",
  "deactivated",
  "reactivated",
  /** No longer reports for itself (a consolidating node), and the reverse. */
  "consolidating",
  "reporting",
]);
export type UnitChangeKind = z.infer<typeof UnitChangeKindSchema>;

export const UnitChangeSchema = z.object({
  /** Index of the row in `rows`. */
  row: z.number(),
  code: z.string(),
  kinds: z.array(UnitChangeKindSchema),
  name: z.string(),
  parent: z.nullable(z.string()),
  /** Before the change (absent for an added unit). */
  was: z.optional(z.object({ name: z.string(), parent: z.nullable(z.string()) })),
});
export type UnitChange = z.infer<typeof UnitChangeSchema>;

export const UnitRowErrorSchema = z.object({
  row: z.number(),
  code: z.string(),
  message: z.string(),
  message_en: z.string(),
});
export type UnitRowError = z.infer<typeof UnitRowErrorSchema>;

/** The answer: the changes (unchanged rows left out) and the row errors; `applied` if stored. */
export const UnitChangesResultSchema = z.object({
  applied: z.boolean(),
  changes: z.array(UnitChangeSchema),
  errors: z.array(UnitRowErrorSchema),
});
export type UnitChangesResult = z.infer<typeof UnitChangesResultSchema>;

export const CredentialInfoSchema = z.object({
  id: z.string(),
  role: RoleSchema,
  unit: z.object({ code: z.string(), name: z.string() }),
  createdAt: z.string(),
  /** The last submission or review made with it (null: none yet). */
  lastUsedAt: z.nullable(z.string()),
  revokedAt: z.nullable(z.string()),
  /** Its holder (issue 21), when recorded. */
  holderName: z.optional(z.nullable(z.string())),
  holderPhone: z.optional(z.nullable(z.string())),
  /** Past it the credential no longer works (null: never). */
  expiresAt: z.optional(z.nullable(z.string())),
});
export type CredentialInfo = z.infer<typeof CredentialInfoSchema>;

/** One line of the audit log: who (credential, its unit, role and holder) did what, when. */
export const AuditLineSchema = z.object({
  at: z.string(),
  action: z.string(),
  target: z.string(),
  detail: z.record(z.string(), z.unknown()),
  credential: z.nullable(z.string()),
  unit: z.nullable(z.object({ code: z.string(), name: z.string() })),
  role: z.nullable(RoleSchema),
  holderName: z.nullable(z.string()),
  requestId: z.string(),
});
export type AuditLine = z.infer<typeof AuditLineSchema>;

/** GET /admin/audit: the audit lines of the caller's subtree, newest first (at most `limit`). */
export const AuditLogSchema = z.object({
  lines: z.array(AuditLineSchema),
  /** More lines exist beyond the limit (ask with ?before=<at> of the last line). */
  truncated: z.boolean(),
});
export type AuditLog = z.infer<typeof AuditLogSchema>;

/** GET /admin/credentials: the credentials of the caller's subtree, newest first, no secrets. */
export const CredentialListSchema = z.object({ credentials: z.array(CredentialInfoSchema) });
export type CredentialList = z.infer<typeof CredentialListSchema>;
