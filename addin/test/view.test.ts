// @vitest-environment happy-dom
import { describe, expect, it } from "vitest";
import gov2012 from "../../shared/forms/definitions/gov-2012.json";
import type { Connection, ConnectionStore, FetchLike } from "../src/common/api-client";
import { PaneController } from "../src/pane/controller";
import { mountPane } from "../src/pane/view";
import { stateFromXml } from "../src/session/state";
import { JARGON } from "../../shared/testing/clerk-words";
import { paneDeps, setup } from "./helpers";

const json = (status: number, data: unknown) =>
  new Response(JSON.stringify(data), { status, headers: { "Content-Type": "application/json" } });

function server(): FetchLike & { offline: boolean } {
  const f = (async (url: string, init: RequestInit) => {
    if (f.offline) throw new TypeError("Failed to fetch");
    const path = new URL(url).pathname.replace("/api/v1", "");
    if (path === "/me")
      return json(200, {
        unit: { code: "U1", name: "某区政府办", path: [] },
        role: "clerk",
        credential: "c",
      });
    if (path === "/forms")
      return json(200, {
        forms: [{ id: "gov-2012", version: 1, title: gov2012.title, years: gov2012.years }],
      });
    if (path === "/forms/gov-2012")
      return json(200, {
        id: "gov-2012",
        version: 1,
        title: gov2012.title,
        years: gov2012.years,
        definition: gov2012,
      });
    if (init.method === "PUT") throw new TypeError("Failed to fetch");
    return json(404, {
      type: "x",
      title: "未找到",
      status: 404,
      detail: "无",
      detail_en: "none",
      requestId: "r",
    });
  }) as FetchLike & { offline: boolean };
  f.offline = false;
  return f;
}

async function mounted() {
  const env = setup();
  let saved: Connection | null = null;
  const store: ConnectionStore = {
    load: () => saved,
    save: (c) => void (saved = c),
    clear: () => void (saved = null),
  };
  const fetcher = server();
  const c = new PaneController(paneDeps(env, fetcher, store));
  document.body.innerHTML = '<main id="app"></main>';
  const root = document.getElementById("app")!;
  mountPane(root, c);
  return { ...env, c, root, fetcher };
}

const click = (el: Element | null) => (el as HTMLElement).click();
const flush = () => new Promise((r) => setTimeout(r, 0));

