import {
  MIN_EXPLANATION_CHARS,
  MAX_EXPLANATION_CHARS,
  MAX_REMARK_CHARS,
  reportETag,
  type Remark,
  type ReportRevision,
  type ReportStatus,
  type UnitRef,
} from "../../shared/api/schemas";
import { validate, type Issue } from "../../shared/engine/index";
import { formsForYear, type Form } from "../../shared/forms/catalogue";
import { isPlainObject, parseJson } from "./body";
import { canonicalJson, sha256Hex } from "./crypto";
import type { Principal, UnitRow } from "./env";
import { HttpProblem, problems } from "./problem";
import { pathCodes } from "./units";
import { noOpenPeriod, periodForUnitStatement, isLate, type PeriodRow } from "./periods";
import {
  buildReport,
  eventStatement,
  remarksStatement,
  stateStatement,
  toRemark,
  type RemarkRow,
  type StateRow,
} from "./workflow";

export function reportLocked(unit: UnitRow, form: string, year: number): HttpProblem {
  return new HttpProblem(
    409,
    "report-locked",
    "报表已通过审核",
    `单位「${unit.name}」${year} 年度的 ${form} 报表已通过审核并锁定;如需修改,请上级单位重新打开。`,
    `The ${form} report of "${unit.code}" for ${year} was accepted and is locked; a supervisor must reopen it first.`,
  );
}

export const SCALE = 10_000;

export interface RevisionRow {
  unit_id: number;
  form: string;
  year: number;
  revision: number;
  vals: string;
  explanations: string;
  issues: string;
  errors: number;
  warnings: number;
  status: "submitted";
  credential_id: string;
  submitted_at: string;
  hash: string;
  /** 1 when stored after the due date of the unit's period (migration 0003). */
  late: number;
}

const REVISION_COLUMNS =
  "unit_id, form, year, revision, vals, explanations, issues, errors, warnings, status, credential_id, submitted_at, hash, late";

/** A stored revision as the API shows it (the workflow state is added by workflow.buildReport). */
export function toReport(row: RevisionRow, unit: UnitRef): ReportRevision {
  return {
    unit: { code: unit.code, name: unit.name },
    form: row.form,
    year: row.year,
    revision: row.revision,
    values: JSON.parse(row.vals) as Record<string, number>,
    explanations: JSON.parse(row.explanations) as Record<string, string>,
    issues: JSON.parse(row.issues) as Issue[],
    errors: row.errors,
    warnings: row.warnings,
    status: row.status,
    submittedAt: row.submitted_at,
    credential: row.credential_id,
    hash: row.hash,
    late: row.late === 1,
  };
}

export async function currentRevision(
  db: D1Database,
  unitId: number,
  form: string,
  year: number,
): Promise<RevisionRow | null> {
  return db
    .prepare(
      `SELECT ${REVISION_COLUMNS} FROM revisions WHERE unit_id = ?1 AND form = ?2 AND year = ?3
        ORDER BY revision DESC LIMIT 1`,
    )
    .bind(unitId, form, year)
    .first<RevisionRow>();
}

export async function listRevisions(
  db: D1Database,
  unitId: number,
  form: string,
  year: number,
): Promise<RevisionRow[]> {
  const { results } = await db
    .prepare(
      `SELECT ${REVISION_COLUMNS} FROM revisions WHERE unit_id = ?1 AND form = ?2 AND year = ?3
        ORDER BY revision DESC`,
    )
    .bind(unitId, form, year)
    .all<RevisionRow>();
  return results;
}

export function noReport(unit: UnitRow, form: string, year: number): HttpProblem {
  return new HttpProblem(
    404,
    "report-not-found",
    "尚未提交",
    `单位「${unit.name}」尚未提交 ${year} 年度的 ${form} 报表。`,
    `Unit "${unit.code}" has not submitted form ${form} for ${year} yet.`,
  );
}

