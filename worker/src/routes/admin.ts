import { Hono } from "hono";
import { validator } from "hono/validator";
import { CredentialCreateBodySchema, UnitsImportEnvelopeSchema } from "../../../shared/api/schemas";
import type { AuthedEnv } from "../app-env";
import type { UnitRow } from "../env";
import { mediaType } from "../http/body";
import { decided, problems } from "../http/problem";
import { actor, json } from "../http/respond";
import { authorizeAdministered } from "../domain/access";
import { parseUnitsCsv } from "../domain/csv";
import { checkImportRows } from "../domain/unit-import";
import { unitByCode } from "../db/units";
import { adminOnly } from "../middleware/admin";
import { jsonBody, readBody } from "../middleware/body";
import { createCredential, credentialExpiry, revokeCredentialOf } from "../services/credentials";
import { importUnits } from "../services/units";

/** The import's rows from JSON (`[...]` or `{"units": [...]}`) or CSV, each row checked (422). */
const unitRows = validator("json", async (value, c) => {
  const raw =
    mediaType(c.req.raw) === "text/csv" ? decided(parseUnitsCsv(await c.req.text())) : value;
  const parsed = UnitsImportEnvelopeSchema.safeParse(raw);
  if (!parsed.success) {
    throw problems.badRequest(
      "invalid-body",
      '请求体应为单位数组或 {"units": [...]}。',
      'The body must be an array of units or {"units": [...]}.',
    );
  }
  return decided(checkImportRows(parsed.data));
});

const CREDENTIAL_SHAPE = {
  zh: '请求体应为 {"unit": 单位代码, "role": "clerk" | "supervisor" | "admin"}。',
  en: 'The body must be {"unit": code, "role": "clerk" | "supervisor" | "admin"}.',
};

/** Admin endpoints: the unit import and credentials. */
export const admin = new Hono<AuthedEnv>()
  .post(
    "/admin/units",
    adminOnly(),
    readBody("application/json", "text/csv"),
    unitRows,
    async (c) => {
      const result = await importUnits(c.env.DB, c.var.principal, c.req.valid("json"), actor(c));
      return json(result, result.created > 0 ? 201 : 200);
    },
  )
  .post(
    "/admin/credentials",
    adminOnly(),
    readBody("application/json"),
    jsonBody(CredentialCreateBodySchema, CREDENTIAL_SHAPE),
    async (c) => {
      const { unit: code, role, holder } = c.req.valid("json");
      const named = await unitByCode(c.env.DB, code);
      const unit = decided(authorizeAdministered(c.var.principal, code, named));
      const by = actor(c);
      const expiresAt = credentialExpiry(c.env, by.at);
      const body = await createCredential(c.env.DB, unit, role, by, { holder, expiresAt });
      return json(body, 201, { "Cache-Control": "no-store" });
    },
  )
  .delete("/admin/credentials/:id", adminOnly(), async (c) => {
    const p = c.var.principal;
    const check = (unit: UnitRow) => void decided(authorizeAdministered(p, unit.code, unit));
    return json(await revokeCredentialOf(c.env.DB, c.req.param("id"), check, actor(c)));
  });