describe("the pane's DOM", () => {
  it("connects from the form and shows the unit and role", async () => {
    const { c, root } = await mounted();
    expect(root.querySelector("h2")?.textContent).toBe("连接");
    (root.querySelector("#token") as unknown as HTMLInputElement).value = "tok";
    await c.connect((root.querySelector("#server") as unknown as HTMLInputElement).value, "tok");
    expect(root.querySelector("#connect")?.textContent).toContain("某区政府办");
    expect(root.querySelector("#connect")?.textContent).toContain("填报员");
    expect((root.querySelector("#form") as unknown as HTMLSelectElement).value).toBe("gov-2012");
    // The form by its name, not its id (issue 23, item 4).
    expect(root.querySelector("#form")?.textContent).toBe(gov2012.title.zh);
    expect(root.textContent).not.toMatch(JARGON);
  });

  it("keeps a year half typed when an answer from the server redraws the pane", async () => {
    const { c, root } = await mounted();
    await c.connect("https://localhost:8787", "tok");
    const year = root.querySelector("#year") as unknown as HTMLInputElement;
    expect(year.value).not.toBe("2016");
    year.focus();
    year.value = "2016"; // typed, not yet left (no change event)
    const connectCard = root.querySelector("#connect");
    c.showSignOff(null); // an answer arriving meanwhile redraws every card
    expect(root.querySelector("#connect")).not.toBe(connectCard); // drawn anew…
    const again = root.querySelector("#year") as unknown as HTMLInputElement;
    // …but not the field the user is in: the very element is kept, since a number box's
    // selection cannot be read back in Chromium (a selection typed over became 「20252024」).
    expect(again).toBe(year);
    expect(again.value).toBe("2016"); // what the user typed
    expect(document.activeElement).toBe(again); // and the keyboard
    again.dispatchEvent(new Event("change"));
    expect(c.year).toBe(2016);
  });

  it("keeps a selection about to be typed over through a redraw", async () => {
    const { c, root } = await mounted();
    const server = root.querySelector("#server") as unknown as HTMLInputElement;
    server.value = "https://a.example";
    server.focus();
    server.select(); // what a user (or a test's fill) does before typing the new address
    c.showSignOff(null);
    const again = root.querySelector("#server") as unknown as HTMLInputElement;
    expect(document.activeElement).toBe(again);
    expect([again.selectionStart, again.selectionEnd]).toEqual([0, "https://a.example".length]);
  });

  it("lists issues by table and selects the cell when one is clicked", async () => {
    const { c, root, excel } = await mounted();
    await c.connect("https://localhost:8787", "tok");
    c.choose({ year: 2018 });
    click(root.querySelector("#insert"));
    await flush();
    await excel.settle();
    while (c.busy) await flush();
    const s = c.session!;
    await excel.userEdit(s.sheetName, s.layout.inputs["proactive.website.n"]!.address, 9);
    await c.check();
    expect(root.querySelector(".group h4")?.textContent).toBe("政府信息公开情况统计表");
    const item = root.querySelector(".issue.error .issue-link");
    expect(item?.textContent).toContain("9");
    click(item);
    while (c.busy) await flush();
    expect(excel.workbook.selection?.address).toBe(s.layout.inputs["proactive.website.n"]!.address);
  });

  it("keeps a typed 说明 in the workbook and offers a retry after a network failure", async () => {
    const { c, root, excel } = await mounted();
    await c.connect("https://localhost:8787", "tok");
    c.choose({ year: 2018 });
    await c.insert();
    const s = c.session!;
    await excel.userEdit(s.sheetName, s.layout.inputs["requests.accepted.n"]!.address, 5);
    await c.check();
    const box = root.querySelector("textarea.explain") as HTMLTextAreaElement;
    expect(box.dataset.key).toBe("G8:requests.accepted.n");
    box.value = "含上年结转的申请,已核实无误。";
    box.dispatchEvent(new Event("input"));
    const part = () => stateFromXml(excel.workbook.parts[0]!.xml);
    expect(part().explanations["G8:requests.accepted.n"]).toBeUndefined(); // save is debounced
    // submitted at once, before the debounced save: the text still goes with it
    click(root.querySelector("#submit"));
    while (c.busy || s.submitStatus.kind === "submitting") await flush();
    expect(root.querySelector("#status")?.textContent).toContain("网络连接失败");
    expect(root.querySelector("#submit")?.textContent).toBe("重试提交");
    expect((root.querySelector("textarea.explain") as unknown as HTMLTextAreaElement).value).toBe(
      "含上年结转的申请,已核实无误。",
    );
    expect(part().explanations["G8:requests.accepted.n"]).toBe("含上年结转的申请,已核实无误。");
    expect(part().pending?.key).toBeTruthy();
  });

  it("keeps a typed 说明 out of the workbook until 保存, and 保存 puts it in", async () => {
    const { c, root, excel, timer } = await mounted();
    await c.connect("https://localhost:8787", "tok");
    c.choose({ year: 2018 });
    await c.insert();
    const s = c.session!;
    await excel.userEdit(s.sheetName, s.layout.inputs["requests.accepted.n"]!.address, 5);
    await c.check();
    const box = root.querySelector("textarea.explain") as HTMLTextAreaElement;
    box.value = "含上年结转的申请,已核实无误。";
    box.dispatchEvent(new Event("input"));
    timer.fire(); // the pause after typing: the session has the text, the workbook does not
    const part = () => stateFromXml(excel.workbook.parts[0]!.xml);
    expect(s.state.explanations["G8:requests.accepted.n"]).toBe("含上年结转的申请,已核实无误。");
    expect(part().explanations["G8:requests.accepted.n"]).toBeUndefined();
    expect(excel.undoDepth).toBe(1); // the typed 5 can still be taken back
    const save = root.querySelector("#save-texts");
    expect(save?.textContent).toBe("保存");
    click(save);
    while (c.busy) await flush();
    expect(part().explanations["G8:requests.accepted.n"]).toBe("含上年结转的申请,已核实无误。");
    expect(root.textContent).toContain("说明和答复已保存到工作簿。");
  });
});
