import { strFromU8, unzipSync } from "fflate";
import { describe, expect, it } from "vitest";
import { getForm } from "../../shared/forms/catalogue";
import { reportDocx } from "../../shared/publish/docx";
import { reportHtml } from "../../shared/publish/html";

// The publish renderers run inside workerd as the Worker will call them, so the routes
// (?format=html|docx) only have to call them. The Worker has no nodejs_compat: docx must pack
// without Buffer (the test pool provides one, so it is taken away for the call).
describe("the publish renderers in workerd", () => {
  const form = getForm("haikou-2009")!;
  const values = { "proactive.total.n": 1520, "appeals.complaint.n": 7 };
  const options = { unit: "海口市教育局", year: 2016, lang: "zh" as const };

  it("packs a .docx whose document holds the figures", async () => {
    const g = globalThis as { Buffer?: unknown };
    const buffer = g.Buffer;
    delete g.Buffer;
    let bytes: Uint8Array;
    try {
      bytes = new Uint8Array(await reportDocx(form, values, options));
    } finally {
      g.Buffer = buffer;
    }
    expect([...bytes.slice(0, 2)]).toEqual([0x50, 0x4b]); // "PK": a zip
    const doc = strFromU8(unzipSync(bytes)["word/document.xml"]!);
    expect(doc).toContain(">1520<");
    expect(doc).toContain(">7<");
    expect(doc).toContain("海口市教育局");
  });

  it("writes the HTML page", () => {
    const html = reportHtml(form, values, { ...options, document: true });
    expect(html).toContain("<caption>附表1 主动公开政府信息情况</caption>");
    expect(html).toContain(">1520</td>");
  });
});
