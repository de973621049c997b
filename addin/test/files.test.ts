/**
 * The pane's 报表文件 section (a plain browser) over the shared API client, against a recording
 * `fetch`: where it connects, what a lost answer and an unexpected answer show.
 */
import { describe, expect, it } from "vitest";
import type { Connection } from "../src/common/api-client";
import { FilesController } from "../src/pane/files";

const me = {
  unit: { code: "460100", name: "海口市", path: [{ code: "460100", name: "海口市" }] },
  role: "clerk",
  credential: "c1",
};

function files(answer: (url: string) => Promise<Response>) {
  const urls: string[] = [];
  let saved: Connection | null = null;
  const c = new FilesController({
    store: { load: () => null, save: (x) => (saved = x), clear: () => undefined },
    lang: "zh",
    uuid: () => "u1",
    save: () => undefined,
    fetch: (async (url: string) => {
      urls.push(url);
      return answer(url);
    }) as typeof fetch,
  });
  return { c, urls, saved: () => saved };
}

describe("the file section's connection", () => {
  it("connects at a server written with a trailing slash and keeps the clerk's unit", async () => {
    const { c, urls, saved } = files(async () => Response.json(me));
    await c.connect("https://x.example/", "t0k");
    expect(urls[0]).toBe("https://x.example/api/v1/me");
    // Then the unit's forms and periods, at the same server without the doubled slash.
    expect(urls.slice(1).sort()).toEqual([
      "https://x.example/api/v1/forms",
      "https://x.example/api/v1/units/460100/periods",
    ]);
    expect(c.unit).toBe("460100");
    expect(c.outcome).toBeNull();
    expect(saved()).toEqual({ server: "https://x.example", token: "t0k" });
  });

  it("shows the browser's own message when no answer came back", async () => {
    const { c, saved } = files(() => Promise.reject(new TypeError("Failed to fetch")));
    await c.connect("https://x.example", "t0k");
    expect(c.outcome).toEqual({ kind: "network", message: "Failed to fetch" });
    expect(c.me).toBeNull();
    expect(saved()).toBeNull();
  });

  it("refuses an answer that is not the shared /me schema instead of a unit-less pane", async () => {
    const { c, saved } = files(async () => Response.json({ unit: null }));
    await c.connect("https://x.example", "t0k");
    expect(c.outcome?.kind).toBe("problem");
    expect(c.outcome?.kind === "problem" && c.outcome.detail).toMatch(/unexpected answer/);
    expect(c.me).toBeNull();
    expect(saved()).toBeNull();
  });

  it("shows a download's refusal from the server in Chinese", async () => {
    const problem = {
      type: "https://xxgk-tables.dev/problems/forbidden",
      title: "无权访问",
      title_en: "Forbidden",
      status: 403,
      detail: "该单位不在您的管辖范围内",
      detail_en: "That unit is outside your scope",
      requestId: "r1",
    };
    const { c, urls } = files(async (url) =>
      url.endsWith("/me") ? Response.json(me) : Response.json(problem, { status: 403 }),
    );
    await c.connect("https://x.example", "t0k");
    await c.choose({ unit: "469000", year: 2023, formId: "gov-2021" });
    await c.download();
    expect(urls.at(-1)).toBe(
      "https://x.example/api/v1/units/469000/reports/gov-2021/2023?format=xlsx",
    );
    expect(c.outcome).toEqual({
      kind: "problem",
      title: "无权访问",
      detail: "该单位不在您的管辖范围内",
      lines: [],
      issues: null,
    });
  });
});
