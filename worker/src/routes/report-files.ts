import { Hono, type Context, type MiddlewareHandler } from "hono";
import { canonicalJson } from "../../../shared/api/canonical-json";
import { UPLOAD_LIMITS } from "../../../shared/workbook/upload-guard";
import type { AuthedEnv } from "../app-env";
import type { EnvWith } from "../env";
import type { FormYearVariables } from "../middleware/form-year";
import type { UnitVariables } from "../middleware/unit-scope";
import { mediaType, readBytes } from "../http/body";
import { nowIso, writeResponse } from "../http/respond";
import { idempotencyKey } from "../middleware/body";
import { formYear } from "../middleware/form-year";
import { unitScope } from "../middleware/unit-scope";
import { submitReport } from "../services/submit";
import {
  workbookDisposition,
  workbookDownload,
  workbookUpload,
  XLSX_TYPE,
} from "../services/workbook-file";

const REPORT = "/units/:code/reports/:form/:year";

/** The GET asks for the workbook: `?format=xlsx`, or an Accept that names .xlsx before JSON. */
function wantsWorkbook(c: Context<AuthedEnv>): boolean {
  if (c.req.query("format") === "xlsx") return true;
  return (c.req.header("Accept") ?? "").toLowerCase().includes(XLSX_TYPE);
}

/**
 * The report as a checking workbook (issue 11), mounted before `reports`: GET downloads it, PUT
 * uploads one. The upload becomes the JSON PUT's body and goes through the same `submitReport`.
 */
export const reportFiles = new Hono<AuthedEnv>()
  .get(REPORT, async (c, next) => {
    if (!wantsWorkbook(c)) return next();
    return downloadChain(c);
  })
  .put(REPORT, async (c, next) => {
    if (mediaType(c.req.raw) !== XLSX_TYPE) return next();
    return uploadChain(c);
  });

/** What the handlers read once the chain's unitScope and formYear ran. */
type ScopedEnv = EnvWith<AuthedEnv["Variables"] & UnitVariables & FormYearVariables>;

/**
 * Run middleware in order, then the handler (the same checks as the JSON routes). Each step is
 * typed against its own Variables (hono's default Env, as hono/combine's `every` takes them).
 */
function chain(steps: MiddlewareHandler[], handler: (c: Context<ScopedEnv>) => Promise<Response>) {
  return async (c: Context<AuthedEnv>): Promise<Response> => {
    let response: Response | undefined;
    const run = async (i: number): Promise<void> => {
      if (i < steps.length) {
        await steps[i]!(c, () => run(i + 1));
      } else {
        // The steps ran: unitScope set `unit`, formYear `form` and `year`.
        response = await handler(c as unknown as Context<ScopedEnv>);
      }
    };
    await run(0);
    return response!;
  };
}

const downloadChain = chain([unitScope("read"), formYear()], async (c) => {
  const { unit, form, year } = c.var;
  const bytes = await workbookDownload(c.env.DB, unit, form, year);
  return new Response(bytes, {
    headers: {
      "Content-Type": XLSX_TYPE,
      "Content-Disposition": workbookDisposition(unit, form, year),
    },
  });
});

/** `?overwrite=N`: the clerk chose 「仍用此文件覆盖」 over revision N (domain/file-base.ts). */
function overwriteOf(q: string | undefined): number | null {
  const n = Number(q);
  return q !== undefined && Number.isInteger(n) && n > 0 ? n : null;
}

const uploadChain = chain([unitScope("upload"), formYear(), idempotencyKey(true)], async (c) => {
  const { unit, form, year } = c.var;
  const bytes = await readBytes(c.req.raw, UPLOAD_LIMITS.maxBytes);
  const { body, file } = await workbookUpload(bytes, unit, form, year);
  const outcome = await submitReport(c.env.DB, {
    principal: c.var.principal,
    unit,
    form,
    year,
    body,
    // The idempotency record matches a retry on what the file says, not on its zip bytes.
    rawBody: canonicalJson(body),
    idempotencyKey: c.req.header("Idempotency-Key")!,
    // Programs may still send If-Match; a person's upload is judged by the file's own base.
    ifMatch: c.req.header("If-Match") ?? null,
    file: { ...file, overwrite: overwriteOf(c.req.query("overwrite")) },
    requestId: c.var.requestId,
    now: nowIso(),
  });
  return writeResponse(outcome);
});
