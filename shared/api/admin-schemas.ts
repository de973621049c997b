import { z } from "zod";
import { RoleSchema, UnitCodeSchema, UnitRefSchema } from "./common";

// ------------------------------------------------------------------------------------------------
// Admin

export const UnitImportRowSchema = z
  .object({
    code: UnitCodeSchema,
    name: z.string().trim().min(1).max(200),
    /** Empty / null for a root. The parent may come earlier or later in the same import. */
    parent_code: UnitCodeSchema.nullable().optional(),
  })
  .strict();
export type UnitImportRow = z.infer<typeof UnitImportRowSchema>;

/**
 * POST /admin/units: JSON `{units: [...]}` or a bare array (`application/json`), or CSV
 * `code,name,parent_code` with that header line (`text/csv`). Idempotent on code: a unit that
 * already exists with the same name and parent is left as it is; one that differs is a 409.
 */
export const UnitsImportBodySchema = z.union([
  z.object({ units: z.array(UnitImportRowSchema).min(1) }).strict(),
  z.array(UnitImportRowSchema).min(1),
]);
export type UnitsImportBody = z.infer<typeof UnitsImportBodySchema>;

/** The Worker's reading of an import body: rows are checked one by one (422 listing bad rows). */
export const UnitsImportEnvelopeSchema = z
  .union([z.object({ units: z.array(z.unknown()).min(1) }).strict(), z.array(z.unknown()).min(1)])
  .transform((b) => (Array.isArray(b) ? b : b.units));

export const UnitsImportResponseSchema = z.object({
  created: z.number().int(),
  unchanged: z.number().int(),
});
export type UnitsImportResponse = z.infer<typeof UnitsImportResponseSchema>;

export const CredentialCreateBodySchema = z
  .object({ unit: UnitCodeSchema, role: RoleSchema })
  .strict();
export type CredentialCreateBody = z.infer<typeof CredentialCreateBodySchema>;

export const CredentialCreatedSchema = z.object({
  id: z.string(),
  unit: UnitRefSchema,
  role: RoleSchema,
  /** `<id>.<secret>`: shown once, only its hash is stored. */
  token: z.string(),
  createdAt: z.string(),
});
export type CredentialCreated = z.infer<typeof CredentialCreatedSchema>;

export const CredentialRevokedSchema = z.object({
  id: z.string(),
  revokedAt: z.string(),
});
export type CredentialRevoked = z.infer<typeof CredentialRevokedSchema>;

// ------------------------------------------------------------------------------------------------
// Demo credentials file written by `npm start` (.dev/credentials.json)

export const DevCredentialsSchema = z.object({
  admin: z.string(),
  units: z.array(
    z.object({ code: z.string(), name: z.string(), role: RoleSchema, token: z.string() }),
  ),
});
export type DevCredentials = z.infer<typeof DevCredentialsSchema>;
