import { disposition } from "../http/disposition";
import { Hono } from "hono";
import {
  AssessmentFormatSchema,
  ManualScoreBodySchema,
  RubricPutBodySchema,
  type RubricInForce,
} from "../../../shared/api/supervision";
import { DEFAULT_RUBRIC } from "../../../shared/assessment/index";
import type { AuthedEnv } from "../app-env";
import { rubricInForce } from "../db/assessments";
import { assessmentCsv, assessmentXlsx } from "../export/assessment";
import { problems } from "../http/problem";
import { actor, json } from "../http/respond";
import { adminOnly } from "../middleware/admin";
import { jsonBody, readBody } from "../middleware/body";
import { formYear } from "../middleware/form-year";
import { unitScope } from "../middleware/unit-scope";
import { assessmentOf, scoreManualItem, setRubric, withBulletin } from "../services/assessment";

const RUBRIC_SHAPE = {
  zh: '请求体应为 {"unit": 单位代码, "form": 报表, "year": 年度, "rubric": 考核细则}(细则见 docs/ASSESSMENT.md)。',
  en: 'The body must be {"unit": code, "form": id, "year": number, "rubric": rubric} (see docs/ASSESSMENT.md).',
};
const MANUAL_SHAPE = {
  zh: '请求体应为 {"unit": 下级单位代码, "item": 评分项, "points": 分数(0.01 的整数倍), "reason": 理由}。',
  en: 'The body must be {"unit": code below, "item": rubric item, "points": multiple of 0.01, "reason": text}.',
};

const ASSESSMENT = "/units/:code/assessments/:form/:year";

function formatOf(raw: string | undefined) {
  const parsed = AssessmentFormatSchema.safeParse(raw ?? "json");
  if (!parsed.success) {
    const got = (raw ?? "").slice(0, 20);
    throw problems.badRequest(
      "invalid-format",
      `不支持的格式「${got}」(可用:json、csv、xlsx)。`,
      `Unsupported format "${got}" (json, csv, xlsx).`,
    );
  }
  return parsed.data;
}

/**
 * Assessments (考核) of the units directly below a unit, the rubric in force, a supervisor's
 * manual item scores, and an admin's rubric of its subtree (docs/ASSESSMENT.md).
 */
export const assessments = new Hono<AuthedEnv>()
  .get(ASSESSMENT, unitScope("rollup"), formYear("subtree"), async (c) => {
    const { unit, form, year } = c.var;
    const format = formatOf(c.req.query("format"));
    const a = await assessmentOf(c.env.DB, unit, form, year);
    const file = (ext: string, type: string) => ({
      "Content-Type": type,
      "Content-Disposition": disposition(
        "attachment",
        `assessment-${unit.code}-${form.id}-${year}.${ext}`,
        `${unit.name}_${year}年政府信息公开工作考核.${ext}`,
      ),
    });
    if (format === "csv")
      return new Response(assessmentCsv(a), { headers: file("csv", "text/csv; charset=utf-8") });
    if (format === "xlsx") {
      return new Response(
        await assessmentXlsx(a, { lang: "zh", formTitle: form.title.zh, unit: unit.name, year }),
        {
          headers: file(
            "xlsx",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
          ),
        },
      );
    }
    const lang = c.req.query("lang") === "en" ? "en" : "zh";
    return json(withBulletin(a, { supervisor: unit.name, formTitle: form.title, year }, lang));
  })
  .put(
    `${ASSESSMENT}/manual`,
    unitScope("rollup"),
    formYear("subtree"),
    readBody("application/json"),
    jsonBody(ManualScoreBodySchema, MANUAL_SHAPE),
    async (c) => {
      const { unit, form, year } = c.var;
      await scoreManualItem(
        c.env.DB,
        c.var.principal,
        { unit, form, year },
        c.req.valid("json"),
        actor(c),
      );
      const a = await assessmentOf(c.env.DB, unit, form, year);
      return json(withBulletin(a, { supervisor: unit.name, formTitle: form.title, year }, "zh"));
    },
  )
  .get("/units/:code/rubrics/:form/:year", unitScope("rollup"), formYear("subtree"), async (c) => {
    const version = await rubricInForce(c.env.DB, c.var.unit, c.var.form.id, c.var.year);
    const body: RubricInForce = { rubric: version?.rubric ?? DEFAULT_RUBRIC, version };
    return json(body);
  })
  .put(
    "/admin/rubrics",
    adminOnly(),
    readBody("application/json"),
    jsonBody(RubricPutBodySchema, RUBRIC_SHAPE),
    async (c) => {
      const version = await setRubric(c.env.DB, c.var.principal, c.req.valid("json"), actor(c));
      return json(version, 201);
    },
  );
