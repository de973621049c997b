import { Hono, type Context } from "hono";
import { cors } from "hono/cors";
import { secureHeaders } from "hono/secure-headers";
import {
  API_BASE,
  reportETag,
  CompletenessModeSchema,
  CredentialCreateBodySchema,
  UnitCodeSchema,
  UnitImportRowSchema,
  type CredentialCreated,
  type CredentialRevoked,
  type FormResponse,
  type FormsResponse,
  type HistoryResponse,
  IncludeSchema,
  type PeriodsResponse,
  type MeResponse,
  type RevisionsResponse,
} from "../../shared/api/schemas";
import { FORMS, lookupForm, type Form } from "../../shared/forms/catalogue";
import { authenticate, newCredential } from "./auth";
import { isPlainObject, parseJson, readText, requireMediaType } from "./body";
import type { AppEnv, Principal } from "./env";
import { HttpProblem, problemResponse, problems } from "./problem";
import { listRevisions, noReport, submitReport, toReport } from "./reports";
import { closePeriod, openPeriod, periodsForUnit } from "./periods";
import { authorizeReview, currentReport, history, reviewReport } from "./workflow";
import { rollupWorkflow } from "./rollup-workflow";
import { completenessPages, rollupCsvStream, rollupHead, rollupJsonStream } from "./rollups";
import { rollupXlsx } from "./xlsx";
import { layoutForm } from "../../shared/layout/index";
import { authorizeUnit, importUnits, parseUnitsCsv, unitByCode, unitPath } from "./units";

/** Origins of Office on the web that frame the add-in's task pane. */
const OFFICE_FRAME_ANCESTORS = [
  "'self'",
  "https://*.office.com",
  "https://*.office365.com",
  "https://*.officeapps.live.com",
  "https://*.sharepoint.com",
  "https://*.microsoft365.com",
  "https://*.cloud.microsoft",
  "https://*.live.com",
];

function log(requestId: string, fields: Record<string, unknown>): void {
  console.log(JSON.stringify({ requestId, ...fields }));
}

function nowIso(): string {
  return new Date().toISOString();
}

function formFor(code: string, yearText: string): { form: Form; year: number } {
  if (!/^\d{4}$/.test(yearText)) {
    throw problems.badRequest(
      "invalid-year",
      `报告年度应为四位数字,收到「${yearText.slice(0, 20)}」。`,
      `The report year must be four digits, got "${yearText.slice(0, 20)}".`,
    );
  }
  const year = Number(yearText);
  const found = lookupForm(code, year);
  if (!found.ok) throw problems.formLookup(found);
  return { form: found.form, year };
}

function requireAdmin(p: Principal): void {
  if (p.role !== "admin") {
    throw problems.forbiddenRole("只有管理员可以执行此操作。", "Only an admin may do this.");
  }
}

function json(
  c: Context<AppEnv>,
  body: unknown,
  status = 200,
  headers: Record<string, string> = {},
) {
  return new Response(JSON.stringify(body), {
    status,
    headers: { "Content-Type": "application/json; charset=utf-8", ...headers },
  });
}

/** The largest subtree whose completeness an xlsx export lists (env XLSX_MAX_UNITS overrides). */
const MAX_XLSX_UNITS = 20_000;

const layoutCache = new Map<string, Record<string, unknown>>();
/** The form's worksheet layouts (zh, en), computed once per isolate. */
function layoutsOf(form: Form): Record<string, unknown> {
  let out = layoutCache.get(form.id);
  if (!out) {
    out = { zh: layoutForm(form, "zh"), en: layoutForm(form, "en") };
    layoutCache.set(form.id, out);
  }
  return out;
}

/** The answer to a write (PUT report, review): its body, ETag, and whether it was a replay. */
function writeResponse(outcome: {
  body: string;
  status: number;
  etag?: string | null;
  replayed?: boolean;
}): Response {
  const headers: Record<string, string> = { "Content-Type": "application/json; charset=utf-8" };
  if (outcome.etag) headers.ETag = outcome.etag;
  if (outcome.replayed) headers["Idempotent-Replayed"] = "true";
  return new Response(outcome.body, { status: outcome.status, headers });
}

export const api = new Hono<AppEnv>();

