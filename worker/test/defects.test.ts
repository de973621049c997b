/**
 * The defects a black-box review found (issue 12), each pinned by a test that failed before its
 * fix: concurrent unit imports, truncated bodies, rollup totals beyond 2^53 scaled units, the rate
 * limit before the credential lookup, the pages' CSP and caching of reports.
 */
import { SELF, env } from "cloudflare:test";
import { strFromU8, unzipSync } from "fflate";
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { layoutForm } from "../../shared/layout/index";
import { app } from "../src/app";
import { readText } from "../src/http/body";
import { HttpProblem } from "../src/http/problem";
import {
  ORIGIN,
  call,
  expectProblem,
  gov2021,
  putReport,
  seedToken,
  seedUnits,
  validValues,
  type TreeUnit,
} from "./helpers";

let admin: string;
let clerk: string;

beforeAll(async () => {
  await seedUnits([
    { code: "DF", name: "缺陷县", parent: null },
    { code: "DF-1", name: "缺陷局", parent: "DF" },
  ]);
  admin = await seedToken("DF", "admin");
  clerk = await seedToken("DF-1", "clerk");
});

afterEach(() => {
  vi.restoreAllMocks();
});

describe("concurrent unit imports", () => {
  it("the same units posted at once: one 201, the others an idempotent 200, never 500", async () => {
    const units = Array.from({ length: 40 }, (_, i) => ({
      code: `CC-${i}`,
      name: `并发单位${i}`,
      parent_code: i < 5 ? "DF" : `CC-${i % 5}`,
    }));
    const answers = await Promise.all(
      Array.from({ length: 12 }, () =>
        call("/admin/units", { method: "POST", token: admin, body: { units } }),
      ),
    );
    const statuses = await Promise.all(
      answers.map(async (r) => `${r.status} ${r.status >= 400 ? await r.text() : ""}`),
    );
    expect(statuses.filter((s) => s.startsWith("201"))).toHaveLength(1);
    expect(statuses.filter((s) => !s.startsWith("201"))).toEqual(Array(11).fill("200 "));
    const root = await env.DB.prepare(
      `SELECT subtree_units AS n FROM units WHERE code = 'DF'`,
    ).first<{
      n: number;
    }>();
    expect(root!.n).toBe(2 + 40);
  });
});

describe("a truncated request body", () => {
  /** A body stream that sends some bytes, then breaks like a client that went away. */
  function breaking(): ReadableStream<Uint8Array> {
    let sent = false;
    return new ReadableStream({
      pull(c) {
        if (!sent) {
          sent = true;
          c.enqueue(new TextEncoder().encode('{"values": {"requests.new.natural": 1'));
        } else c.error(new Error("client disconnected"));
      },
    });
  }

  it("the body reader answers 400 incomplete-body", async () => {
    const req = new Request(`${ORIGIN}/x`, {
      method: "PUT",
      body: breaking(),
      headers: { "Content-Length": "4096" },
    });
    const err = await readText(req).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(HttpProblem);
    expect((err as HttpProblem).status).toBe(400);
    expect((err as HttpProblem).slug).toBe("incomplete-body");
  });

  it("through the Worker: 400 incomplete-body, logged as a warning, nothing stored", async () => {
    const warn = vi.spyOn(console, "warn").mockImplementation(() => undefined);
    const res = await app.fetch(
      new Request(`${ORIGIN}/api/v1/units/DF-1/reports/gov-2021/2021`, {
        method: "PUT",
        body: breaking(),
        headers: {
          Authorization: `Bearer ${clerk}`,
          "Content-Type": "application/json",
          "Idempotency-Key": "truncated-1",
        },
      }),
      env,
    );
    await expectProblem(res, 400, "incomplete-body");
    const line = warn.mock.calls
      .map((c) => String(c[0]))
      .find((l) => l.includes("incomplete-body"));
    expect(line).toBeDefined();
    expect(JSON.parse(line!)).toMatchObject({ level: "warn", problem: "incomplete-body" });
    const stored = await env.DB.prepare(
      `SELECT count(*) AS n FROM revisions r JOIN units u ON u.id = r.unit_id WHERE u.code = 'DF-1'`,
    ).first<{ n: number }>();
    expect(stored!.n).toBe(0);
  });
});

