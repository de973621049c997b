/** Assessments: one read batch → domain scores; rubric and manual-score writes (one batch each). */
import {
  addressees,
  bulletinLines,
  issuingOffice,
  checkManualScore,
  DEFAULT_RUBRIC,
  type Assessment,
  type BulletinOptions,
} from "../../../shared/assessment/index";
import type {
  AssessmentResponse,
  ManualScoreBody,
  RubricPutBody,
  RubricVersion,
} from "../../../shared/api/supervision";
import { lookupForm, type Form } from "../../../shared/forms/catalogue";
import { scopeRoots } from "../../../shared/forms/scope";
import type { Actor } from "../db/credentials";
import {
  insertManualScore,
  insertRubricVersion,
  readAssessment,
  rubricInForce,
} from "../db/assessments";
import { unitByCode } from "../db/units";
import { assess } from "../domain/assessment";
import { authorizeAdministered } from "../domain/access";
import type { Principal, UnitRow } from "../env";
import { decided, HttpProblem, problems } from "../http/problem";
import { chinaDate } from "../../../shared/china-time";

/** The units directly below `unit`, scored from their stored facts. */
export async function assessmentOf(
  db: D1Database,
  unit: UnitRow,
  form: Form,
  year: number,
): Promise<Assessment> {
  return assess(form, await readAssessment(db, unit, form.id, year, scopeRoots([form])));
}

/** The assessment with its bulletin (通报), dated today in China time. */
export function withBulletin(
  a: Assessment,
  options: Omit<BulletinOptions, "date" | "issuer" | "salutation"> & { supervisor: string },
  lang: "zh" | "en",
): AssessmentResponse {
  const date = chinaDate(new Date().toISOString())!;
  const { supervisor, ...rest } = options;
  const bulletin = bulletinLines(
    a,
    {
      ...rest,
      date,
      // Signed by the issuing office and addressed to the units below, as an official notice is.
      issuer: issuingOffice(supervisor),
      salutation: addressees(
        supervisor,
        a.units.map((u) => u.name),
      ),
    },
    lang,
  );
  return { ...a, bulletin };
}

/** An admin sets the rubric of its subtree for a form and year: a new version, audited. */
export async function setRubric(
  db: D1Database,
  principal: Principal,
  body: RubricPutBody,
  who: Actor,
): Promise<RubricVersion> {
  const unit = decided(
    authorizeAdministered(principal, body.unit, await unitByCode(db, body.unit)),
  );
  const found = lookupForm(body.form, body.year);
  if (!found.ok) throw problems.formLookup(found);
  return insertRubricVersion(db, unit, body.form, body.year, body.rubric, who);
}

function invalidScore(zh: string, en: string): HttpProblem {
  return new HttpProblem("manual-score-invalid", zh, en);
}

/** A supervisor scores a manual item of a unit directly below its own (stored, audited). */
export async function scoreManualItem(
  db: D1Database,
  principal: Principal,
  at: { unit: UnitRow; form: Form; year: number },
  body: ManualScoreBody,
  who: Actor,
): Promise<void> {
  if (principal.role !== "supervisor") {
    throw problems.forbiddenRole(
      "只有上级单位的审核人员(supervisor)可以手工评分。",
      "Only a supervisor may score manual items.",
    );
  }
  const target = await unitByCode(db, body.unit);
  if (!target || target.parent_id !== at.unit.id) {
    throw invalidScore(
      `单位「${body.unit}」不是 ${at.unit.code} 的直属下级单位。`,
      `Unit "${body.unit}" is not directly below ${at.unit.code}.`,
    );
  }
  const rubric = (await rubricInForce(db, at.unit, at.form.id, at.year))?.rubric ?? DEFAULT_RUBRIC;
  const checked = checkManualScore(rubric, body.item, body);
  if (!checked.ok) throw invalidScore(checked.zh, checked.en);
  await insertManualScore(db, target, { form: at.form.id, year: at.year, ...body }, who);
}
