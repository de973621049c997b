import * as z from "zod/mini";
import { RoleSchema, UnitCodeSchema, UnitRefSchema } from "./common";

// ------------------------------------------------------------------------------------------------
// Admin

export const UnitImportRowSchema = z.strictObject({
  code: UnitCodeSchema,
  name: z.string().check(z.trim(), z.minLength(1), z.maxLength(200)),
  /** Empty / null for a root. The parent may come earlier or later in the same import. */
  parent_code: z.optional(z.nullable(UnitCodeSchema)),
});
export type UnitImportRow = z.infer<typeof UnitImportRowSchema>;

/**
 * POST /admin/units: JSON `{units: [...]}` or a bare array (`application/json`), or CSV
 * `code,name,parent_code` with that header line (`text/csv`). Idempotent on code: a unit that
 * already exists with the same name and parent is left as it is; one that differs is a 409.
 */
export const UnitsImportBodySchema = z.union([
  z.strictObject({ units: z.array(UnitImportRowSchema).check(z.minLength(1)) }),
  z.array(UnitImportRowSchema).check(z.minLength(1)),
]);
export type UnitsImportBody = z.infer<typeof UnitsImportBodySchema>;

/** The Worker's reading of an import body: rows are checked one by one (422 listing bad rows). */
export const UnitsImportEnvelopeSchema = z.pipe(
  z.union([
    z.strictObject({ units: z.array(z.unknown()).check(z.minLength(1)) }),
    z.array(z.unknown()).check(z.minLength(1)),
  ]),
  z.transform((b) => (Array.isArray(b) ? b : b.units)),
);

export const UnitsImportResponseSchema = z.object({
  created: z.number().check(z.int()),
  unchanged: z.number().check(z.int()),
});
export type UnitsImportResponse = z.infer<typeof UnitsImportResponseSchema>;

/**
 * Who holds a credential (等保 2.0: accounts of people), to chase a late unit: a name and a
 * phone, both optional, stored as given (trimmed).
 */
export const HolderSchema = z.strictObject({
  name: z.optional(z.string().check(z.trim(), z.maxLength(50))),
  phone: z.optional(z.string().check(z.trim(), z.regex(/^[0-9+\- ]{0,20}$/))),
});
export type Holder = z.infer<typeof HolderSchema>;

export const CredentialCreateBodySchema = z.strictObject({
  unit: UnitCodeSchema,
  role: RoleSchema,
  holder: z.optional(HolderSchema),
});
export type CredentialCreateBody = z.infer<typeof CredentialCreateBodySchema>;

export const CredentialCreatedSchema = z.object({
  id: z.string(),
  unit: UnitRefSchema,
  role: RoleSchema,
  /** `<id>.<secret>`: shown once, only its hash is stored. */
  token: z.string(),
  createdAt: z.string(),
  /** Past it the credential no longer works (null: never; the installation's default). */
  expiresAt: z.optional(z.nullable(z.string())),
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