// Authentication and the per-credential rate limit cover every API route.
api.use("*", async (c, next) => {
  // A unit named in the path is read in the same round trip as the credential.
  const named = /^\/api\/v1\/units\/([^/]+)\//.exec(c.req.path)?.[1];
  let code: string | undefined;
  try {
    code = named === undefined ? undefined : decodeURIComponent(named);
  } catch {
    code = undefined;
  }
  if (code !== undefined && !UnitCodeSchema.safeParse(code).success) code = undefined;
  const { principal, unit } = await authenticate(c.env.DB, c.req.header("Authorization"), code);
  c.set("principal", principal);
  if (code !== undefined && unit !== undefined) c.set("pathUnit", { code, unit });
  if (c.env.RATE_LIMITER) {
    const { success } = await c.env.RATE_LIMITER.limit({ key: principal.credential });
    if (!success) {
      throw new HttpProblem(
        429,
        "rate-limited",
        "请求过于频繁",
        "该凭据的请求过于频繁,请稍后再试。",
        "Too many requests with this credential; try again shortly.",
        {},
        { "Retry-After": "60" },
      );
    }
  }
  await next();
});

api.get("/me", async (c) => {
  const p = c.get("principal");
  const body: MeResponse = {
    unit: { code: p.unit.code, name: p.unit.name, path: await unitPath(c.env.DB, p.unit) },
    role: p.role,
    credential: p.credential,
  };
  return json(c, body);
});

api.get("/forms", (c) => {
  const body: FormsResponse = {
    forms: FORMS.map((f) => ({ id: f.id, version: f.version, title: f.title, years: f.years })),
  };
  return json(c, body);
});

api.get("/forms/:form", (c) => {
  const form = FORMS.find((f) => f.id === c.req.param("form"));
  if (!form) {
    const known = FORMS.map((f) => f.id).join(", ");
    throw new HttpProblem(
      404,
      "unknown-form",
      "没有该报表",
      `没有名为「${c.req.param("form").slice(0, 40)}」的报表(现有:${known})`,
      `No form "${c.req.param("form").slice(0, 40)}" (known: ${known})`,
    );
  }
  const body: FormResponse = {
    id: form.id,
    version: form.version,
    title: form.title,
    years: form.years,
    definition: form.definition,
    layouts: layoutsOf(form),
  };
  return json(c, body);
});

api.get("/units/:code/reports/:form/:year", async (c) => {
  const p = c.get("principal");
  const unit = await authorizeUnit(c.env.DB, p, c.req.param("code"), "read", c.get("pathUnit"));
  const { form, year } = formFor(c.req.param("form"), c.req.param("year"));
  const { report } = await currentReport(c.env.DB, unit, form.id, year);
  if (!report) throw noReport(unit, form.id, year);
  return json(c, report, 200, { ETag: reportETag(form.id, year, report.revision) });
});

api.get("/units/:code/reports/:form/:year/history", async (c) => {
  const p = c.get("principal");
  const unit = await authorizeUnit(c.env.DB, p, c.req.param("code"), "read", c.get("pathUnit"));
  const { form, year } = formFor(c.req.param("form"), c.req.param("year"));
  const body: HistoryResponse = { events: await history(c.env.DB, unit, form.id, year) };
  return json(c, body);
});

api.post("/units/:code/reports/:form/:year/review", async (c) => {
  const p = c.get("principal");
  const pathUnit = c.get("pathUnit");
  const code = c.req.param("code");
  const unit = authorizeReview(
    p,
    pathUnit && pathUnit.code === code ? pathUnit.unit : await unitByCode(c.env.DB, code),
  );
  const { form, year } = formFor(c.req.param("form"), c.req.param("year"));
  requireMediaType(c.req.raw, ["application/json"]);
  const key = c.req.header("Idempotency-Key") ?? null;
  if (key !== null && !/^[\x21-\x7e]{1,200}$/.test(key)) {
    throw problems.badRequest(
      "idempotency-key-required",
      "Idempotency-Key 应为 1–200 个可见 ASCII 字符。",
      "The Idempotency-Key must be 1–200 visible ASCII characters.",
    );
  }
  const outcome = await reviewReport(c.env.DB, {
    principal: p,
    unit,
    form,
    year,
    rawBody: await readText(c.req.raw),
    idempotencyKey: key,
    requestId: c.get("requestId"),
    now: nowIso(),
  });
  return writeResponse(outcome);
});

api.get("/units/:code/periods", async (c) => {
  const p = c.get("principal");
  const unit = await authorizeUnit(c.env.DB, p, c.req.param("code"), "read", c.get("pathUnit"));
  const body: PeriodsResponse = { periods: await periodsForUnit(c.env.DB, unit) };
  return json(c, body);
});

