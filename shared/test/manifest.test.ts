import { readFileSync } from "node:fs";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  TEMPLATE_ORIGIN,
  checkAddinOrigin,
  manifestForOrigin,
  manifestUrls,
} from "../manifest/for-origin";

const template = readFileSync(new URL("../../manifest.xml", import.meta.url), "utf8");
const withoutComments = (xml: string) => xml.replace(/<!--[\s\S]*?-->\s*/g, "");
const idOf = (xml: string) => /<Id>([^<]+)<\/Id>/.exec(xml)?.[1];

describe("manifestForOrigin", () => {
  const origin = "https://xxgk.example.gov.cn";
  const xml = manifestForOrigin(template, origin);

  it("moves every URL, the AppDomain and the pane to the origin", () => {
    const urls = manifestUrls(xml);
    expect(urls.length).toBe(manifestUrls(template).length);
    for (const u of urls) expect(new URL(u).origin).toBe(origin);
    expect(xml).toContain(`<AppDomain>${origin}</AppDomain>`);
    expect(xml).toContain(`<SourceLocation DefaultValue="${origin}/taskpane.html"/>`);
    expect(xml).not.toContain("localhost");
  });

  it("changes nothing else: same Id, same elements, a generated-file note", () => {
    expect(idOf(xml)).toBe(idOf(template));
    expect(withoutComments(xml).replaceAll(origin, TEMPLATE_ORIGIN)).toBe(
      withoutComments(template),
    );
    expect(xml.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n<!-- Generated for')).toBe(true);
  });

  it("is the template itself (bar comments) for the template's origin", () => {
    expect(withoutComments(manifestForOrigin(template, TEMPLATE_ORIGIN))).toBe(
      withoutComments(template),
    );
  });

  it("moves a whole origin only, never a longer host or port that starts the same", () => {
    const t = `<a x="https://localhost:8787/p" y="https://localhost:8787.evil.example/q"><d>https://localhost:8787</d></a>`;
    expect(manifestForOrigin(t, "https://a.example")).toBe(
      `<!-- Generated for https://a.example from manifest.xml (npm run manifest, or GET /manifest.xml on the server). Do not edit. -->\n` +
        `<a x="https://a.example/p" y="https://localhost:8787.evil.example/q"><d>https://a.example</d></a>`,
    );
  });

  it("refuses a template without the template origin", () => {
    expect(() => manifestForOrigin("<a/>", origin)).toThrow(/no URL at/);
  });

  it("works for any https host (property)", () => {
    fc.assert(
      fc.property(fc.domain(), fc.option(fc.integer({ min: 1, max: 65535 })), (host, port) => {
        const checked = checkAddinOrigin(`https://${host}${port === null ? "" : `:${port}`}`);
        if (!checked.ok) return; // e.g. a host the URL parser refuses
        const out = manifestForOrigin(template, checked.origin);
        for (const u of manifestUrls(out)) expect(new URL(u).origin).toBe(checked.origin);
        expect(idOf(out)).toBe(idOf(template));
      }),
      { numRuns: 50 },
    );
  });
});

describe("checkAddinOrigin", () => {
  it.each([
    ["https://xxgk.example.gov.cn", "https://xxgk.example.gov.cn"],
    ["https://XXGK.Example.gov.cn/", "https://xxgk.example.gov.cn"],
    ["https://xxgk.example.gov.cn:443", "https://xxgk.example.gov.cn"],
    ["https://xxgk.example.gov.cn:8443", "https://xxgk.example.gov.cn:8443"],
    ["http://localhost:8787", "http://localhost:8787"],
    ["http://127.0.0.1:8787", "http://127.0.0.1:8787"],
  ])("accepts %s as %s", (input, origin) => {
    expect(checkAddinOrigin(input)).toEqual({ ok: true, origin });
  });

  it.each([
    ["http://xxgk.example.gov.cn", /HTTPS/],
    ["ftp://xxgk.example.gov.cn", /HTTPS/],
    ["https://xxgk.example.gov.cn/pane", /origin is scheme, host and port only/],
    ["https://xxgk.example.gov.cn/?a=1", /origin is scheme, host and port only/],
    ["https://user:pw@xxgk.example.gov.cn", /origin is scheme, host and port only/],
    ["xxgk.example.gov.cn", /not a URL/],
  ])("rejects %s with a zh-CN and en-US reason", (input, en) => {
    const checked = checkAddinOrigin(input);
    expect(checked.ok).toBe(false);
    if (checked.ok) return;
    expect(checked.message.en).toMatch(en);
    expect(checked.message.zh).toMatch(/[\u4e00-\u9fff]/);
  });
});
