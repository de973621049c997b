import { describe, expect, it } from "vitest";
import type { Issue } from "../../shared/engine";
import { connectApi, type FetchLike } from "../src/common/api-client";
import { FormSession } from "../src/session/session";
import { stateFromXml } from "../src/session/state";
import { form, resolver, setup } from "./helpers";

interface Call {
  method: string;
  url: string;
  headers: Record<string, string>;
  body: unknown;
}

/** A fake Worker: stores revisions, honours Idempotency-Key and If-Match; can drop the line. */
function fakeServer() {
  const calls: Call[] = [];
  const byKey = new Map<string, Response>();
  let revision = 0;
  let current: Record<string, unknown> | null = null;
  let failNext = 0;
  /** The request reaches the server but the answer is lost. */
  let loseAnswerNext = 0;
  let extraIssues: Issue[] = [];
  const report = (body: {
    values: Record<string, number>;
    explanations: Record<string, string>;
  }) => ({
    unit: { code: "U1", name: "测试单位" },
    form: "gov-2012",
    year: 2018,
    revision,
    values: body.values,
    explanations: body.explanations,
    issues: extraIssues,
    errors: 0,
    warnings: extraIssues.length,
    status: "submitted",
    submittedAt: `2025-01-15T08:0${revision}:00Z`,
    credential: "c1",
    hash: "h",
    // The rest of a Report as the Worker answers it (the client parses it with ReportSchema).
    late: false,
    resubmitted: false,
    dueDate: null,
    returnReason: null,
    remarks: [],
    explanationReviews: {},
  });
  const json = (status: number, data: unknown, etag?: string) =>
    new Response(JSON.stringify(data), {
      status,
      headers: { "Content-Type": "application/json", ...(etag ? { ETag: etag } : {}) },
    });
  const fetcher: FetchLike = async (url, init) => {
    const headers = (init.headers ?? {}) as Record<string, string>;
    const body = init.body ? JSON.parse(String(init.body)) : null;
    calls.push({ method: init.method ?? "GET", url, headers, body });
    if (failNext > 0) {
      failNext--;
      throw new TypeError("Failed to fetch");
    }
    if (init.method === "GET") {
      if (url.includes("/2018") && current)
        return json(200, current, `"gov-2012-2018-r${revision}"`);
      return json(404, {
        type: "x",
        title: "未找到",
        status: 404,
        detail: "无",
        detail_en: "none",
        requestId: "r",
      });
    }
    const key = headers["Idempotency-Key"]!;
    const replay = byKey.get(key);
    if (replay) return replay.clone();
    const etag = `"gov-2012-2018-r${revision}"`;
    if (revision > 0 && !headers["If-Match"])
      return json(428, {
        type: "x",
        title: "t",
        status: 428,
        detail: "需要 If-Match",
        detail_en: "If-Match required",
        requestId: "r",
      });
    if (revision > 0 && headers["If-Match"] !== etag)
      return json(412, {
        type: "x",
        title: "t",
        status: 412,
        detail: "版本已变",
        detail_en: "stale",
        requestId: "r",
      });
    revision++;
    const filled: Record<string, number> = {};
    for (const c of form("gov-2012").cells) filled[c.id] = body.values[c.id] ?? 0;
    current = report({ values: filled, explanations: body.explanations ?? {} });
    const res = json(201, current, `"gov-2012-2018-r${revision}"`);
    byKey.set(key, res.clone());
    if (loseAnswerNext > 0) {
      loseAnswerNext--;
      throw new TypeError("Failed to fetch");
    }
    return res;
  };
  return {
    calls,
    fetcher,
    revisions: () => revision,
    failNext: (n = 1) => (failNext = n),
    loseAnswerNext: (n = 1) => (loseAnswerNext = n),
    setExtraIssues: (i: Issue[]) => (extraIssues = i),
  };
}

async function filledSheet() {
  const env = setup();
  const s = await FormSession.insert(env.deps, form("gov-2012"), 2018, {
    code: "U1",
    name: "测试单位",
  });
  const edit = (id: string, v: unknown) =>
    env.excel.userEdit(s.sheetName, s.layout.inputs[id]!.address, v);
  await edit("proactive.total.n", 300);
  await edit("proactive.website.n", 298);
  return { ...env, s, edit };
}

