/**
 * The report's texts on the page (TextsController) over the shared API client, against a
 * scripted server: a draft survives a closed page, a lost answer loses nothing typed, a save
 * sends the ETag the texts were loaded at, and the checks run as the clerk types.
 */
import { describe, expect, it } from "vitest";
import { textsETag, type ReportTexts } from "../../shared/api/report-texts";
import { getForm } from "../../shared/forms/catalogue";
import { reportStructure } from "../../shared/report/catalogue";
import { TextsController, type DraftStore, type TextsTarget } from "../src/pane/report-texts";

const form = getForm("gov-2021")!;
const target: TextsTarget = {
  server: "https://x.example",
  token: "t0k",
  unit: "330327001",
  form: form.id,
  year: 2023,
};

function storage(): DraftStore & { items: Map<string, string> } {
  const items = new Map<string, string>();
  return {
    items,
    getItem: (k) => items.get(k) ?? null,
    setItem: (k, v) => void items.set(k, v),
    removeItem: (k) => void items.delete(k),
  };
}

function stored(revision: number, texts: Record<string, string>, status: ReportTexts["status"]) {
  const body: ReportTexts = {
    unit: { code: target.unit, name: "苍南县教育局" },
    form: form.id,
    year: 2023,
    revision,
    status,
    texts,
    remark: null,
    at: null,
    structure: reportStructure(form)!,
  };
  return body;
}

/** A server holding one report's texts; `down` drops every request without an answer. */
function server() {
  const state = {
    texts: stored(0, {}, null),
    down: false,
    puts: [] as { ifMatch: string | null; body: unknown }[],
  };
  const fetch = (async (url: string, init?: RequestInit) => {
    if (state.down) throw new TypeError("Failed to fetch");
    const path = new URL(url).pathname;
    if (path.endsWith("/texts") && init?.method === "PUT") {
      const headers = init.headers as Record<string, string>;
      const body = JSON.parse(init.body as string) as {
        texts: Record<string, string>;
        submit?: boolean;
      };
      state.puts.push({ ifMatch: headers["If-Match"] ?? null, body });
      state.texts = stored(
        state.texts.revision + 1,
        body.texts,
        body.submit ? "submitted" : "drafted",
      );
      return Response.json(state.texts, { status: 201 });
    }
    if (path.endsWith("/texts")) return Response.json(state.texts);
    if (path.startsWith("/api/v1/forms/"))
      return Response.json({
        id: form.id,
        version: form.version,
        title: form.title,
        years: form.years,
        definition: form.definition,
      });
    if (path.endsWith("/2023"))
      return Response.json(
        {
          type: "https://xxgk-tables.dev/problems/report-not-found",
          title: "尚未提交",
          status: 404,
          detail: "x",
          detail_en: "x",
        },
        { status: 404 },
      );
    throw new Error(`unexpected ${path}`);
  }) as typeof globalThis.fetch;
  return { state, fetch };
}

const controller = (drafts: DraftStore, fetch: typeof globalThis.fetch) =>
  new TextsController({
    lang: "zh",
    drafts,
    save: () => undefined,
    open: () => undefined,
    now: () => new Date("2024-01-20T02:00:00Z"),
    fetch,
  });

describe("the report's texts on the page", () => {
  it("keep what was typed in the browser: a closed page brings it back", async () => {
    const drafts = storage();
    const s = server();
    const first = controller(drafts, s.fetch);
    await first.load(target);
    expect(first.issues().filter((i) => i.kind === "empty")).toHaveLength(7);
    first.type("problems", "及时性有待提高。");
    expect(first.issues().some((i) => i.text === "problems")).toBe(false);
    // The page is closed before saving; a new one loads the same report.
    const second = controller(drafts, s.fetch);
    await second.load(target);
    expect(second.restored).toBe(true);
    expect(second.texts.problems).toBe("及时性有待提高。");
  });

  it("a save without an answer loses nothing; the next one sends the texts with their ETag", async () => {
    const drafts = storage();
    const s = server();
    const c = controller(drafts, s.fetch);
    await c.load(target);
    c.type("other", "无。");
    s.state.down = true;
    await c.store(true);
    expect(c.outcome).toEqual({ kind: "network", message: "Failed to fetch" });
    expect(c.texts.other).toBe("无。");
    expect([...drafts.items.values()][0]).toContain("无。");
    s.state.down = false;
    await c.store(true);
    expect(c.outcome).toEqual({ kind: "saved", revision: 1, submitted: true });
    expect(s.state.puts).toEqual([
      { ifMatch: textsETag(0), body: { texts: { other: "无。" }, submit: true } },
    ]);
    // Once the server has it, the browser's copy goes: reopening shows the server's, not a draft.
    expect(drafts.items.size).toBe(0);
    const again = controller(drafts, s.fetch);
    await again.load(target);
    expect(again.restored).toBe(false);
    expect(again.server?.status).toBe("submitted");
  });

  it("says what is missing before the due date, the tables first", async () => {
    const s = server();
    const c = controller(storage(), s.fetch);
    await c.load(target);
    const missing = c.missing()!;
    expect(missing.items[0]!.zh).toBe("统计表尚未报送");
    expect(missing.items.at(-1)!.zh).toBe("报告文字尚未提交");
  });
});
