// @vitest-environment happy-dom
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { transform } from "esbuild";
import { afterEach, describe, expect, it } from "vitest";
import { chooseHost } from "../src/pane/boot";
import { boot } from "../src/pane/main";
import { StrictExcel } from "../testing/strict-excel";

const root = join(dirname(fileURLToPath(import.meta.url)), "../..");

function app(): HTMLElement {
  document.body.innerHTML = '<main id="app"><p class="hint">正在加载…</p></main>';
  return document.getElementById("app")!;
}

/** The browser's display language (`navigator.language`) for one test. */
function browserLanguage(tag: string): void {
  Object.defineProperty(navigator, "language", { value: tag, configurable: true });
}

afterEach(() => {
  delete (globalThis as { Office?: unknown }).Office;
  delete (navigator as { language?: string }).language;
});

describe("the pane's boot", () => {
  it("says in Chinese that Excel is too old on a host below ExcelApi 1.8, instead of 正在加载", async () => {
    const el = app();
    const injected = new StrictExcel({ excelApi: "1.7" }); // volume-licensed Office 2019
    expect(await boot(el, { injected })).toBeNull();
    expect(el.textContent).toContain("此 Excel 版本过旧,无法使用本加载项");
    expect(el.textContent).toContain("Excel JavaScript API 1.8");
    expect(el.textContent).toContain("Office 2016 和批量许可版 Office 2019 不受支持");
    expect(el.textContent).not.toContain("正在加载");
    expect(el.querySelector("#connect")).toBeNull();
  });

  it("boots the pane on a host at ExcelApi 1.8", async () => {
    const el = app();
    const injected = new StrictExcel({ excelApi: "1.8" });
    expect(await boot(el, { injected })).not.toBeNull();
    expect(el.querySelector("#connect")).not.toBeNull();
    // The filing page's sections below the add-in's, folded, over the pane's connection only.
    const below = el.querySelector("details#files-below") as HTMLDetailsElement | null;
    expect(below?.open).toBe(false);
    expect(below?.querySelector("summary")?.textContent).toBe("报表文件与报送记录");
    expect(below?.textContent).toContain("请先在上方连接服务器。");
    expect(el.querySelector("#files-token")).toBeNull();
  });

  it("never falls back to an in-memory workbook: in a plain browser it is the clerk's page", async () => {
    browserLanguage("zh-CN");
    const el = app();
    expect(await boot(el)).toBeNull();
    // It leads with the clerk's task (issue 23), not with a failure notice about Office.js.
    expect(el.querySelector("#files h1")?.textContent).toBe("报表填报");
    expect(el.textContent).toContain("无需安装插件:下载本单位的报表文件");
    expect(el.textContent).not.toContain("Office.js");
    expect(el.querySelector(".boot-failure")).toBeNull();
    expect(el.querySelector("#files-token")).not.toBeNull();
    expect(el.querySelector("#connect")).toBeNull(); // no in-Excel pane
  });

  it("speaks the browser's language outside Office: English in an English browser", async () => {
    browserLanguage("en-US");
    const el = app();
    expect(await boot(el)).toBeNull();
    expect(el.querySelector("#files h1")?.textContent).toBe("Report filing");
    expect(el.textContent).toContain("No add-in needed");
    expect(document.documentElement.lang).toBe("en-US");
  });

  it("says which of Office's steps failed", async () => {
    const office = (host: string | null) => ({ onReady: async () => ({ host }) });
    expect(await chooseHost({ office: office(null), injected: undefined })).toEqual({
      ok: false,
      failure: { kind: "notExcel", host: null },
    });
    expect(
      await chooseHost({
        office: { onReady: () => new Promise(() => undefined) },
        injected: undefined,
        readyTimeoutMs: 5,
      }),
    ).toEqual({ ok: false, failure: { kind: "officeTimeout" } });
    expect(
      await chooseHost({ office: office("Excel"), injected: undefined, realExcel: () => null }),
    ).toMatchObject({ ok: false, failure: { kind: "excelFailed" } });
    const low = new StrictExcel({ excelApi: "1.1" }); // Office 2016
    expect(
      await chooseHost({ office: office("Excel"), injected: undefined, realExcel: () => low }),
    ).toEqual({ ok: false, failure: { kind: "oldExcel", need: "1.8" } });
    const good = new StrictExcel();
    const ok = await chooseHost({
      office: { ...office("Excel"), context: { displayLanguage: "en-US" } },
      injected: undefined,
      realExcel: () => good,
    });
    expect(ok).toEqual({ ok: true, xl: good, displayLanguage: "en-US" });
  });

  /** Run unsupported.js as a browser without module scripts would, the page at `search`. */
  function runUnsupported(code: string, search: string): HTMLElement {
    history.replaceState(null, "", `/taskpane.html${search}`);
    const el = app();
    const create = document.createElement.bind(document);
    // A browser without module scripts has no `noModule` on its script elements.
    document.createElement = ((tag: string) =>
      tag === "script" ? {} : create(tag)) as typeof document.createElement;
    try {
      new Function(code)();
    } finally {
      document.createElement = create;
      history.replaceState(null, "", "/taskpane.html");
    }
    return el;
  }

  it("tells Internet Explorer 11 (no module scripts) what to do, in ES5", async () => {
    const code = readFileSync(join(root, "addin/static/unsupported.js"), "utf8");
    // esbuild cannot lower ES2015+ syntax to ES5: this fails on any arrow, let, class…
    await expect(transform(code, { target: "es5", loader: "js" })).resolves.toBeDefined();
    const html = readFileSync(join(root, "addin/static/taskpane.html"), "utf8");
    expect(html).toContain('<script nomodule src="unsupported.js"></script>');
    // Inside Office (which opens the pane with _host_Info): the Office is too old.
    const office = runUnsupported(code, "?_host_Info=Excel$Win32$16.01$zh-CN$$$$0");
    expect(office.textContent).toMatch(/Internet Explorer 11|无法运行本加载项/);
    // In a plain browser, IE or 360's 兼容模式: switch to 极速模式 or another browser.
    expect(runUnsupported(code, "").textContent).toContain("to its fast (Chromium) mode");
    browserLanguage("zh-CN");
    const page = runUnsupported(code, "").textContent;
    expect(page).toContain("当前浏览器无法打开本页面");
    expect(page).toContain("切换到极速模式");
    expect(page).not.toContain("Office");
  });

  it("asks dual-engine browsers (360 安全浏览器) for their Chromium mode", () => {
    const html = readFileSync(join(root, "addin/static/taskpane.html"), "utf8");
    expect(html).toContain('<meta name="renderer" content="webkit" />');
  });
});
