// @vitest-environment happy-dom
import { describe, expect, it } from "vitest";
import type { Connection, ConnectionStore } from "../src/common/api-client";
import { PaneController } from "../src/pane/controller";
import { mountPane } from "../src/pane/view";
import { UNITS, workflowServer } from "../testing/fake-workflow";
import { setup } from "./helpers";

type Server = ReturnType<typeof workflowServer>;

function mounted(server: Server) {
  const env = setup();
  let saved: Connection | null = null;
  const store: ConnectionStore = {
    load: () => saved,
    save: (c) => void (saved = c),
    clear: () => void (saved = null),
  };
  const c = new PaneController({
    host: env.host,
    store,
    fetcher: server.fetcher,
    lang: "zh",
    uuid: env.deps.uuid,
    now: () => new Date("2019-01-15T00:00:00Z"),
    timer: env.timer,
    defaultServer: "https://localhost:8787",
  });
  document.body.innerHTML = '<main id="app"></main>';
  const root = document.getElementById("app")!;
  mountPane(root, c);
  return { ...env, c, root };
}

const flush = () => new Promise((r) => setTimeout(r, 0));
const q = <T = HTMLElement>(root: Element, sel: string) => root.querySelector(sel) as unknown as T;
async function idle(c: PaneController): Promise<void> {
  await flush();
  while (c.busy || c.session?.submitStatus.kind === "submitting") await flush();
}

async function clerkWithReturn(server: Server) {
  server.seed("U1", "gov-2012", 2017, {
    values: {},
    explanations: { "G8:requests.accepted.n": "去年:受理数含上年结转的申请。" },
  });
  const env = mounted(server);
  const { c, excel } = env;
  await c.connect("https://localhost:8787", "clerk");
  c.choose({ year: 2018 });
  await c.insert();
  const s = c.session!;
  const at = (id: string) => s.layout.inputs[id]!.address;
  await excel.userEdit(s.sheetName, at("proactive.total.n"), 300);
  await excel.userEdit(s.sheetName, at("requests.accepted.n"), 5);
  await c.check();
  return { ...env, s, at };
}

describe("the workflow in the pane's DOM", () => {
  it("offers last year's 说明 for a warning, and one click puts it in the box", async () => {
    const server = workflowServer();
    const { root, c } = await clerkWithReturn(server);
    const offer = q(root, ".last-year");
    expect(offer.textContent).toContain("去年的说明:去年:受理数含上年结转的申请。");
    q(root, ".use-last-year").click();
    await idle(c);
    expect(q<HTMLTextAreaElement>(root, "textarea.explain").value).toBe(
      "去年:受理数含上年结转的申请。",
    );
    expect(root.querySelector(".last-year")).toBeNull(); // offered no more once used
  });

  it("shows the status, the return reason and the remarks; an answer typed is sent with 提交", async () => {
    const server = workflowServer();
    const { root, c, s } = await clerkWithReturn(server);
    expect(q(root, "#workflow").textContent).toBe("状态:未报送 · 截止日期:2019-01-31");
    await c.useLastYear(s.warnings()[0]!);
    q(root, "#submit").click();
    await idle(c);
    expect(q(root, "#workflow").textContent).toBe("状态:已报送 · 截止日期:2019-01-31 · 按时报送");
    server.review("U1", "gov-2012", 2018, {
      action: "return",
      revision: 1,
      reason: "受理数与台账不符",
      remarks: [{ cell: "requests.accepted.n", text: "请说明受理数来源" }],
    });
    q(root, "#refresh").click();
    await idle(c);
    expect(q(root, "#workflow").textContent).toContain("状态:已退回");
    expect(q(root, "#status").textContent).toBe("第 1 版已被退回:按审核意见改正或答复后重新提交。");
    expect(q(root, ".return-reason").textContent).toBe("退回原因:受理数与台账不符");
    const item = q(root, "li.remark");
    expect(item.classList.contains("open")).toBe(true);
    expect(item.textContent).toContain("苍南县政务公开办(第 1 版): 请说明受理数来源");
    const box = q<HTMLTextAreaElement>(root, "textarea.answer");
    box.value = "含上年结转 5 件";
    box.dispatchEvent(new Event("input"));
    q(root, "#submit").click(); // flushes the debounced answer first
    await idle(c);
    expect(server.last("PUT")!.body).toMatchObject({ answers: { r1: "含上年结转 5 件" } });
    expect(q(root, "li.remark").classList.contains("answered")).toBe(true);
  });

  it("lets a supervisor load a unit, reject a 说明, and refuses a return without a reason", async () => {
    const server = workflowServer();
    server.seed("U1", "gov-2012", 2018, {
      values: { "proactive.total.n": 300, "requests.accepted.n": 5 },
      explanations: { "G8:requests.accepted.n": "含上年结转的申请,已核实无误。" },
    });
    server.setRollup({
      unit: UNITS.U0,
      form: "gov-2012",
      year: 2018,
      values: {},
      units: 2,
      submitted: 1,
      missing: 1,
      children: [],
      completeness: [
        {
          ...UNITS.U1,
          parent: "U0",
          depth: 1,
          status: "submitted",
          revision: 1,
          submittedAt: "2019-01-20T00:00:00Z",
          errors: 0,
          warnings: 1,
          late: false,
          timeliness: "on_time",
        },
      ],
      rules: [],
    });
    const { root, c } = mounted(server);
    await c.connect("https://localhost:8787", "sup");
    c.choose({ year: 2018 });
    q(root, "#pull").click();
    await idle(c);
    expect(q<HTMLSelectElement>(root, "#review-unit").value).toBe("U1");
    q(root, "#load-review").click();
    await idle(c);
    expect(q(root, "#review-status").textContent).toContain("苍南县教育局 · 状态:已报送");
    expect(q(root, ".review-item .explanation-text").textContent).toBe(
      "说明: 含上年结转的申请,已核实无误。",
    );
    q(root, '.review-item [data-decision="rejected"]').click();
    await idle(c);
    expect(q(root, '.review-item [data-decision="rejected"]').getAttribute("aria-pressed")).toBe(
      "true",
    );
    q(root, "#review-return").click();
    await idle(c);
    expect(q(root, "#notice").textContent).toBe("退回和重新打开须填写原因。");
    expect(server.calls.some((x) => x.path.endsWith("/review"))).toBe(false);
    const reason = q<HTMLInputElement>(root, "#review-reason");
    reason.value = "说明不充分";
    reason.dispatchEvent(new Event("input"));
    q(root, "#review-return").click();
    await idle(c);
    expect(server.last("POST", "/review")!.body).toMatchObject({
      action: "return",
      reason: "说明不充分",
      explanations: { "G8:requests.accepted.n": { decision: "rejected" } },
    });
    expect(q(root, "#review-status").textContent).toContain("已退回");
    expect(q(root, "#history").textContent).toMatch(
      /报送 · 第 1 版 · 苍南县教育局.*退回 · 第 1 版 · 苍南县政务公开办 · 说明不充分/,
    );
  });
});
