// @vitest-environment happy-dom
/**
 * 撤回 on the clerk's page: offered while the report awaits review, refused without a reason
 * (nothing sent), sent with the revision and the reason, and the withdrawn status shown after.
 */
import { describe, expect, it } from "vitest";
import { FilesController } from "../src/pane/files";
import { mountFiles } from "../src/pane/view/files";

const me = {
  unit: { code: "460100", name: "海口市", path: [{ code: "460100", name: "海口市" }] },
  role: "clerk",
  credential: "c1",
};

function report(status: "submitted" | "withdrawn" | "accepted") {
  return {
    unit: { code: "460100", name: "海口市" },
    form: "gov-2021",
    year: 2023,
    revision: 2,
    values: {},
    explanations: {},
    issues: [],
    errors: 0,
    warnings: 0,
    status,
    submittedAt: "2024-01-10T02:00:00.000Z",
    credential: "c1",
    hash: "h",
    late: false,
    resubmitted: false,
    dueDate: "2024-01-31",
    returnReason: null,
    remarks: [],
    explanationReviews: {},
  };
}

function page(initial: "submitted" | "accepted") {
  let status: "submitted" | "withdrawn" | "accepted" = initial;
  const posts: { url: string; body: unknown; key: string | null }[] = [];
  const fetcher = (async (url: string, init: RequestInit) => {
    const path = new URL(url).pathname.replace("/api/v1", "");
    if (path === "/me") return Response.json(me);
    if (path === "/forms")
      return Response.json({
        forms: [
          {
            id: "gov-2021",
            version: 1,
            title: { zh: "政府信息公开工作年度报告", en: "Annual report" },
            years: { from: 2021, to: null },
          },
        ],
      });
    if (path.endsWith("/periods")) return Response.json({ periods: [] });
    if (path === "/forms/gov-2021") return new Response("{}", { status: 404 });
    if (path.endsWith("/history")) return Response.json({ events: [] });
    if (path.endsWith("/withdraw")) {
      const headers = new Headers(init.headers);
      posts.push({
        url: path,
        body: JSON.parse(String(init.body)),
        key: headers.get("Idempotency-Key"),
      });
      status = "withdrawn";
      return Response.json(report(status));
    }
    if (path === "/units/460100/reports/gov-2021/2023") return Response.json(report(status));
    return new Response("{}", { status: 404 });
  }) as typeof fetch;
  const c = new FilesController({
    store: { load: () => null, save: () => undefined, clear: () => undefined },
    lang: "zh",
    uuid: () => "w-key-1",
    save: () => undefined,
    fetch: fetcher,
  });
  document.body.textContent = "";
  mountFiles(document.body, c, "zh");
  return { c, posts };
}

const $ = (sel: string) => document.querySelector(sel);

describe("撤回 on the clerk's page", () => {
  it("withdraws with a reason; without one nothing is sent", async () => {
    const { c, posts } = page("submitted");
    await c.connect("https://x.example", "t0k");
    await c.choose({ year: 2023, formId: "gov-2021" });
    expect($("#files-withdraw")).not.toBeNull();
    ($("#files-withdraw-button") as HTMLButtonElement).click();
    expect($("#files-withdraw-hint")?.textContent).toBe("请填写撤回原因。");
    expect(posts).toEqual([]);

    ($("#files-withdraw-reason") as HTMLInputElement).value = "申请数据漏报一件";
    ($("#files-withdraw-button") as HTMLButtonElement).click();
    await new Promise((r) => setTimeout(r, 0));
    await waitUntil(() => c.outcome?.kind === "withdrawn");
    expect(posts).toEqual([
      {
        url: "/units/460100/reports/gov-2021/2023/withdraw",
        body: { revision: 2, reason: "申请数据漏报一件" },
        key: "w-key-1",
      },
    ]);
    expect($("#files-result")?.textContent).toBe("已撤回第 2 版:请修改后重新上传。");
    expect(document.body.textContent).toContain("状态:第 2 版已撤回,修改后请重新上传");
    // Withdrawn: nothing more to withdraw.
    expect($("#files-withdraw")).toBeNull();
  });

  it("is not offered once the report was accepted", async () => {
    const { c } = page("accepted");
    await c.connect("https://x.example", "t0k");
    await c.choose({ year: 2023, formId: "gov-2021" });
    expect(c.view?.report?.status).toBe("accepted");
    expect($("#files-withdraw")).toBeNull();
  });
});

async function waitUntil(done: () => boolean): Promise<void> {
  for (let i = 0; i < 100 && !done(); i++) await new Promise((r) => setTimeout(r, 5));
  expect(done()).toBe(true);
}
