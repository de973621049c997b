import { Hono } from "hono";
import {
  TextsPutBodySchema,
  TextsReviewBodySchema,
  textsETag,
} from "../../../shared/api/report-texts";
import { lookupForm } from "../../../shared/forms/catalogue";
import type { AuthedEnv } from "../app-env";
import { json, nowIso } from "../http/respond";
import { authorizeTextsWrite } from "../domain/report-texts";
import { readTexts } from "../db/report-texts";
import { documentQuery, documentResponse, documentsZip } from "../export/report-documents";
import { publishedValues } from "../export/publish";
import { jsonBody, readBody } from "../middleware/body";
import { formYear } from "../middleware/form-year";
import { reviewScope, unitScope } from "../middleware/unit-scope";
import {
  reviewTexts,
  rollupDocumentInput,
  saveTexts,
  structureOf,
  subtreeDocumentInputs,
  textsView,
  unitDocumentInput,
} from "../services/report-document";
import { rollupFigures } from "../services/rollup";
import { decided } from "../http/problem";

const REPORT = "/units/:code/reports/:form/:year";
const ROLLUP = "/units/:code/rollups/:form/:year";

const TEXTS_SHAPE = {
  zh: '报告文字的请求体应为 {"texts": {"<部分>": "文字", …}, "submit": true | false}。',
  en: 'The texts body must be {"texts": {"<section>": "text", …}, "submit": true | false}.',
};
const REVIEW_SHAPE = {
  zh: '审核报告文字的请求体应为 {"action": "return" | "accept", "remark": "…"}。',
  en: 'The texts review body must be {"action": "return" | "accept", "remark": "…"}.',
};

/**
 * The annual report (issue 26): the texts a clerk writes (GET, PUT; a supervisor of an ancestor
 * returns or accepts them), the document of a unit's report and of a node's consolidated report
 * (`?format=docx|html`), and a supervisor's zip of every unit's document.
 */
export const reportDocument = new Hono<AuthedEnv>()
  .get(`${REPORT}/texts`, unitScope("read"), formYear(), async (c) => {
    const { unit, form, year } = c.var;
    structureOf(form);
    const state = await readTexts(c.env.DB, unit, form.id, year);
    return json(textsView(unit, form, year, state), 200, { ETag: textsETag(state.revision) });
  })
  .put(
    `${REPORT}/texts`,
    unitScope("read"),
    formYear(),
    readBody("application/json"),
    jsonBody(TextsPutBodySchema, TEXTS_SHAPE),
    async (c) => {
      const { unit, form, year, principal } = c.var;
      decided(authorizeTextsWrite(principal, unit));
      const { state, created } = await saveTexts(c.env.DB, {
        principal,
        unit,
        form,
        year,
        body: c.req.valid("json"),
        ifMatch: c.req.header("If-Match") ?? null,
        requestId: c.var.requestId,
        now: nowIso(),
      });
      return json(textsView(unit, form, year, state), created ? 201 : 200, {
        ETag: textsETag(state.revision),
      });
    },
  )
  .post(
    `${REPORT}/texts/review`,
    reviewScope(),
    formYear(),
    readBody("application/json"),
    jsonBody(TextsReviewBodySchema, REVIEW_SHAPE),
    async (c) => {
      const { unit, form, year, principal } = c.var;
      const state = await reviewTexts(c.env.DB, {
        principal,
        unit,
        form,
        year,
        body: c.req.valid("json"),
        requestId: c.var.requestId,
        now: nowIso(),
      });
      return json(textsView(unit, form, year, state), 201, { ETag: textsETag(state.revision) });
    },
  )
  .get(`${REPORT}/document`, unitScope("read"), formYear(), async (c) => {
    const { unit, form, year } = c.var;
    const q = documentQuery((k) => c.req.query(k));
    const input = await unitDocumentInput(c.env.DB, unit, form, year, q.lang);
    return documentResponse(input, q.format, { code: unit.code, formId: form.id, year });
  })
  .get(`${ROLLUP}/document`, unitScope("rollup"), formYear("subtree"), async (c) => {
    const { unit, form, year, scopeRoots: roots } = c.var;
    const q = documentQuery((k) => c.req.query(k));
    structureOf(form);
    const at = { unit, form, roots, include: "submitted" as const, mode: "none" as const };
    const head = await rollupFigures(c.env.DB, { ...at, year });
    // Last year's consolidated figures when the same form served it (the year-on-year clauses).
    const before = lookupForm(form.id, year - 1).ok
      ? await rollupFigures(c.env.DB, { ...at, year: year - 1 })
      : null;
    const note =
      q.lang === "zh"
        ? `本报告为${head.unit.name}汇总报告:${head.units} 个单位中 ${head.submitted} 个已报送统计表。`
        : `Consolidated by ${head.unit.name}: ${head.submitted} of ${head.units} units submitted their tables.`;
    const input = await rollupDocumentInput(c.env.DB, unit, form, year, q.lang, {
      values: publishedValues(head.values),
      previous: before && before.submitted > 0 ? publishedValues(before.values) : null,
      note,
    });
    return documentResponse(input, q.format, {
      code: `${unit.code}-rollup`,
      formId: form.id,
      year,
    });
  })
  .get(`${ROLLUP}/documents`, unitScope("rollup"), formYear("subtree"), async (c) => {
    const { unit, form, year } = c.var;
    const { lang } = documentQuery((k) => (k === "format" ? undefined : c.req.query(k)));
    const entries = await subtreeDocumentInputs(c.env.DB, unit, form, year, lang);
    return documentsZip(unit, form.id, year, entries, lang);
  });
