import { describe, expect, it } from "vitest";
import type { FetchLike } from "../src/common/api-client";
import { checkServer, ConnectionRole } from "../src/pane/connection";
import { PaneCore } from "../src/pane/core";
import { reviewBody } from "../src/pane/review";
import { UNITS, workflowServer } from "../testing/fake-workflow";
import { form, paneDeps, setup } from "./helpers";

function core(fetcher: FetchLike) {
  return new PaneCore(paneDeps(setup(), fetcher));
}

describe("the server address", () => {
  it("must be https, except this computer (localhost, 127.0.0.1)", () => {
    expect(checkServer("https://xxgk.example.gov.cn")).toEqual({
      ok: true,
      server: "https://xxgk.example.gov.cn",
    });
    expect(checkServer("https://xxgk.example.gov.cn/")).toMatchObject({ ok: true });
    expect(checkServer("http://localhost:8787")).toMatchObject({ ok: true });
    expect(checkServer("http://127.0.0.1:51234")).toMatchObject({ ok: true });
    expect(checkServer("http://xxgk.example.gov.cn")).toEqual({ ok: false, key: "serverInsecure" });
    expect(checkServer("http://192.168.1.20:8787")).toEqual({ ok: false, key: "serverInsecure" });
    expect(checkServer("http://localhost.evil.example")).toEqual({
      ok: false,
      key: "serverInsecure",
    });
    expect(checkServer("ftp://x")).toEqual({ ok: false, key: "serverInvalid" });
    expect(checkServer("xxgk.example.gov.cn")).toEqual({ ok: false, key: "serverInvalid" });
    expect(checkServer("https://user:pw@x.example")).toEqual({ ok: false, key: "serverInvalid" });
  });

  it("over plain http is refused with a clear message, and the token is never sent", async () => {
    const sent: string[] = [];
    const server = workflowServer();
    const spy: FetchLike = (url, init) => {
      sent.push(url);
      return server.fetcher(url, init);
    };
    const c = core(spy);
    const connection = new ConnectionRole(c);
    expect(await connection.connect("http://xxgk.example.gov.cn", "clerk")).toBe(false);
    expect(c.notice).toEqual({
      kind: "error",
      text: "服务器地址须以 https:// 开头(本机 localhost、127.0.0.1 除外):访问令牌不能以明文发送。",
    });
    expect(sent).toEqual([]);
    expect(c.deps.store.load()).toBeNull();
    expect(await connection.connect("https://xxgk.example.gov.cn", "clerk")).toBe(true);
    expect(c.me?.unit.code).toBe(UNITS.U1.code);
    expect(sent[0]).toBe("https://xxgk.example.gov.cn/api/v1/me");
  });
});

describe("a review's request", () => {
  it("needs a reason to return, and refuses to accept over a rejected 说明", () => {
    const f = form("gov-2012");
    const r = {
      unit: UNITS.U1,
      form: f,
      year: 2018,
      layout: {} as never,
      report: {
        revision: 3,
        explanations: { "G8:x": "说明" },
        issues: [{ key: "G8:x", severity: "warning", cell: "x" }],
      } as never,
      sheet: "审核 U1",
      decisions: { "G8:x": { decision: "rejected" as const, comment: "请补充" } },
      remarks: [{ cell: "x", address: "E9", text: "核对" }],
      history: [],
    };
    expect(reviewBody(r, "return", " ")).toEqual({ ok: false, key: "reasonRequired" });
    expect(reviewBody(r, "return", "请核对")).toEqual({
      ok: true,
      body: {
        action: "return",
        revision: 3,
        reason: "请核对",
        remarks: [{ cell: "x", text: "核对" }],
        explanations: { "G8:x": { decision: "rejected", comment: "请补充" } },
      },
    });
    expect(reviewBody(r, "accept", "")).toEqual({ ok: false, key: "acceptWithRejection" });
    r.decisions["G8:x"] = { decision: "accepted" as never, comment: "" };
    expect(reviewBody(r, "accept", "")).toEqual({
      ok: true,
      body: { action: "accept", revision: 3, explanations: { "G8:x": { decision: "accepted" } } },
    });
  });
});
