/**
 * 提交: check, refuse while errors stand or a warning lacks its 说明, then PUT the values with the
 * 说明 and answers. The Idempotency-Key is made once per payload and written into the workbook
 * (with the texts typed so far) before the request, so a retry after a network failure can never
 * add a revision; the answer is written back after it. Both writes are 提交's own.
 */
import type { ReportPutBody } from "../../../shared/api/schemas";
import type { Form } from "../../../shared/forms/model";
import { payloadHash, problemSlug, type ApiClient } from "../common/api-client";
import { check } from "./checking";
import type { SessionCore, SubmitStatus } from "./core";
import { orderedRemarks } from "./remarks";

export async function submitSheet(
  s: SessionCore,
  api: ApiClient,
  unitCode: string,
): Promise<SubmitStatus> {
  const { result, issues } = await check(s);
  if (result.errors > 0)
    return s.setStatus({
      kind: "blocked",
      errors: issues.filter((i) => i.severity === "error").length,
    });
  const missing = s.missingExplanations();
  if (missing.length) return s.setStatus({ kind: "needsExplanations", keys: missing });
  const explanations: Record<string, string> = {};
  for (const w of s.warnings()) explanations[w.key] = s.state.explanations[w.key]!.trim();
  const answers: Record<string, string> = {};
  for (const r of orderedRemarks(s)) {
    const a = (s.state.answers[r.id] ?? "").trim();
    if (!r.resolved && a) answers[r.id] = a;
  }
  const body: ReportPutBody = {
    values: result.values,
    explanations,
    ...(Object.keys(answers).length ? { answers } : {}),
  };
  const hash = payloadHash({ unitCode, form: s.form.id, year: s.meta.year, body });
  const serverStatus = s.report?.status ?? s.state.server?.status;
  if (s.state.server?.hash === hash && !s.state.pending && serverStatus === "submitted") {
    // Nothing changed since the last submission: no new revision.
    return s.setStatus({
      kind: "submitted",
      revision: s.state.server.revision,
      submittedAt: s.state.server.submittedAt,
      status: s.state.server.status,
    });
  }
  if (!s.state.pending || s.state.pending.hash !== hash) {
    s.state = {
      ...s.state,
      pending: { key: s.deps.uuid(), hash, createdAt: s.deps.now().toISOString() },
    };
  }
  s.state = { ...s.state, unitCode };
  await s.persist();
  s.setStatus({ kind: "submitting" });

  const res = await api.putReport(unitCode, s.form.id, s.meta.year, body, {
    idempotencyKey: s.state.pending!.key,
    ifMatch: s.state.server?.etag ?? null,
  });
  let status: SubmitStatus;
  if (res.ok) {
    s.acceptReport(res.data, res.etag);
    s.state.server!.hash = hash;
    // Sent answers are kept by the server (remark.answer); the local copies are done.
    const answered = new Set(Object.keys(answers));
    s.state.answers = Object.fromEntries(
      Object.entries(s.state.answers).filter(([id]) => !answered.has(id)),
    );
    status = s.submitStatus;
  } else if (res.kind === "network") {
    status = { kind: "network", message: res.message };
  } else if (res.status === 412 || res.status === 428) {
    status = await reconcile(s, api, unitCode, body);
  } else if (res.status === 409 && problemSlug(res.problem.type) === "report-locked") {
    s.state = { ...s.state, pending: null };
    // The status line follows: fetch the accepted report.
    const cur = await api.report(unitCode, s.form.id, s.meta.year);
    if (cur.ok) s.acceptReport(cur.data, cur.etag);
    status = { kind: "locked" };
  } else if (res.status === 409 && problemSlug(res.problem.type) === "no-open-period") {
    s.state = { ...s.state, pending: null };
    status = {
      kind: "noPeriod",
      detail: res.problem.detail,
      detailEn: res.problem.detail_en,
    };
  } else {
    if (res.status === 422 && res.problem.issues) {
      const localKeys = new Set(result.issues.map((i) => i.key));
      s.serverIssues = res.problem.issues.filter((i) => !localKeys.has(i.key));
    }
    // A definite answer: the next submission is a new request.
    s.state = { ...s.state, pending: null };
    status = {
      kind: "rejected",
      status: res.status,
      detail: res.problem.detail,
      detailEn: res.problem.detail_en,
    };
  }
  await s.persist();
  s.setStatus(status);
  if (s.serverIssues.length || s.report?.remarks?.length) await check(s, { paint: true });
  return status;
}

/** After 412/428: if the server already holds exactly this payload, it was ours; else a conflict. */
async function reconcile(
  s: SessionCore,
  api: ApiClient,
  unitCode: string,
  body: ReportPutBody,
): Promise<SubmitStatus> {
  const cur = await api.report(unitCode, s.form.id, s.meta.year);
  if (!cur.ok)
    return cur.kind === "network"
      ? { kind: "network", message: cur.message }
      : { kind: "conflict", revision: null };
  const same =
    payloadHash({ v: fillZeros(s.form, cur.data.values), e: cur.data.explanations }) ===
    payloadHash({ v: fillZeros(s.form, body.values), e: body.explanations ?? {} });
  if (same) {
    s.acceptReport(cur.data, cur.etag);
    return s.submitStatus;
  }
  s.report = cur.data;
  s.state = {
    ...s.state,
    pending: null,
    server: {
      revision: cur.data.revision,
      etag: cur.etag ?? `"${cur.data.form}-${cur.data.year}-r${cur.data.revision}"`,
      submittedAt: cur.data.submittedAt,
      status: cur.data.status,
    },
  };
  return { kind: "conflict", revision: cur.data.revision };
}

/** The server stores a blank cell as 0. */
function fillZeros(form: Form, values: Record<string, number>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const c of form.cells) out[c.id] = values[c.id] ?? 0;
  return out;
}
