// @vitest-environment happy-dom
/**
 * The clerk's page without the add-in (issue 23), its controller and rendered DOM against a
 * recording fake server: an invite code, the open period's form by name, the outdated file and
 * 「仍用此文件覆盖」, a returned report's reason and remarks at their cells, the history.
 */
import { describe, expect, it } from "vitest";
import gov2021 from "../../shared/forms/definitions/gov-2021.json";
import { compileForm } from "../../shared/forms/model";
import { layoutForm } from "../../shared/layout";
import type { Connection } from "../src/common/api-client";
import { JARGON } from "../../shared/testing/clerk-words";
import { FilesController } from "../src/pane/files";
import { mountFiles } from "../src/pane/view/files";

const json = (status: number, data: unknown) =>
  new Response(JSON.stringify(data), {
    status,
    headers: { "Content-Type": status >= 400 ? "application/problem+json" : "application/json" },
  });

const UNIT = { code: "330327003", name: "灵溪镇人民政府" };
const summary = { id: "gov-2021", version: 1, title: gov2021.title, years: gov2021.years };
const cell = "requests.new.natural";
const address = layoutForm(compileForm(gov2021), "zh").inputs[cell]!.address;

const returned = {
  unit: UNIT,
  form: "gov-2021",
  year: 2025,
  revision: 2,
  values: {},
  explanations: {},
  issues: [],
  errors: 0,
  warnings: 0,
  status: "returned",
  submittedAt: "2026-01-10T02:30:00.000Z",
  credential: "c1",
  hash: "h",
  late: false,
  resubmitted: false,
  dueDate: "2026-01-31",
  returnReason: "请核对申请数",
  remarks: [
    {
      id: "r1",
      cell,
      text: "与台账不符",
      author: { name: "苍南县政务公开办", role: "supervisor" },
      at: "2026-01-11T01:00:00.000Z",
      revision: 2,
      resolved: false,
      resolution: null,
      answer: null,
    },
  ],
  explanationReviews: {},
};

const event = (revision: number, action: string, to: string, role: string, at: string) => ({
  action,
  from: null,
  to,
  revision,
  by: {
    credential: "c",
    unit: role === "clerk" ? UNIT : { code: "330327", name: "苍南县政务公开办" },
    role,
  },
  at,
  reason: action === "return" ? "请核对申请数" : null,
});

interface Sent {
  method: string;
  url: string;
  body?: unknown;
}

function page(opts: { report?: unknown; put?: (url: string) => Response } = {}) {
  const sent: Sent[] = [];
  let saved: Connection | null = null;
  const fetchFake = (async (url: string, init: RequestInit = {}) => {
    const method = init.method ?? "GET";
    sent.push({ method, url, body: init.body });
    const path = new URL(url).pathname.replace("/api/v1", "");
    if (path === "/invites/redeem")
      return json(201, { token: "c9.secret", unit: UNIT, role: "clerk", credential: "c9" });
    if (path === "/me")
      return json(200, { unit: { ...UNIT, path: [UNIT] }, role: "clerk", credential: "c9" });
    if (path === "/forms") return json(200, { forms: [summary] });
    if (path === "/forms/gov-2021") return json(200, { ...summary, definition: gov2021 });
    if (path.endsWith("/periods"))
      return json(200, {
        periods: [2024, 2025].map((year) => ({
          id: `p_${year}`,
          unit: { code: "330327", name: "苍南县" },
          form: "gov-2021",
          year,
          dueDate: `${year + 1}-01-31`,
          supplements: { capacity: true },
          openedAt: "2025-12-01T00:00:00.000Z",
          closedAt: year === 2024 ? "2025-02-01T00:00:00.000Z" : null,
        })),
      });
    if (path.endsWith("/history"))
      return json(200, {
        events: opts.report
          ? [
              event(1, "submit", "submitted", "clerk", "2026-01-09T02:00:00.000Z"),
              event(2, "submit", "submitted", "clerk", "2026-01-10T02:30:00.000Z"),
              event(2, "return", "returned", "supervisor", "2026-01-11T01:00:00.000Z"),
            ]
          : [],
      });
    if (method === "PUT" && opts.put) return opts.put(url);
    if (opts.report && method === "GET") return json(200, opts.report);
    return json(404, {
      type: "https://xxgk-tables.dev/problems/report-not-found",
      title: "尚未报送",
      status: 404,
      detail: "尚未报送",
      detail_en: "Not sent",
      requestId: "r",
    });
  }) as typeof fetch;
  const c = new FilesController({
    store: { load: () => null, save: (x) => (saved = x), clear: () => undefined },
    lang: "zh",
    uuid: () => `k${sent.length}`,
    save: () => undefined,
    fetch: fetchFake,
  });
  document.body.innerHTML = "<main id=app></main>";
  const root = document.getElementById("app")!;
  mountFiles(root, c, "zh");
  return { c, sent, root, saved: () => saved };
}