describe("submitting", () => {
  it("sends Idempotency-Key, then If-Match once a revision exists; shows revision and time", async () => {
    const { s, edit } = await filledSheet();
    const server = fakeServer();
    const api = connectApi({ server: "https://localhost:8787/", token: "tok" }, server.fetcher);
    const first = await s.submit(api, "U1");
    expect(first).toMatchObject({
      kind: "submitted",
      revision: 1,
      submittedAt: "2025-01-15T08:01:00Z",
    });
    const put1 = server.calls.find((c) => c.method === "PUT")!;
    expect(put1.url).toBe("https://localhost:8787/api/v1/units/U1/reports/gov-2012/2018");
    expect(put1.headers["Authorization"]).toBe("Bearer tok");
    expect(put1.headers["Idempotency-Key"]).toBe("uuid-2");
    expect(put1.headers["If-Match"]).toBeUndefined();
    expect((put1.body as { values: Record<string, number> }).values["proactive.website.n"]).toBe(
      298,
    );

    await edit("proactive.press_conferences.n", 4);
    const second = await s.submit(api, "U1");
    expect(second).toMatchObject({ kind: "submitted", revision: 2 });
    const put2 = server.calls.filter((c) => c.method === "PUT")[1]!;
    expect(put2.headers["If-Match"]).toBe('"gov-2012-2018-r1"');
    expect(put2.headers["Idempotency-Key"]).not.toBe(put1.headers["Idempotency-Key"]);
  });

  it("keeps everything on a network failure and retries without a duplicate revision", async () => {
    const { excel, s } = await filledSheet();
    const server = fakeServer();
    const api = connectApi({ server: "https://x", token: "t" }, server.fetcher);
    server.loseAnswerNext(); // the server stores it, the answer never arrives
    const failed = await s.submit(api, "U1");
    expect(failed.kind).toBe("network");
    // the pending key is in the workbook itself
    const saved = stateFromXml(excel.workbook.parts[0]!.xml);
    expect(saved.pending?.key).toBe("uuid-2");
    // the typed values are still in the sheet
    expect(excel.cell(s.sheetName, s.layout.inputs["proactive.website.n"]!.address).value).toBe(
      298,
    );

    server.failNext(); // offline
    expect((await s.submit(api, "U1")).kind).toBe("network");

    const retried = await s.submit(api, "U1");
    expect(retried).toMatchObject({ kind: "submitted", revision: 1 });
    expect(server.revisions()).toBe(1);
    const keys = server.calls
      .filter((c) => c.method === "PUT")
      .map((c) => c.headers["Idempotency-Key"]);
    expect(new Set(keys)).toEqual(new Set(["uuid-2"]));
    expect(stateFromXml(excel.workbook.parts[0]!.xml).pending).toBeNull();
  });

  it("survives a reload of the pane between the failure and the retry", async () => {
    const { excel, s } = await filledSheet();
    const server = fakeServer();
    const api = connectApi({ server: "https://x", token: "t" }, server.fetcher);
    server.loseAnswerNext();
    await s.submit(api, "U1");
    const again = setup({ workbook: excel.reopen().workbook });
    const s2 = (await FormSession.attach(again.deps, resolver))!;
    const res = await s2.submit(api, "U1");
    expect(res).toMatchObject({ kind: "submitted", revision: 1 });
    expect(server.revisions()).toBe(1);
  });

  it("refuses errors, and warnings without a 说明, before any request", async () => {
    const { s, edit } = await filledSheet();
    const server = fakeServer();
    const api = connectApi({ server: "https://x", token: "t" }, server.fetcher);
    await edit("proactive.website.n", 999);
    expect((await s.submit(api, "U1")).kind).toBe("blocked");
    await edit("proactive.website.n", 1);
    await edit("requests.accepted.n", 5); // G8 warning: accepted > total
    const res = await s.submit(api, "U1");
    expect(res).toEqual({ kind: "needsExplanations", keys: ["G8:requests.accepted.n"] });
    expect(server.calls).toHaveLength(0);
    await s.setExplanation("G8:requests.accepted.n", "含上年结转的申请,已核实无误。");
    const ok = await s.submit(api, "U1");
    expect(ok.kind).toBe("submitted");
    const put = server.calls.find((c) => c.method === "PUT")!;
    expect(put.body).toMatchObject({
      explanations: { "G8:requests.accepted.n": "含上年结转的申请,已核实无误。" },
    });
  });

  it("drops a refusal from the status line once its cause is gone", async () => {
    const { s, edit } = await filledSheet();
    const api = connectApi({ server: "https://x", token: "t" }, fakeServer().fetcher);
    await edit("proactive.website.n", 999);
    await s.submit(api, "U1");
    expect(s.submitStatus.kind).toBe("blocked");
    await edit("proactive.website.n", 1);
    await s.pass();
    expect(s.submitStatus.kind).toBe("idle");
    await edit("requests.accepted.n", 5);
    await s.submit(api, "U1");
    expect(s.submitStatus.kind).toBe("needsExplanations");
    await s.setExplanation("G8:requests.accepted.n", "含上年结转的申请,已核实无误。");
    expect(s.submitStatus.kind).toBe("idle");
  });

  it("lists issues only the server judges (server rules) in the pane, without painting the sheet", async () => {
    const { excel, s } = await filledSheet();
    const server = fakeServer();
    const api = connectApi({ server: "https://x", token: "t" }, server.fetcher);
    server.setExtraIssues([
      {
        rule: "X1",
        key: "X1:proactive.total.n",
        severity: "warning",
        cell: "proactive.total.n",
        cells: ["proactive.total.n"],
        left: 300,
        right: 20,
        message_zh: "比上年增加过多",
        message_en: "Much more than last year",
      },
    ]);
    await s.submit(api, "U1");
    const addr = s.layout.inputs["proactive.total.n"]!.address;
    // the sheet's marks are the workbook's own formulas: a rule it does not hold marks nothing
    expect(excel.shown(s.sheetName, addr).fill).toBeNull();
    expect(excel.sheet(s.sheetName).notes.get(addr)).toBeUndefined();
    expect(s.warnings().map((w) => w.key)).toEqual(["X1:proactive.total.n"]);
  });

  it("reports a conflict when someone else submitted meanwhile", async () => {
    const { s } = await filledSheet();
    const server = fakeServer();
    const api = connectApi({ server: "https://x", token: "t" }, server.fetcher);
    // another clerk's revision 1
    await server.fetcher("https://x/api/v1/units/U1/reports/gov-2012/2018", {
      method: "PUT",
      headers: { "Idempotency-Key": "other" },
      body: JSON.stringify({ values: { "proactive.total.n": 1 }, explanations: {} }),
    });
    const res = await s.submit(api, "U1");
    expect(res).toEqual({ kind: "conflict", revision: 1 });
    const next = await s.submit(api, "U1"); // now with the server's ETag
    expect(next).toMatchObject({ kind: "submitted", revision: 2 });
  });

  it("does not make a new revision when nothing changed since the last submission", async () => {
    const { s } = await filledSheet();
    const server = fakeServer();
    const api = connectApi({ server: "https://x", token: "t" }, server.fetcher);
    await s.submit(api, "U1");
    const again = await s.submit(api, "U1");
    expect(again).toMatchObject({ kind: "submitted", revision: 1 });
    expect(server.calls.filter((c) => c.method === "PUT")).toHaveLength(1);
  });

  it("lets the engine overrule a server issue on a rule it judges itself, once fixed", async () => {
    const { excel, s } = await filledSheet();
    const server = fakeServer();
    const api = connectApi({ server: "https://x", token: "t" }, server.fetcher);
    server.setExtraIssues([
      {
        rule: "G8",
        key: "G8:requests.accepted.n",
        severity: "warning",
        cell: "requests.accepted.n",
        cells: ["requests.accepted.n", "requests.total.n"],
        left: 5,
        right: 0,
        message_zh: "受理数大于申请数",
        message_en: "accepted > requests",
      },
    ]);
    await s.submit(api, "U1");
    expect(s.issues.map((i) => i.key)).not.toContain("G8:requests.accepted.n");
    const addr = s.layout.inputs["requests.accepted.n"]!.address;
    expect(excel.cell(s.sheetName, addr).fill).toBeNull();
  });
});