describe("rollup totals beyond 2^53 scaled units", () => {
  const CELL = "proactive.fees.amount";
  const EXACT = "999999999990.0001";
  let supervisor: string;

  beforeAll(async () => {
    const tree: TreeUnit[] = [{ code: "BN", name: "大数市", parent: null }];
    for (let i = 0; i < 11; i++) tree.push({ code: `BN-${i}`, name: `大数县${i}`, parent: "BN" });
    await seedUnits(tree);
    supervisor = await seedToken("BN", "supervisor");
    for (let i = 0; i < 11; i++) {
      const values: Record<string, number> = {};
      for (const c of gov2021().cells) values[c.id] = 0;
      values[CELL] = i < 10 ? 99_999_999_999 : 0.0001;
      const res = await putReport(await seedToken(`BN-${i}`, "clerk"), `BN-${i}`, 2021, { values });
      expect(res.status, await res.clone().text()).toBe(201);
      const review = await call(`/units/BN-${i}/reports/gov-2021/2021/review`, {
        method: "POST",
        token: supervisor,
        body: { action: "accept", revision: 1 },
      });
      expect(review.status).toBe(200);
    }
  });

  const rollup = (q = "") => call(`/units/BN/rollups/gov-2021/2021${q}`, { token: supervisor });

  it("JSON: the total is written exactly (submitted and accepted)", async () => {
    for (const q of ["", "?include=accepted", "?completeness=none"]) {
      const text = await (await rollup(q)).text();
      expect(text).toContain(`"${CELL}":${EXACT}`);
      // Each child's subtotal is exact too.
      expect(text).toContain(`"${CELL}":99999999999`);
    }
  });

  it("CSV: the total is written exactly", async () => {
    const text = await (await rollup("?format=csv")).text();
    const line = text.split("\r\n").find((l) => l.startsWith(`${CELL},`))!;
    expect(line.split(",")[3]).toBe(EXACT); // after 单元格, 项目, 计量单位
  });

  it("xlsx: the total is in the official form's cell, exactly", async () => {
    const files = unzipSync(new Uint8Array(await (await rollup("?format=xlsx")).arrayBuffer()));
    const sheet = strFromU8(files["xl/worksheets/sheet1.xml"]!);
    const shared = strFromU8(files["xl/sharedStrings.xml"] ?? new Uint8Array());
    const at = layoutForm(gov2021(), "zh").inputs[CELL]!.address;
    const cell = new RegExp(`<c r="${at}"[^>]*>(.*?)</c>`).exec(sheet)?.[1] ?? "";
    const inline = /<v>([^<]*)<\/v>/.exec(cell)?.[1];
    const text = cell.includes("t=") || /<is>/.test(cell) ? cell : inline;
    const sharedIndex = /t="s"/.test(new RegExp(`<c r="${at}"[^>]*>`).exec(sheet)?.[0] ?? "")
      ? Number(inline)
      : null;
    const value =
      sharedIndex !== null
        ? [...shared.matchAll(/<si>(.*?)<\/si>/g)][sharedIndex]?.[1]?.replace(/<[^>]+>/g, "")
        : (text ?? "").replace(/<[^>]+>/g, "");
    expect(value).toBe(EXACT);
  });
});

describe("rate limits", () => {
  /** A binding that refuses `blocked` keys and records every key it was asked about. */
  function limiter(blocked: (key: string) => boolean) {
    const keys: string[] = [];
    return {
      keys,
      binding: {
        limit: async ({ key }: { key: string }) => {
          keys.push(key);
          return { success: !blocked(key) };
        },
      },
    };
  }

  it("unauthenticated floods are limited per client address before any credential lookup", async () => {
    const byAddress = limiter((k) => k === "203.0.113.9");
    const noDb = {
      ...env,
      IP_RATE_LIMITER: byAddress.binding,
      DB: {
        prepare: () => {
          throw new Error("the credential lookup ran");
        },
      } as unknown as D1Database,
    };
    const flood = (ip: string) =>
      app.fetch(
        new Request(`${ORIGIN}/api/v1/me`, {
          headers: {
            Authorization: `Bearer ${"a".repeat(20)}.${"b".repeat(43)}`,
            "CF-Connecting-IP": ip,
          },
        }),
        noDb,
      );
    const limited = await flood("203.0.113.9");
    const p = await expectProblem(limited, 429, "rate-limited");
    expect(p.detail_en).toMatch(/address/);
    expect(limited.headers.get("Retry-After")).toBe("60");
    expect(byAddress.keys).toEqual(["203.0.113.9"]);
  });

  it("an address under its limit goes on to authentication and the per-credential limit", async () => {
    const byAddress = limiter(() => false);
    const byCredential = limiter(() => false);
    const res = await app.fetch(
      new Request(`${ORIGIN}/api/v1/me`, {
        headers: { Authorization: `Bearer ${clerk}`, "CF-Connecting-IP": "198.51.100.7" },
      }),
      { ...env, IP_RATE_LIMITER: byAddress.binding, RATE_LIMITER: byCredential.binding },
    );
    expect(res.status).toBe(200);
    expect(byAddress.keys).toEqual(["198.51.100.7"]);
    expect(byCredential.keys).toEqual([clerk.split(".")[0]]);
  });

  it("wrangler.toml binds both limiters", () => {
    expect(env.IP_RATE_LIMITER).toBeDefined();
    expect(env.RATE_LIMITER).toBeDefined();
  });
});

describe("the pages' CSP and caching", () => {
  it("the pane's pages: scripts from self and office.js's origin, connections to self and the API origin", async () => {
    for (const res of [
      await SELF.fetch(`${ORIGIN}/taskpane.html`),
      await call("/me", { token: clerk }),
    ]) {
      const csp = res.headers.get("Content-Security-Policy") ?? "";
      const directives = new Map(
        csp.split(";").map((d) => {
          const [name, ...values] = d.trim().split(/\s+/);
          return [name!, values];
        }),
      );
      expect(directives.get("default-src")).toEqual(["'self'"]);
      expect(directives.get("script-src")).toEqual([
        "'self'",
        "https://appsforoffice.microsoft.com",
      ]);
      expect(directives.get("connect-src")).toEqual(["'self'", env.API_ORIGIN]);
      expect(directives.get("style-src")).toEqual(["'self'", "'unsafe-inline'"]);
      expect(directives.get("frame-ancestors")).toContain("https://*.officeapps.live.com");
      await res.arrayBuffer();
    }
  });

  it("report reads are never cached", async () => {
    const put = await putReport(clerk, "DF-1", 2022, { values: validValues(9) });
    expect(put.status).toBe(201);
    for (const path of ["", "/history", "/revisions"]) {
      const res = await call(`/units/DF-1/reports/gov-2021/2022${path}`, { token: clerk });
      expect(res.status).toBe(200);
      expect(res.headers.get("Cache-Control")).toBe("no-store");
      await res.arrayBuffer();
    }
  });
});
