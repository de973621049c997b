import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { MICROSOFT_OFFICE_JS, officeJsSource, withOfficeJs } from "../../src/site/office-js";

const pane = readFileSync(new URL("../../../addin/static/taskpane.html", import.meta.url), "utf8");
const html = (body: string) =>
  new Response(body, { headers: { "Content-Type": "text/html; charset=utf-8", ETag: '"x"' } });

describe("XXGK_OFFICE_JS", () => {
  it("unset or unknown: Microsoft's CDN, the page as built", async () => {
    expect(pane).toContain(MICROSOFT_OFFICE_JS);
    for (const v of [undefined, "", "cdn"]) expect(officeJsSource(v).setting).toBe("microsoft");
    const res = await withOfficeJs(html(pane), officeJsSource(undefined));
    expect(await res.text()).toBe(pane);
  });

  it("21vianet and self: the pane's script points there, and nowhere else changes", async () => {
    const cn = await (await withOfficeJs(html(pane), officeJsSource("21vianet"))).text();
    expect(cn).toContain(
      '<script src="https://appsforoffice.cdn.partner.office365.cn/appsforoffice/lib/1/hosted/office.js"></script>',
    );
    expect(cn).not.toContain("appsforoffice.microsoft.com");
    const res = await withOfficeJs(html(pane), officeJsSource(" SELF "));
    expect(res.headers.get("ETag")).toBeNull();
    const own = await res.text();
    expect(own).toContain('<script src="/office-js/office.js"></script>');
    expect(own.replace("/office-js/office.js", MICROSOFT_OFFICE_JS)).toBe(pane);
  });

  it("only HTML pages are rewritten", async () => {
    const js = new Response(`load("${MICROSOFT_OFFICE_JS}")`, {
      headers: { "Content-Type": "text/javascript" },
    });
    expect(await (await withOfficeJs(js, officeJsSource("self"))).text()).toContain(
      MICROSOFT_OFFICE_JS,
    );
  });
});