api.get("/units/:code/reports/:form/:year/revisions", async (c) => {
  const p = c.get("principal");
  const unit = await authorizeUnit(c.env.DB, p, c.req.param("code"), "read", c.get("pathUnit"));
  const { form, year } = formFor(c.req.param("form"), c.req.param("year"));
  const rows = await listRevisions(c.env.DB, unit.id, form.id, year);
  if (rows.length === 0) throw noReport(unit, form.id, year);
  const body: RevisionsResponse = { revisions: rows.map((r) => toReport(r, unit)) };
  return json(c, body);
});

api.put("/units/:code/reports/:form/:year", async (c) => {
  const p = c.get("principal");
  const unit = await authorizeUnit(c.env.DB, p, c.req.param("code"), "write", c.get("pathUnit"));
  const { form, year } = formFor(c.req.param("form"), c.req.param("year"));
  requireMediaType(c.req.raw, ["application/json"]);
  const key = c.req.header("Idempotency-Key");
  if (!key || !/^[\x21-\x7e]{1,200}$/.test(key)) {
    throw problems.badRequest(
      "idempotency-key-required",
      "提交报表需要 Idempotency-Key 请求头(1–200 个可见 ASCII 字符)。",
      "Submitting a report needs an Idempotency-Key header (1–200 visible ASCII characters).",
    );
  }
  const rawBody = await readText(c.req.raw);
  const outcome = await submitReport(c.env.DB, {
    principal: p,
    unit,
    form,
    year,
    rawBody,
    idempotencyKey: key,
    ifMatch: c.req.header("If-Match") ?? null,
    requestId: c.get("requestId"),
    now: nowIso(),
  });
  return writeResponse(outcome);
});

