import { SELF, env } from "cloudflare:test";
import { consistentValues, rng } from "../../shared/testing/sample-report";
import { expect } from "vitest";
import { ReportSchema, type Problem, type Report, type Role } from "../../shared/api/schemas";
import { getForm, type Form } from "../../shared/forms/catalogue";
import { importStatements } from "../src/db/units";
import { newCredential } from "../src/crypto";
import { planUnitImport } from "../src/services/units";

export const ORIGIN = "https://xxgk.test";

export function gov2021(): Form {
  return getForm("gov-2021")!;
}

export interface TreeUnit {
  code: string;
  name: string;
  parent: string | null;
}

/** The forms and report years a test tree's root gets an open period for (see autoOpenPeriods). */
const AUTO_FORMS = ["gov-2012", "gov-2019", "gov-2021"];
const AUTO_YEARS = Array.from({ length: 30 }, (_, i) => 2008 + i);

/**
 * Tests only: every new root unit gets an open period (due 2099-12-31, supplements collected) for
 * every form and year, so tests that are not about periods can submit at once (a PUT needs an open
 * period since the workflow). Workflow tests delete or close these periods where they need to.
 */
export async function autoOpenPeriods(): Promise<void> {
  await env.DB.prepare(
    `CREATE TRIGGER IF NOT EXISTS test_auto_periods AFTER INSERT ON units WHEN NEW.parent_id IS NULL
     BEGIN
       INSERT OR IGNORE INTO periods (id, unit_id, form, year, due_date, capacity, opened_at, closed_at, opened_by)
       SELECT 'auto-' || NEW.code || '-' || f.value || '-' || y.value, NEW.id, f.value, y.value,
              '2099-12-31', 1, NEW.created_at, NULL, 'test'
         FROM json_each('${JSON.stringify(AUTO_FORMS)}') f, json_each('${JSON.stringify(AUTO_YEARS)}') y;
     END`,
  ).run();
}

/** Open a period through the admin API (returns the response). */
export async function openPeriodApi(
  admin: string,
  body: {
    unit: string;
    form?: string;
    year: number;
    dueDate: string;
    supplements?: { capacity: boolean };
  },
): Promise<Response> {
  return call("/admin/periods", {
    method: "POST",
    token: admin,
    body: { form: "gov-2021", ...body },
  });
}

/** Insert units straight into D1 with the same statements the admin import uses. */
export async function seedUnits(units: TreeUnit[]): Promise<void> {
  const plan = await planUnitImport(
    env.DB,
    units.map((u) => ({ code: u.code, name: u.name, parent_code: u.parent })),
  );
  const stmts = importStatements(env.DB, plan, new Date().toISOString());
  if (stmts.length) await env.DB.batch(stmts);
}

/** A credential for a unit, created straight in D1; returns the bearer token. */
export async function seedToken(unit: string, role: Role): Promise<string> {
  const cred = await newCredential();
  await env.DB.prepare(
    `INSERT INTO credentials (id, unit_id, role, secret_hash, created_at, created_by)
     SELECT ?1, id, ?2, ?3, ?4, 'test' FROM units WHERE code = ?5`,
  )
    .bind(cred.id, role, cred.secretHash, new Date().toISOString(), unit)
    .run();
  return cred.token;
}

export interface CallOptions {
  method?: string;
  token?: string | null;
  body?: unknown;
  /** A raw body (sent as is). */
  raw?: string;
  headers?: Record<string, string>;
}

export async function call(path: string, opts: CallOptions = {}): Promise<Response> {
  const headers: Record<string, string> = { ...opts.headers };
  if (opts.token) headers.Authorization = `Bearer ${opts.token}`;
  let body: string | undefined = opts.raw;
  if (opts.body !== undefined) {
    body = JSON.stringify(opts.body);
    headers["Content-Type"] ??= "application/json";
  }
  return SELF.fetch(`${ORIGIN}/api/v1${path}`, { method: opts.method ?? "GET", headers, body });
}

let keyCounter = 0;
export function newKey(): string {
  keyCounter++;
  return `k-${Date.now().toString(36)}-${keyCounter}-${Math.random().toString(36).slice(2)}`;
}

/** PUT a report; adds an Idempotency-Key unless one is given. */
export async function putReport(
  token: string,
  unit: string,
  year: number,
  body: unknown,
  opts: { ifMatch?: string | null; key?: string; form?: string } = {},
): Promise<Response> {
  const headers: Record<string, string> = { "Idempotency-Key": opts.key ?? newKey() };
  if (opts.ifMatch) headers["If-Match"] = opts.ifMatch;
  return call(`/units/${unit}/reports/${opts.form ?? "gov-2021"}/${year}`, {
    method: "PUT",
    token,
    body,
    headers,
  });
}

export async function expectProblem(
  res: Response,
  status: number,
  slug?: string,
): Promise<Problem> {
  const text = await res.text();
  expect(res.status, text).toBe(status);
  expect(res.headers.get("Content-Type")).toContain("application/problem+json");
  const body = JSON.parse(text) as Problem;
  expect(body.status).toBe(status);
  expect(body.requestId).toBe(res.headers.get("X-Request-Id"));
  expect(text).not.toMatch(/\bat .*\.(ts|js):\d+/); // no stack trace
  if (slug) expect(body.type).toBe(`https://xxgk-tables.dev/problems/${slug}`);
  return body;
}

export { rng };

/** A report (gov-2021 unless told) that passes every rule of one year (no previous year). */
export function validValues(seed: number, max = 20, formId = "gov-2021"): Record<string, number> {
  return consistentValues(getForm(formId)!, rng(seed), max);
}

/** Every row of every table: a before/after picture for "the database is unchanged". */
export async function snapshot(): Promise<Record<string, unknown[]>> {
  const tables = [
    "units",
    "credentials",
    "credential_revocations",
    "revisions",
    "current_reports",
    "aggregates",
    "idempotency",
    "audit_log",
    "periods",
    "report_events",
    "remarks",
    "explanation_reviews",
    "accepted_aggregates",
    "rule_aggregates",
    "rubric_versions",
    "manual_scores",
    "report_texts",
  ];
  const out: Record<string, unknown[]> = {};
  for (const t of tables) out[t] = (await env.DB.prepare(`SELECT * FROM ${t}`).all()).results;
  return out;
}

export const EXPLANATION = "本年度数据口径调整,已与台账核对一致。";

/** PUT a valid report (explaining any warning) with the right If-Match; returns the report. */
export async function submit(
  token: string,
  unit: string,
  year: number,
  values: Record<string, number>,
  extra: { answers?: Record<string, string>; ifMatch?: string | null } = {},
): Promise<Report> {
  const got = await call(`/units/${unit}/reports/gov-2021/${year}`, { token });
  const ifMatch = extra.ifMatch !== undefined ? extra.ifMatch : got.headers.get("ETag");
  await got.arrayBuffer();
  let res = await putReport(token, unit, year, { values, answers: extra.answers }, { ifMatch });
  if (res.status === 422) {
    const p = (await res.json()) as { missingExplanations?: string[] };
    const explanations = Object.fromEntries(
      (p.missingExplanations ?? []).map((k) => [k, EXPLANATION]),
    );
    res = await putReport(
      token,
      unit,
      year,
      { values, explanations, answers: extra.answers },
      { ifMatch },
    );
  }
  expect(res.status, await res.clone().text()).toBe(201);
  return ReportSchema.parse(await res.json());
}