describe("the clerk's page", () => {
  it("connects with an invite code; the open period's form by name, its due date, 未报送", async () => {
    const { c, sent, root, saved } = page();
    await c.connect("https://x.example", "ABCDE-FGHJK");
    expect(sent[0]).toMatchObject({
      method: "POST",
      url: "https://x.example/api/v1/invites/redeem",
    });
    expect(saved()).toEqual({ server: "https://x.example", token: "c9.secret" }); // the token, not the code
    expect(c.year).toBe(2025); // the open period, not the closed one of 2024
    const select = root.querySelector("#files-form") as unknown as HTMLSelectElement;
    expect(select.value).toBe("gov-2021");
    expect(select.querySelector("option[selected], option")!.textContent).toBe(gov2021.title.zh);
    const text = root.textContent!;
    expect(text).toContain("当前单位:灵溪镇人民政府(填报员)");
    expect(text).toContain("填报截止日期:2026-01-31");
    expect(text).toContain("状态:未报送");
    expect(text).toContain("尚无报送记录");
    // The file does the arithmetic and brings last year's 结转 in: the steps say so.
    expect(text).toContain("合计、总计由文件自动计算");
    expect(text).toContain("「上年结转」已按本单位上年的报表预填");
    expect(text).not.toMatch(JARGON);
    expect(text).not.toContain("330327003");
  });

  it("an outdated file: the server's words, then 「仍用此文件覆盖」 sends it over that revision", async () => {
    const outdated = {
      type: "https://xxgk-tables.dev/problems/precondition-failed",
      title: "报表已有新版次",
      title_en: "Report changed since",
      status: 412,
      detail:
        "该文件是根据第 1 版下载的,而 「灵溪镇人民政府」的填报员已于 2026-01-10 10:30 报送了第 3 版。请下载最新的报表文件……",
      detail_en: "This file was downloaded at revision 1 …",
      requestId: "r",
      currentRevision: 3,
      basedOn: 1,
    };
    const urls: string[] = [];
    const { c, root } = page({
      put: (url) => {
        urls.push(url);
        return url.includes("overwrite=3")
          ? json(201, { ...returned, status: "submitted", revision: 4, remarks: [] })
          : json(412, outdated);
      },
    });
    await c.connect("https://x.example", "c9.secret");
    const file = new Uint8Array([1, 2, 3]);
    await c.upload(file);
    expect(c.outcome).toMatchObject({ kind: "outdated", currentRevision: 3, bytes: file });
    const result = root.querySelector("#files-result")!;
    expect(result.getAttribute("role")).toBe("alert");
    expect(result.textContent).toContain("请下载最新的报表文件");
    expect(result.textContent).not.toMatch(JARGON);
    expect(root.querySelector("#files-latest")!.textContent).toBe("下载最新的报表文件");
    const overwrite = root.querySelector<HTMLButtonElement>("#files-overwrite")!;
    expect(overwrite.textContent).toBe("仍用此文件覆盖");
    overwrite.click();
    await expect.poll(() => c.outcome?.kind).toBe("stored");
    expect(urls).toEqual([
      "https://x.example/api/v1/units/330327003/reports/gov-2021/2025",
      "https://x.example/api/v1/units/330327003/reports/gov-2021/2025?overwrite=3",
    ]);
    expect(root.querySelector("#files-result")!.textContent).toContain("已保存为第 4 版");
  });

  it("a returned report: its reason, each remark at its cell, and the history by 版次", async () => {
    const { c, root } = page({ report: returned });
    await c.connect("https://x.example", "c9.secret");
    const status = root.querySelector("#files-status")!.textContent!;
    expect(status).toContain("第 2 版已被退回,请按审核意见修改后重新上传");
    const remarks = root.querySelector("#files-remarks")!.textContent!;
    expect(remarks).toContain("退回原因:请核对申请数");
    expect(remarks).toContain(`单元格 ${address}「`);
    expect(remarks).toContain("与台账不符");
    expect(remarks).toContain("苍南县政务公开办,2026-01-11 09:00(第 2 版)");
    expect(remarks).toContain("待修改");
    const rows = [...root.querySelectorAll("#files-history tbody tr")].map((r) =>
      [...r.querySelectorAll("td")].map((td) => td.textContent),
    );
    expect(rows[0]).toEqual([
      "第 2 版",
      "退回",
      "苍南县政务公开办(审核员)",
      "2026-01-11 09:00",
      "已退回:请核对申请数",
    ]);
    expect(rows.at(-1)).toEqual([
      "第 1 版",
      "报送",
      "灵溪镇人民政府(填报员)",
      "2026-01-09 10:00",
      "已报送",
    ]);
  });
});