api.get("/units/:code/rollups/:form/:year", async (c) => {
  const p = c.get("principal");
  const unit = await authorizeUnit(c.env.DB, p, c.req.param("code"), "rollup", c.get("pathUnit"));
  const { form, year } = formFor(c.req.param("form"), c.req.param("year"));
  const format = c.req.query("format") ?? "json";
  if (!["json", "csv", "xlsx"].includes(format)) {
    throw problems.badRequest(
      "invalid-format",
      `不支持的格式「${format.slice(0, 20)}」(可用:json、csv、xlsx)。`,
      `Unsupported format "${format.slice(0, 20)}" (json, csv, xlsx).`,
    );
  }
  const mode = CompletenessModeSchema.safeParse(c.req.query("completeness") ?? "all");
  if (!mode.success) {
    throw problems.badRequest(
      "invalid-completeness",
      "completeness 参数应为 all、missing 或 none。",
      "The completeness parameter must be all, missing or none.",
    );
  }
  const include = IncludeSchema.safeParse(c.req.query("include") ?? "submitted");
  if (!include.success) {
    throw problems.badRequest(
      "invalid-include",
      "include 参数应为 submitted 或 accepted。",
      "The include parameter must be submitted or accepted.",
    );
  }
  const head = await rollupWorkflow(
    c.env.DB,
    unit,
    form,
    year,
    include.data,
    await rollupHead(c.env.DB, unit, form, year),
    mode.data,
  );
  const pages = () => completenessPages(c.env.DB, unit, form, year, mode.data);
  const file = (ext: string, type: string) => ({
    "Content-Type": type,
    "Content-Disposition": `attachment; filename="rollup-${unit.code}-${form.id}-${year}.${ext}"`,
  });
  if (format === "csv") {
    return new Response(rollupCsvStream(form, head, pages()), {
      headers: file("csv", "text/csv; charset=utf-8"),
    });
  }
  if (format === "xlsx") {
    // A workbook is built in memory: keep it to subtrees a sheet can list comfortably.
    const maxUnits = Number(c.env.XLSX_MAX_UNITS ?? MAX_XLSX_UNITS);
    if (mode.data !== "none" && head.units > maxUnits) {
      throw new HttpProblem(
        422,
        "subtree-too-large",
        "单位过多",
        `该单位下有 ${head.units} 个单位,xlsx 最多列出 ${maxUnits} 个;请用 ?format=csv、?completeness=missing 或 none,或选择下级单位。`,
        `The subtree has ${head.units} units; an xlsx lists at most ${maxUnits}. Use ?format=csv, ?completeness=missing or none, or a lower unit.`,
      );
    }
    const completeness = [];
    for await (const page of pages()) completeness.push(...page);
    const rollup = { ...head, completeness, completenessMode: mode.data };
    return new Response(await rollupXlsx(form, rollup), {
      headers: file("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    });
  }
  return new Response(rollupJsonStream(head, mode.data, pages()), {
    headers: { "Content-Type": "application/json; charset=utf-8" },
  });
});

// ------------------------------------------------------------------------------------------------
// Admin

api.post("/admin/units", async (c) => {
  const p = c.get("principal");
  requireAdmin(p);
  const type = requireMediaType(c.req.raw, ["application/json", "text/csv"]);
  const text = await readText(c.req.raw);
  let raw: unknown = type === "text/csv" ? parseUnitsCsv(text) : parseJson(text);
  if (isPlainObject(raw) && Array.isArray(raw.units) && Object.keys(raw).length === 1) {
    raw = raw.units;
  }
  if (!Array.isArray(raw) || raw.length === 0) {
    throw problems.badRequest(
      "invalid-body",
      '请求体应为单位数组或 {"units": [...]}。',
      'The body must be an array of units or {"units": [...]}.',
    );
  }
  const rows = [];
  const errors: { index: number; message: string }[] = [];
  for (const [index, r] of raw.entries()) {
    const parsed = UnitImportRowSchema.safeParse(r);
    if (parsed.success) rows.push(parsed.data);
    else
      errors.push({
        index,
        message: parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; "),
      });
  }
  if (errors.length) {
    throw new HttpProblem(
      422,
      "unit-import-invalid",
      "单位导入数据有误",
      `有 ${errors.length} 行单位数据无效。`,
      `${errors.length} unit row(s) are invalid.`,
      { rows: errors.slice(0, 100) },
    );
  }
  const now = nowIso();
  const result = await importUnits(
    c.env.DB,
    rows,
    (created) =>
      c.env.DB.prepare(
        `INSERT INTO audit_log (at, request_id, credential_id, action, target, detail)
         VALUES (?1, ?2, ?3, 'units.import', 'units', ?4)`,
      ).bind(now, c.get("requestId"), p.credential, JSON.stringify({ created })),
    now,
  );
  return json(c, result, result.created > 0 ? 201 : 200);
});

api.post("/admin/periods", async (c) => {
  const p = c.get("principal");
  requireAdmin(p);
  requireMediaType(c.req.raw, ["application/json"]);
  const { status, period } = await openPeriod(
    c.env.DB,
    p,
    await readText(c.req.raw),
    c.get("requestId"),
    nowIso(),
  );
  return json(c, period, status);
});

api.post("/admin/periods/:id/close", async (c) => {
  const p = c.get("principal");
  requireAdmin(p);
  return json(c, await closePeriod(c.env.DB, p, c.req.param("id"), c.get("requestId"), nowIso()));
});

api.post("/admin/credentials", async (c) => {
  const p = c.get("principal");
  requireAdmin(p);
  requireMediaType(c.req.raw, ["application/json"]);
  const parsed = CredentialCreateBodySchema.safeParse(parseJson(await readText(c.req.raw)));
  if (!parsed.success) {
    throw problems.badRequest(
      "invalid-body",
      '请求体应为 {"unit": 单位代码, "role": "clerk" | "supervisor" | "admin"}。',
      'The body must be {"unit": code, "role": "clerk" | "supervisor" | "admin"}.',
      { errors: parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`) },
    );
  }
  const unit = await unitByCode(c.env.DB, parsed.data.unit);
  if (!unit) {
    throw problems.notFound(
      `没有代码为「${parsed.data.unit}」的单位。`,
      `No unit with code "${parsed.data.unit}".`,
    );
  }
  const cred = await newCredential();
  const now = nowIso();
  await c.env.DB.batch([
    c.env.DB.prepare(
      `INSERT INTO credentials (id, unit_id, role, secret_hash, created_at, created_by)
       VALUES (?1, ?2, ?3, ?4, ?5, ?6)`,
    ).bind(cred.id, unit.id, parsed.data.role, cred.secretHash, now, p.credential),
    c.env.DB.prepare(
      `INSERT INTO audit_log (at, request_id, credential_id, action, target, detail)
       VALUES (?1, ?2, ?3, 'credential.create', ?4, ?5)`,
    ).bind(
      now,
      c.get("requestId"),
      p.credential,
      cred.id,
      JSON.stringify({ unit: unit.code, role: parsed.data.role }),
    ),
  ]);
  const body: CredentialCreated = {
    id: cred.id,
    unit: { code: unit.code, name: unit.name },
    role: parsed.data.role,
    token: cred.token,
    createdAt: now,
  };
  return json(c, body, 201, { "Cache-Control": "no-store" });
});

api.delete("/admin/credentials/:id", async (c) => {
  const p = c.get("principal");
  requireAdmin(p);
  const id = c.req.param("id");
  const exists = await c.env.DB.prepare(`SELECT id FROM credentials WHERE id = ?1`)
    .bind(id)
    .first();
  if (!exists) {
    throw problems.notFound(
      `没有编号为「${id.slice(0, 40)}」的凭据。`,
      `No credential "${id.slice(0, 40)}".`,
    );
  }
  const now = nowIso();
  const [inserted] = await c.env.DB.batch([
    c.env.DB.prepare(
      `INSERT OR IGNORE INTO credential_revocations (credential_id, revoked_at, revoked_by) VALUES (?1, ?2, ?3)`,
    ).bind(id, now, p.credential),
    c.env.DB.prepare(
      `INSERT INTO audit_log (at, request_id, credential_id, action, target, detail)
       SELECT ?1, ?2, ?3, 'credential.revoke', ?4, '{}' WHERE changes() > 0`,
    ).bind(now, c.get("requestId"), p.credential, id),
  ]);
  void inserted;
  const row = await c.env.DB.prepare(
    `SELECT credential_id AS id, revoked_at AS revokedAt FROM credential_revocations WHERE credential_id = ?1`,
  )
    .bind(id)
    .first<CredentialRevoked>();
  return json(c, row);
});

// ------------------------------------------------------------------------------------------------
// The whole Worker: request id, logging, security headers, CORS, the API, the add-in's pages.

export const app = new Hono<AppEnv>();

app.use("*", async (c, next) => {
  const requestId = crypto.randomUUID();
  c.set("requestId", requestId);
  const started = Date.now();
  await next();
  c.res.headers.set("X-Request-Id", requestId);
  if (c.env.LOG_REQUESTS === "off") return;
  log(requestId, {
    method: c.req.method,
    path: new URL(c.req.url).pathname,
    status: c.res.status,
    ms: Date.now() - started,
    credential: c.get("principal")?.credential ?? null,
  });
});

app.use(
  "*",
  secureHeaders({
    // Excel on the web frames the task pane: allow Office's origins, not everyone.
    xFrameOptions: false,
    contentSecurityPolicy: { frameAncestors: OFFICE_FRAME_ANCESTORS },
    // Office dialogs talk to their opener; the add-in's pages load Office.js from Microsoft.
    crossOriginOpenerPolicy: false,
    crossOriginResourcePolicy: "cross-origin",
  }),
);

app.use(`${API_BASE}/*`, async (c, next) => {
  const allowed = c.env.ADDIN_ORIGIN;
  return cors({
    origin: (origin) => (allowed && origin === allowed ? origin : null),
    allowMethods: ["GET", "PUT", "POST", "DELETE", "OPTIONS"],
    allowHeaders: ["Authorization", "Content-Type", "Idempotency-Key", "If-Match"],
    exposeHeaders: [
      "ETag",
      "X-Request-Id",
      "Idempotent-Replayed",
      "Retry-After",
      "Content-Disposition",
    ],
    maxAge: 600,
  })(c, next);
});

app.route(API_BASE, api);

app.all(`${API_BASE}/*`, () => {
  throw problems.notFound("没有这个接口。", "No such API endpoint.");
});

// Everything else: the add-in's static pages.
app.all("*", async (c) => {
  if (c.env.ASSETS && (c.req.method === "GET" || c.req.method === "HEAD")) {
    const res = await c.env.ASSETS.fetch(c.req.raw);
    return new Response(res.body, res);
  }
  throw problems.notFound("没有这个页面。", "Not found.");
});

app.onError((err, c) => {
  const requestId = c.get("requestId") ?? crypto.randomUUID();
  if (err instanceof HttpProblem) return problemResponse(err, requestId);
  // Never let a stack trace out: log it, answer a plain 500.
  log(requestId, {
    level: "error",
    error: err instanceof Error ? (err.stack ?? err.message) : String(err),
  });
  return problemResponse(
    new HttpProblem(
      500,
      "internal",
      "服务器内部错误",
      "服务器出现意外错误,请稍后重试;如果问题持续,请把请求编号告诉管理员。",
      "Unexpected server error; retry later, and give the request id to an admin if it persists.",
    ),
    requestId,
  );
});

app.notFound(() =>
  problemResponse(problems.notFound("未找到。", "Not found."), crypto.randomUUID()),
);
