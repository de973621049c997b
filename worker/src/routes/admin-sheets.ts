/**
 * What the pane's administration sheets need: the subtree's units, a sheet's unit changes
 * (preview with `dryRun`, or applied in one batch), the subtree's credentials (no secrets) and
 * its audit log (JSON, or `?format=xlsx` for the 审计日志 sheet).
 */
import { disposition } from "../http/disposition";
import { Hono } from "hono";
import { UnitChangesBodySchema } from "../../../shared/api/admin-ui";
import type { AuthedEnv } from "../app-env";
import { actor, json } from "../http/respond";
import { auditSheet } from "../../../shared/workbook/audit-sheet";
import { writeXlsx } from "../../../shared/workbook/xlsx";
import { XLSX_MEDIA_TYPE } from "../../../shared/api/workbook";
import { auditLines } from "../db/audit";
import { listCredentials } from "../db/credentials";
import { problems } from "../http/problem";
import { adminOnly } from "../middleware/admin";
import { jsonBody, readBody } from "../middleware/body";
import { changeUnits, listUnits } from "../services/unit-changes";

/** Lines one answer lists (the xlsx too); older ones with `?before=<at of the last line>`. */
const AUDIT_LIMIT = 5000;

export const adminSheets = new Hono<AuthedEnv>()
  .get("/admin/audit", adminOnly(), async (c) => {
    const format = c.req.query("format") ?? "json";
    if (format !== "json" && format !== "xlsx") {
      throw problems.badRequest(
        "invalid-format",
        "format 只能是 json 或 xlsx。",
        "format must be json or xlsx.",
      );
    }
    const before = c.req.query("before") ?? null;
    const log = await auditLines(c.env.DB, c.var.principal.unit.path, AUDIT_LIMIT, before);
    if (format === "json") return json(log);
    const bytes = await writeXlsx({ sheets: [auditSheet(log.lines, "zh")] });
    const name = `${c.var.principal.unit.name}_审计日志.xlsx`;
    return new Response(bytes, {
      headers: {
        "Content-Type": XLSX_MEDIA_TYPE,
        "Content-Disposition": disposition("attachment", "audit-log.xlsx", name),
      },
    });
  })
  .get("/admin/units", adminOnly(), async (c) =>
    json({ units: await listUnits(c.env.DB, c.var.principal) }),
  )
  .post(
    "/admin/units/changes",
    adminOnly(),
    readBody("application/json"),
    jsonBody(UnitChangesBodySchema, {
      zh: '请求体应为 {"rows": [{"code", "name", "parent", "active"}, …], "dryRun": true | false}(1–20000 行)。',
      en: 'The body must be {"rows": [{"code", "name", "parent", "active"}, …], "dryRun": true | false} (1–20,000 rows).',
    }),
    async (c) => {
      const { rows, dryRun } = c.req.valid("json");
      return json(await changeUnits(c.env.DB, c.var.principal, rows, dryRun ?? false, actor(c)));
    },
  )
  .get("/admin/credentials", adminOnly(), async (c) => {
    const path = c.var.principal.unit.path;
    return json({ credentials: await listCredentials(c.env.DB, path) });
  });
