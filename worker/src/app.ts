/**
 * The whole Worker: request id and log line, security headers, CORS, the API (routes/), the
 * add-in's pages, and problem+json for every failure.
 */
import { Hono } from "hono";
import { API_BASE } from "../../shared/api/schemas";
import type { AppEnv } from "./app-env";
import { log } from "./http/log";
import { databaseRefusal, HttpProblem, problemResponse, problems } from "./http/problem";
import { requestLog } from "./middleware/request-log";
import { apiCors, securityHeaders } from "./middleware/security";
import { api } from "./routes/index";
import { siteApp } from "./site/index";
import { officeJsSource, withOfficeJs } from "./site/office-js";

export const app = new Hono<AppEnv>();

app.use("*", requestLog());
app.use("*", securityHeaders());
app.use(`${API_BASE}/*`, apiCors());

// The public pages (front page, manifest, health) before the authenticated API and the assets.
app.route("/", siteApp);
app.route(API_BASE, api);

app.all(`${API_BASE}/*`, () => {
  throw problems.notFound("没有这个接口。", "No such API endpoint.");
});

// Everything else: the add-in's static pages.
app.all("*", async (c) => {
  if (c.env.ASSETS && (c.req.method === "GET" || c.req.method === "HEAD")) {
    const res = await c.env.ASSETS.fetch(c.req.raw);
    // The pane's page names the Office.js of XXGK_OFFICE_JS.
    return withOfficeJs(new Response(res.body, res), officeJsSource(c.env.XXGK_OFFICE_JS));
  }
  throw problems.notFound("没有这个页面。", "Not found.");
});

app.onError((err, c) => {
  const requestId = c.get("requestId") ?? crypto.randomUUID();
  const refused = databaseRefusal(err);
  if (refused) return problemResponse(refused, requestId);
  if (err instanceof HttpProblem) {
    if (err.logLevel) {
      log(requestId, { level: err.logLevel, problem: err.slug, detail: err.detailEn });
    }
    return problemResponse(err, requestId);
  }
  // Never let a stack trace out: log it, answer a plain 500.
  log(requestId, {
    level: "error",
    error: err instanceof Error ? (err.stack ?? err.message) : String(err),
  });
  return problemResponse(
    new HttpProblem(
      "internal",
      "服务器出现意外错误,请稍后重试;如果问题持续,请把请求编号告诉管理员。",
      "Unexpected server error; retry later, and give the request id to an admin if it persists.",
    ),
    requestId,
  );
});

app.notFound(() =>
  problemResponse(problems.notFound("未找到。", "Not found."), crypto.randomUUID()),
);
