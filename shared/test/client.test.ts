/**
 * The shared API client against a recording `fetch`: where its requests go (an origin written
 * with or without a trailing slash) and what a workbook answer becomes (bytes and file name, or
 * an ApiError with the server's problem or a plain one).
 */
import { describe, expect, it } from "vitest";
import { ApiError, createApiClient, type FetchLike } from "../api/client";
import { XLSX_MEDIA_TYPE } from "../api/workbook";

interface Sent {
  url: string;
  method: string;
  headers: Record<string, string>;
}

/** A client whose every request is recorded and answered with `answer()`. */
function recording(origin: string, answer: () => Response) {
  const sent: Sent[] = [];
  const fetch = (async (url: string, init: { method: string; headers: Record<string, string> }) => {
    sent.push({ url, method: init.method, headers: init.headers });
    return answer();
  }) as unknown as FetchLike;
  return { sent, api: createApiClient({ origin, token: "t0k", fetch }) };
}

const xlsx = (headers: Record<string, string> = {}) =>
  new Response(new Uint8Array([0x50, 0x4b, 3, 4]), {
    status: 200,
    headers: { "Content-Type": XLSX_MEDIA_TYPE, ...headers },
  });

describe("the client's URLs", () => {
  it("builds the same base URL for an origin with or without a trailing slash", async () => {
    for (const origin of ["https://x.example", "https://x.example/", "https://x.example//"]) {
      const { sent, api } = recording(origin, () => xlsx());
      await api.downloadWorkbook("4601 01", "gov-2021", 2023);
      await api
        .uploadWorkbook("4601", "gov-2021", 2023, new Uint8Array([1]), {
          idempotencyKey: "k1",
        })
        .catch(() => undefined); // the answer is no report: only the URL matters here
      await api.me().catch(() => undefined);
      expect(sent.map((s) => `${s.method} ${s.url}`)).toEqual([
        "GET https://x.example/api/v1/units/4601%2001/reports/gov-2021/2023?format=xlsx",
        "PUT https://x.example/api/v1/units/4601/reports/gov-2021/2023",
        "GET https://x.example/api/v1/me",
      ]);
      expect(sent.every((s) => s.headers.Authorization === "Bearer t0k")).toBe(true);
      expect(api.publishUrl("reports", "4601", "gov-2021", 2023, "html")).toBe(
        "https://x.example/api/v1/units/4601/reports/gov-2021/2023?format=html",
      );
      expect(api.rollupFileUrl("4601", "gov-2021", 2023, "csv")).toBe(
        "https://x.example/api/v1/units/4601/rollups/gov-2021/2023?format=csv",
      );
    }
  });
});

describe("the workbook download", () => {
  it("names the file as the server's Content-Disposition says, in UTF-8", async () => {
    const cd = `attachment; filename="x.xlsx"; filename*=UTF-8''${encodeURIComponent("海口市_2023.xlsx")}`;
    const { api } = recording("", () => xlsx({ "Content-Disposition": cd }));
    const got = await api.downloadWorkbook("4601", "gov-2021", 2023);
    expect(got.filename).toBe("海口市_2023.xlsx");
    expect([...got.bytes]).toEqual([0x50, 0x4b, 3, 4]);
  });

  it("falls back to unit_year.xlsx without a UTF-8 file name", async () => {
    const { api } = recording("", () => xlsx());
    expect((await api.downloadWorkbook("4601", "gov-2021", 2023)).filename).toBe("4601_2023.xlsx");
  });

  it("throws the server's problem+json as an ApiError", async () => {
    const problem = {
      type: "https://xxgk.example/problems/not-found",
      title: "未找到",
      title_en: "Not found",
      status: 404,
      detail: "没有该单位",
      detail_en: "No such unit",
      requestId: "r1",
    };
    const { api } = recording(
      "",
      () =>
        new Response(JSON.stringify(problem), {
          status: 404,
          headers: { "Content-Type": "application/problem+json" },
        }),
    );
    const e = await api.downloadWorkbook("9999", "gov-2021", 2023).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(ApiError);
    expect((e as ApiError).problem).toEqual(problem);
  });

  it("turns an answer that is no problem+json into an about:blank problem", async () => {
    const { api } = recording(
      "",
      () =>
        new Response("<html>bad gateway</html>", {
          status: 500,
          statusText: "Internal Server Error",
          headers: { "X-Request-Id": "req-7" },
        }),
    );
    const e = await api
      .uploadWorkbook("4601", "gov-2021", 2023, new Uint8Array([1]), { idempotencyKey: "k" })
      .catch((x: unknown) => x);
    expect(e).toBeInstanceOf(ApiError);
    expect((e as ApiError).status).toBe(500);
    expect((e as ApiError).problem).toEqual({
      type: "about:blank",
      title: "Internal Server Error",
      status: 500,
      detail: "Internal Server Error",
      detail_en: "Internal Server Error",
      requestId: "req-7",
    });
  });
});
