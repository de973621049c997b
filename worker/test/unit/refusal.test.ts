import { describe, expect, it } from "vitest";
import { isRefusal, refusal } from "../../src/domain/refusal";
import { decided, HttpProblem, problemOf } from "../../src/http/problem";

describe("a domain refusal", () => {
  const refused = refusal("stale-revision", "报表已更新。", "The report changed.", {
    currentRevision: 3,
  });

  it("is answered as the problem it names: status, type, title and both details", () => {
    const body = problemOf(refused).body("req-1");
    expect(body).toMatchObject({
      status: 409,
      type: expect.stringMatching(/stale-revision$/),
      detail: "报表已更新。",
      detail_en: "The report changed.",
      currentRevision: 3,
      requestId: "req-1",
    });
    expect(body.title).not.toBe("");
    expect(() => decided(refused)).toThrow(HttpProblem);
  });

  it("is told apart from a decided value, even one keyed by what a client sent", () => {
    expect(isRefusal(refused)).toBe(true);
    const texts = { kind: "refusal", slug: "forbidden", zh: "x", en: "y" };
    expect(isRefusal(texts)).toBe(false);
    expect(decided(texts)).toBe(texts);
    expect(decided(null)).toBeNull();
    expect(isRefusal([refused])).toBe(false);
  });
});
