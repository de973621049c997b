import { Hono } from "hono";
import {
  ReportPutBodyServerSchema,
  reportETag,
  type HistoryResponse,
  type RevisionsResponse,
} from "../../../shared/api/schemas";
import type { AuthedEnv } from "../app-env";
import { json, nowIso, writeResponse } from "../http/respond";
import { noReport } from "../domain/report";
import { problemOf } from "../http/problem";
import { listRevisions, toRevision } from "../db/revisions";
import { history, readCurrentReport } from "../db/workflow";
import { idempotencyKey, jsonBody, readBody } from "../middleware/body";
import { publishQuery, publishResponse } from "../export/publish";
import { formYear } from "../middleware/form-year";
import { unitScope } from "../middleware/unit-scope";
import { submitReport } from "../services/submit";

const REPORT = "/units/:code/reports/:form/:year";

const PUT_SHAPE = {
  zh: '请求体应为 JSON 对象 {"values": {...}, "explanations": {...}, "answers": {...}}(explanations、answers 可省略)。',
  en: 'The body must be a JSON object {"values": {...}, "explanations": {...}, "answers": {...}} (explanations and answers optional).',
};

/** A unit's report: GET (current, with its ETag), its history and revisions, and PUT. */
export const reports = new Hono<AuthedEnv>()
  .get(REPORT, unitScope("read"), formYear(), async (c) => {
    const { unit, form, year } = c.var;
    const { report } = await readCurrentReport(c.env.DB, unit, form.id, year);
    if (!report) throw problemOf(noReport(unit, form.id, year));
    const publish = publishQuery((k) => c.req.query(k), ["json"]);
    if (publish) {
      const file = `report-${unit.code}-${form.id}-${year}`;
      return publishResponse(publish, form, report.values, { unit: unit.name, year, file });
    }
    return json(report, 200, { ETag: reportETag(form.id, year, report.revision) });
  })
  .get(`${REPORT}/history`, unitScope("read"), formYear(), async (c) => {
    const { unit, form, year } = c.var;
    const body: HistoryResponse = { events: await history(c.env.DB, unit, form.id, year) };
    return json(body);
  })
  .get(`${REPORT}/revisions`, unitScope("read"), formYear(), async (c) => {
    const { unit, form, year } = c.var;
    const rows = await listRevisions(c.env.DB, unit.id, form.id, year);
    if (rows.length === 0) throw problemOf(noReport(unit, form.id, year));
    const body: RevisionsResponse = { revisions: rows.map((r) => toRevision(r, unit)) };
    return json(body);
  })
  .put(
    REPORT,
    unitScope("write"),
    formYear(),
    idempotencyKey(true),
    readBody("application/json"),
    jsonBody(ReportPutBodyServerSchema, PUT_SHAPE),
    async (c) => {
      const body = c.req.valid("json");
      const outcome = await submitReport(c.env.DB, {
        principal: c.var.principal,
        unit: c.var.unit,
        form: c.var.form,
        year: c.var.year,
        body: {
          values: body.values,
          explanations: body.explanations ?? {},
          answers: body.answers ?? {},
        },
        rawBody: await c.req.text(),
        idempotencyKey: c.req.header("Idempotency-Key")!,
        ifMatch: c.req.header("If-Match") ?? null,
        requestId: c.var.requestId,
        now: nowIso(),
      });
      return writeResponse(outcome);
    },
  );