/**
 * Does an `If-Match` header match the current ETag (`*` = any)? A weak form of our own tag
 * (`W/"gov-2021-2021-r3"`) counts too: Cloudflare weakens strong ETags when it compresses a
 * response, and the tag names the revision exactly either way.
 */
export function ifMatchHolds(header: string, current: string | null): boolean {
  if (current === null) return false;
  const tags = header.split(",").map((t) => t.trim().replace(/^W\//, ""));
  return tags.some((t) => t === "*" || t === current);
}

export interface SubmitInput {
  principal: Principal;
  unit: UnitRow;
  form: Form;
  year: number;
  rawBody: string;
  idempotencyKey: string;
  ifMatch: string | null;
  requestId: string;
  now: string;
}

export interface SubmitOutcome {
  status: number;
  body: string;
  etag: string | null;
  replayed: boolean;
}

interface PutBody {
  values: Record<string, unknown>;
  explanations: Record<string, string>;
  answers: Record<string, string>;
}

/** The body's shape (values and types of cells are the engine's business, answered 422). */
export function checkPutBody(raw: unknown): PutBody {
  const bad = (zh: string, en: string) => problems.badRequest("invalid-body", zh, en);
  if (!isPlainObject(raw)) {
    throw bad(
      '请求体应为 JSON 对象 {"values": {...}, "explanations": {...}}。',
      'The body must be a JSON object {"values": {...}, "explanations": {...}}.',
    );
  }
  const extra = Object.keys(raw).filter(
    (k) => k !== "values" && k !== "explanations" && k !== "answers",
  );
  if (extra.length) {
    throw bad(`请求体含有未知字段:${extra.join("、")}`, `Unknown body fields: ${extra.join(", ")}`);
  }
  if (!isPlainObject(raw.values)) {
    throw bad(
      "「values」应为以单元格编号为键的对象。",
      '"values" must be an object keyed by cell id.',
    );
  }
  const explanations = raw.explanations ?? {};
  if (!isPlainObject(explanations)) {
    throw bad(
      "「explanations」应为以问题编号为键的对象。",
      '"explanations" must be an object keyed by issue key.',
    );
  }
  for (const [k, v] of Object.entries(explanations)) {
    if (typeof v !== "string" || v.length > MAX_EXPLANATION_CHARS) {
      throw bad(
        `说明「${k.slice(0, 80)}」应为不超过 ${MAX_EXPLANATION_CHARS} 字的文本。`,
        `Explanation "${k.slice(0, 80)}" must be text of at most ${MAX_EXPLANATION_CHARS} characters.`,
      );
    }
  }
  const answers = raw.answers ?? {};
  if (
    !isPlainObject(answers) ||
    Object.values(answers).some((v) => typeof v !== "string" || v.length > MAX_REMARK_CHARS)
  ) {
    throw bad(
      `「answers」应为以意见编号为键、不超过 ${MAX_REMARK_CHARS} 字的文本。`,
      `"answers" must map remark ids to text of at most ${MAX_REMARK_CHARS} characters.`,
    );
  }
  return {
    values: raw.values,
    explanations: explanations as Record<string, string>,
    answers: answers as Record<string, string>,
  };
}

function explanationOk(text: string | undefined): boolean {
  return text !== undefined && [...text.trim()].length >= MIN_EXPLANATION_CHARS;
}

/** Integer (×10^4) differences new − old, zero cells left out. */
export function scaledDelta(
  next: Record<string, number>,
  prev: Record<string, number> | null,
): Record<string, number> {
  const out: Record<string, number> = {};
  const keys = new Set([...Object.keys(next), ...Object.keys(prev ?? {})]);
  for (const k of keys) {
    const d = Math.round((next[k] ?? 0) * SCALE) - Math.round((prev?.[k] ?? 0) * SCALE);
    if (d !== 0) out[k] = d;
  }
  return out;
}

/** The per-node aggregate tables and the count each keeps beside the summed values. */
const AGGREGATE_TABLES = {
  aggregates: "submitted",
  accepted_aggregates: "accepted",
} as const;

/**
 * The statement that moves one aggregate table's rows of a unit and all its ancestors by a delta
 * (values scaled by 10^4; zero sums dropped) and their count by `count`. Idempotent guards are not
 * needed: it runs in the batch that inserts the revision or the review event, which fails as a
 * whole when that already exists.
 */
export function aggregateDeltaStatement(
  db: D1Database,
  table: keyof typeof AGGREGATE_TABLES,
  unit: UnitRow,
  form: string,
  year: number,
  delta: Record<string, number>,
  count: number,
): D1PreparedStatement {
  const counter = AGGREGATE_TABLES[table];
  return db
    .prepare(
      `INSERT INTO ${table} (unit_id, form, year, vals, ${counter})
       SELECT id, ?2, ?3, ?4, ?5 FROM units WHERE code IN (SELECT value FROM json_each(?1)) AND 1
       ON CONFLICT (unit_id, form, year) DO UPDATE
          SET vals = (SELECT coalesce(json_group_object(k, s), '{}') FROM (
                        SELECT k, sum(v) AS s FROM (
                          SELECT key AS k, value AS v FROM json_each(${table}.vals)
                          UNION ALL
                          SELECT key, value FROM json_each(excluded.vals))
                        GROUP BY k HAVING sum(v) <> 0 ORDER BY k)),
              ${counter} = ${table}.${counter} + excluded.${counter}`,
    )
    .bind(JSON.stringify(pathCodes(unit.path)), form, year, JSON.stringify(delta), count);
}

/** The submitted-report aggregates of a unit and its ancestors, moved by a delta. */
export function aggregateStatements(
  db: D1Database,
  unit: UnitRow,
  form: string,
  year: number,
  delta: Record<string, number>,
  newlySubmitted: number,
): D1PreparedStatement[] {
  return [aggregateDeltaStatement(db, "aggregates", unit, form, year, delta, newlySubmitted)];
}

/** Move the per-node failing-rule counts of a unit and its ancestors (none when unchanged). */
export function ruleAggregateStatements(
  db: D1Database,
  unit: UnitRow,
  form: string,
  year: number,
  delta: Record<string, number>,
): D1PreparedStatement[] {
  if (Object.keys(delta).length === 0) return [];
  return [
    db
      .prepare(
        `INSERT INTO rule_aggregates (unit_id, form, year, rule, units)
         SELECT u.id, ?2, ?3, d.key, d.value FROM units u, json_each(?4) d
          WHERE u.code IN (SELECT value FROM json_each(?1))
         ON CONFLICT (unit_id, form, year, rule) DO UPDATE
            SET units = rule_aggregates.units + excluded.units`,
      )
      .bind(JSON.stringify(pathCodes(unit.path)), form, year, JSON.stringify(delta)),
  ];
}

function isConstraintError(e: unknown): boolean {
  const msg = e instanceof Error ? `${e.message} ${String(e.cause ?? "")}` : String(e);
  return /constraint|SQLITE_CONSTRAINT/i.test(msg);
}

interface IdempotencyRow {
  request_hash: string;
  status: number;
  body: string;
  etag: string | null;
}

function idempotencyStatement(db: D1Database, credential: string, key: string) {
  return db
    .prepare(
      `SELECT request_hash, status, body, etag FROM idempotency WHERE credential_id = ?1 AND key = ?2`,
    )
    .bind(credential, key);
}

async function idempotencyRecord(db: D1Database, credential: string, key: string) {
  return idempotencyStatement(db, credential, key).first<IdempotencyRow>();
}

function keyReused(): HttpProblem {
  return new HttpProblem(
    422,
    "idempotency-key-reused",
    "幂等键已被使用",
    "该 Idempotency-Key 已用于另一个不同的请求;请为新的提交使用新的键。",
    "This Idempotency-Key was used for a different request; use a new key for a new submission.",
  );
}

function stale(current: string | null): HttpProblem {
  return new HttpProblem(
    412,
    "precondition-failed",
    "报表已被修改",
    current
      ? `报表已有更新的版本(${current}),请先获取最新版本再提交。`
      : "该报表尚无任何版本,首次提交时不要带 If-Match。",
    current
      ? `The report has a newer revision (${current}); fetch it and resubmit.`
      : "The report has no revision yet; send the first one without If-Match.",
    { currentETag: current },
  );
}

/** Validate and store a new revision, or replay the stored answer of an idempotent retry. */
export async function submitReport(db: D1Database, input: SubmitInput): Promise<SubmitOutcome> {
  const { principal, unit, form, year } = input;
  const body = checkPutBody(parseJson(input.rawBody));
  const requestHash = await sha256Hex(`PUT\n${unit.code}\n${form.id}\n${year}\n${input.rawBody}`);

  const replay = async (): Promise<SubmitOutcome | null> => {
    const rec = await idempotencyRecord(db, principal.credential, input.idempotencyKey);
    return rec ? replayOf(rec) : null;
  };
  const replayOf = (rec: IdempotencyRow): SubmitOutcome => {
    if (rec.request_hash !== requestHash) throw keyReused();
    return { status: rec.status, body: rec.body, etag: rec.etag, replayed: true };
  };

  // Everything the submission reads, in one round trip: the idempotency record, the current
  // revision, and last year's report (the same form's first, else the form serving that year).
  const lastYearForms = [form.id, ...formsForYear(year - 1).map((f) => f.id)];
  const [idem, cur, last, st, per, rem] = await db.batch([
    idempotencyStatement(db, principal.credential, input.idempotencyKey),
    db
      .prepare(
        `SELECT ${REVISION_COLUMNS} FROM revisions WHERE unit_id = ?1 AND form = ?2 AND year = ?3
          ORDER BY revision DESC LIMIT 1`,
      )
      .bind(unit.id, form.id, year),
    db
      .prepare(
        `SELECT vals FROM revisions
          WHERE unit_id = ?1 AND year = ?2 AND form IN (SELECT value FROM json_each(?3))
          ORDER BY form = ?4 DESC, revision DESC LIMIT 1`,
      )
      .bind(unit.id, year - 1, JSON.stringify(lastYearForms), form.id),
    stateStatement(db, unit.id, form.id, year),
    periodForUnitStatement(db, unit, form.id, year),
    remarksStatement(db, unit.id, form.id, year),
  ]);
  const idemRow = idem!.results[0] as IdempotencyRow | undefined;
  if (idemRow) return replayOf(idemRow);
  const current = (cur!.results[0] as RevisionRow | undefined) ?? null;
  const state = (st!.results[0] as StateRow | undefined) ?? null;
  const period = (per!.results[0] as PeriodRow | undefined) ?? null;
  const remarkRows = rem!.results as RemarkRow[];
  if (current && state?.status === "accepted") throw reportLocked(unit, form.id, year);
  if (!period || period.closed_at !== null) throw noOpenPeriod(form.id, year);
  const lastRow = last!.results[0] as { vals: string } | undefined;
  const previous = lastRow ? (JSON.parse(lastRow.vals) as Record<string, number>) : null;
  const currentTag = current ? reportETag(form.id, year, current.revision) : null;
  if (current && input.ifMatch === null) {
    throw new HttpProblem(
      428,
      "precondition-required",
      "需要 If-Match",
      `该报表已有版本 ${currentTag},请在 If-Match 中带上当前版本的 ETag 再提交。`,
      `The report already has revision ${currentTag}; send its ETag in If-Match.`,
      { currentETag: currentTag },
    );
  }
  if (input.ifMatch !== null && !ifMatchHolds(input.ifMatch, currentTag)) throw stale(currentTag);

  const supplements = { capacity: period.capacity === 1 };
  if (!supplements.capacity) {
    const filled = form.cells
      .filter((c) => c.supplement === "capacity")
      .filter((c) => {
        const v = body.values[c.id];
        return v !== undefined && v !== null && v !== 0 && v !== "";
      })
      .map((c) => c.id);
    if (filled.length) {
      throw new HttpProblem(
        422,
        "supplement-not-collected",
        "本期不收集该补充表",
        `本填报期不收集工作力量与经费补充表,以下单元格应为空或 0:${filled.slice(0, 10).join("、")}`,
        `This period does not collect the staffing/funding supplement; these cells must be blank or 0: ${filled.slice(0, 10).join(", ")}`,
        { cells: filled },
      );
    }
  }
  const result = validate(form, body.values, { previous, lenient: false, supplements });
  const warnings = result.issues.filter((i) => i.severity === "warning");
  const missingExplanations = warnings
    .filter((w) => !explanationOk(body.explanations[w.key]))
    .map((w) => w.key);
  if (result.errors > 0 || missingExplanations.length > 0) {
    const zh =
      result.errors > 0
        ? `报表有 ${result.errors} 处错误,不能提交。`
        : `有 ${missingExplanations.length} 条提示需要填写不少于 ${MIN_EXPLANATION_CHARS} 个字的说明。`;
    const en =
      result.errors > 0
        ? `The report has ${result.errors} error(s) and cannot be submitted.`
        : `${missingExplanations.length} warning(s) need an explanation of at least ${MIN_EXPLANATION_CHARS} characters.`;
    throw new HttpProblem(422, "validation-failed", "报表未通过校验", zh, en, {
      issues: result.issues,
      missingExplanations,
      errors: result.errors,
      warnings: result.warnings,
    });
  }

  const values: Record<string, number> = {};
  for (const cell of form.cells) values[cell.id] = result.values[cell.id] ?? 0;
  const explanations: Record<string, string> = {};
  for (const w of warnings) explanations[w.key] = body.explanations[w.key]!.trim();
  const hash = await sha256Hex(canonicalJson({ values, explanations }));
  const revision = (current?.revision ?? 0) + 1;
  const etag = reportETag(form.id, year, revision);
  const row: RevisionRow = {
    unit_id: unit.id,
    form: form.id,
    year,
    revision,
    vals: JSON.stringify(values),
    explanations: JSON.stringify(explanations),
    issues: JSON.stringify(warnings),
    errors: 0,
    warnings: warnings.length,
    status: "submitted",
    credential_id: principal.credential,
    submitted_at: input.now,
    hash,
    late: isLate(period.due_date, input.now) ? 1 : 0,
  };
  // Open remarks of the last return: resolved by an answer or by a change of their cell.
  const resolved: { rid: string; resolution: "changed" | "answered"; answer: string | null }[] = [];
  const oldVals = current ? (JSON.parse(current.vals) as Record<string, number>) : {};
  const remarks: Remark[] = remarkRows.map((r) => {
    const m = toRemark(r);
    if (m.resolved) return m;
    const answer = body.answers[m.id]?.trim();
    if (answer) {
      resolved.push({ rid: m.id, resolution: "answered", answer });
      return { ...m, resolved: true, resolution: "answered", answer };
    }
    if ((oldVals[m.cell] ?? 0) !== (values[m.cell] ?? 0)) {
      resolved.push({ rid: m.id, resolution: "changed", answer: null });
      return { ...m, resolved: true, resolution: "changed" };
    }
    return m;
  });
  const from: ReportStatus | null = current ? (state?.status ?? "submitted") : null;
  const seq = (state?.seq ?? 0) + 1;
  const resubmitted = from === "returned" || (from === "submitted" && state?.resubmitted === 1);
  const returnReason = resubmitted ? (state?.return_reason ?? null) : null;
  const rules = [...new Set(warnings.map((w) => w.rule))].sort();
  const oldRules = new Set(
    current ? (JSON.parse(current.issues) as Issue[]).map((i) => i.rule) : [],
  );
  const ruleDelta: Record<string, number> = {};
  for (const r of rules) if (!oldRules.has(r)) ruleDelta[r] = 1;
  for (const r of oldRules) if (!rules.includes(r)) ruleDelta[r] = -1;
  const responseBody = JSON.stringify(
    buildReport(
      row,
      unit,
      {
        status: "submitted",
        resubmitted: resubmitted ? 1 : 0,
        return_reason: returnReason,
        due_date: period.due_date,
      },
      remarks,
      {},
    ),
  );
  const oldValues = current ? (JSON.parse(current.vals) as Record<string, number>) : null;
  const delta = scaledDelta(values, oldValues);

  const statements = [
    db
      .prepare(
        `INSERT INTO revisions (${REVISION_COLUMNS}, request_id)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15)`,
      )
      .bind(
        row.unit_id,
        row.form,
        row.year,
        row.revision,
        row.vals,
        row.explanations,
        row.issues,
        row.errors,
        row.warnings,
        row.status,
        row.credential_id,
        row.submitted_at,
        row.hash,
        row.late,
        input.requestId,
      ),
    db
      .prepare(
        `INSERT INTO current_reports (unit_id, form, year, revision, errors, warnings, submitted_at,
           status, late, resubmitted, return_reason, due_date, rules, seq)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, 'submitted', ?8, ?9, ?10, ?11, ?12, ?13)
         ON CONFLICT (unit_id, form, year) DO UPDATE SET revision = excluded.revision,
           errors = excluded.errors, warnings = excluded.warnings, submitted_at = excluded.submitted_at,
           status = 'submitted', late = excluded.late, resubmitted = excluded.resubmitted,
           return_reason = excluded.return_reason, due_date = excluded.due_date,
           rules = excluded.rules, seq = excluded.seq`,
      )
      .bind(
        unit.id,
        form.id,
        year,
        revision,
        0,
        warnings.length,
        input.now,
        row.late,
        resubmitted ? 1 : 0,
        returnReason,
        period.due_date,
        JSON.stringify(rules),
        seq,
      ),
    eventStatement(db, {
      unitId: unit.id,
      form: form.id,
      year,
      seq,
      action: "submit",
      from,
      to: "submitted",
      revision,
      principal,
      at: input.now,
      reason: null,
      requestId: input.requestId,
    }),
    ...resolved.map((r) =>
      db
        .prepare(
          `UPDATE remarks SET resolution = ?5, answer = ?6, resolved_revision = ?7
            WHERE unit_id = ?1 AND form = ?2 AND year = ?3 AND rid = ?4 AND resolution IS NULL`,
        )
        .bind(unit.id, form.id, year, r.rid, r.resolution, r.answer, revision),
    ),
    ...aggregateStatements(db, unit, form.id, year, delta, current ? 0 : 1),
    ...ruleAggregateStatements(db, unit, form.id, year, ruleDelta),
    db
      .prepare(
        `INSERT INTO idempotency (credential_id, key, request_hash, status, body, etag, created_at)
         VALUES (?1, ?2, ?3, 201, ?4, ?5, ?6)`,
      )
      .bind(principal.credential, input.idempotencyKey, requestHash, responseBody, etag, input.now),
    db
      .prepare(
        `INSERT INTO audit_log (at, request_id, credential_id, action, target, detail)
         VALUES (?1, ?2, ?3, 'report.submit', ?4, ?5)`,
      )
      .bind(
        input.now,
        input.requestId,
        principal.credential,
        `${unit.code}/${form.id}/${year}`,
        JSON.stringify({ revision, hash, warnings: warnings.length }),
      ),
  ];
  try {
    await db.batch(statements);
  } catch (e) {
    if (!isConstraintError(e)) throw e;
    // Someone else won: the same request (replay it) or another revision (412).
    const again = await replay();
    if (again) return again;
    // A supervisor accepted it meanwhile (the event sequence collided): locked, not stale.
    const st = await stateStatement(db, unit.id, form.id, year).first<StateRow>();
    if (st?.status === "accepted") throw reportLocked(unit, form.id, year);
    const now = await currentRevision(db, unit.id, form.id, year);
    throw stale(now ? reportETag(form.id, year, now.revision) : null);
  }
  return { status: 201, body: responseBody, etag, replayed: false };
}
