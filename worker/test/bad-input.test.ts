import { SELF } from "cloudflare:test";
import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { MAX_BODY_BYTES } from "../../shared/api/schemas";
import {
  ORIGIN,
  call,
  expectProblem,
  newKey,
  putReport,
  seedToken,
  seedUnits,
  snapshot,
  validValues,
} from "./helpers";

let clerk: string;
let admin: string;
let etag: string;

beforeAll(async () => {
  await seedUnits([
    { code: "330327", name: "苍南县", parent: null },
    { code: "330327001", name: "县教育局", parent: "330327" },
    { code: "330327002", name: "县公安局", parent: "330327" },
  ]);
  clerk = await seedToken("330327001", "clerk");
  admin = await seedToken("330327", "admin");
  const first = await putReport(clerk, "330327001", 2021, { values: validValues(1) });
  expect(first.status).toBe(201);
  etag = first.headers.get("ETag")!;
});

const REPORT = "/units/330327001/reports/gov-2021/2021";

/** PUT a raw body to the clerk's report with a valid key and If-Match, unless overridden. */
function putRaw(raw: string | ReadableStream, headers: Record<string, string> = {}, path = REPORT) {
  return SELF.fetch(`${ORIGIN}/api/v1${path}`, {
    method: "PUT",
    headers: {
      Authorization: `Bearer ${clerk}`,
      "Content-Type": "application/json",
      "Idempotency-Key": newKey(),
      "If-Match": etag,
      ...headers,
    },
    body: raw,
  });
}

/** Run a bad request and check its problem and that no row of any table changed. */
async function rejects(
  send: () => Promise<Response>,
  status: number,
  slug: string,
): Promise<Record<string, unknown>> {
  const before = await snapshot();
  const problem = await expectProblem(await send(), status, slug);
  expect(await snapshot()).toEqual(before);
  return problem as Record<string, unknown>;
}

function valueIssues(p: Record<string, unknown>): [string, string | undefined][] {
  return (p.issues as { cell: string; code?: string }[]).map((i) => [i.cell, i.code]);
}

describe("bad input to PUT report: a specific 4xx, the database unchanged", () => {
  it("malformed JSON → 400", async () => {
    await rejects(() => putRaw('{"values": {'), 400, "malformed-json");
    await rejects(() => putRaw(""), 400, "malformed-json");
  });

  it("wrong content type → 415", async () => {
    await rejects(
      () => putRaw("{}", { "Content-Type": "text/plain" }),
      415,
      "unsupported-media-type",
    );
    await rejects(() => putRaw("{}", { "Content-Type": "" }), 415, "unsupported-media-type");
  });

  it("a body over 256 KB → 413, with or without Content-Length", async () => {
    const big = JSON.stringify({ values: {}, explanations: { x: "a".repeat(MAX_BODY_BYTES) } });
    await rejects(() => putRaw(big), 413, "body-too-large");
    const bytes = new TextEncoder().encode(big);
    const stream = () =>
      new ReadableStream({
        start(c) {
          for (let i = 0; i < bytes.length; i += 16384) c.enqueue(bytes.slice(i, i + 16384));
          c.close();
        },
      });
    await rejects(() => putRaw(stream()), 413, "body-too-large");
  });

  it("invalid UTF-8 → 400", async () => {
    const bytes = new Uint8Array([0x7b, 0xff, 0xfe, 0x7d]);
    const stream = new ReadableStream({
      start(c) {
        c.enqueue(bytes);
        c.close();
      },
    });
    await rejects(() => putRaw(stream), 400, "invalid-encoding");
  });

  it("a body of the wrong shape → 400", async () => {
    for (const body of [
      "[]",
      "null",
      "12",
      '"x"',
      '{"values": []}',
      '{"values": 1}',
      "{}",
      '{"values": {}, "extra": 1}',
      '{"values": {}, "explanations": {"k": 5}}',
      '{"values": {}, "explanations": []}',
    ]) {
      await rejects(() => putRaw(body), 400, "invalid-body");
    }
  });

  it("unknown cell ids, wrong types, negatives, fractions in counts, too many decimals → 422 per cell", async () => {
    const values = {
      ...validValues(2),
      "requests.nonsense.natural": 1,
      __proto__: 5,
      "requests.granted.natural": "12",
      "requests.partial.natural": -1,
      "requests.denied_query.natural": 1.5,
      "proactive.fees.amount": 1.23456,
      "requests.other_misc.natural": null,
      "requests.denied_internal.natural": true,
      "requests.denied_process.natural": 0,
    };
    const raw = JSON.stringify({ values })
      .replace('"requests.nonsense.natural"', '"__proto__":1,"requests.nonsense.natural"')
      // JSON.stringify cannot write a number that overflows to Infinity; a client can.
      .replace('"requests.denied_process.natural":0', '"requests.denied_process.natural":1e400');
    expect(raw).toContain("1e400");
    const p = await rejects(() => putRaw(raw), 422, "validation-failed");
    const issues = valueIssues(p);
    expect(issues).toEqual(
      expect.arrayContaining([
        ["__proto__", "unknown_cell"],
        ["requests.nonsense.natural", "unknown_cell"],
        ["requests.granted.natural", "not_a_number"],
        ["requests.partial.natural", "negative"],
        ["requests.denied_query.natural", "not_integer"],
        ["proactive.fees.amount", "too_many_decimals"],
        ["requests.other_misc.natural", "not_a_number"],
        ["requests.denied_internal.natural", "not_a_number"],
        ["requests.denied_process.natural", "not_finite"],
      ]),
    );
  });

  it("a count too large → 422", async () => {
    const p = await rejects(
      () => putRaw(JSON.stringify({ values: { "requests.new.natural": 10_000_000 } })),
      422,
      "validation-failed",
    );
    expect(valueIssues(p)).toContainEqual(["requests.new.natural", "too_large"]);
  });

  it("unknown form, a year the form does not serve, a malformed year → 404 / 404 / 400", async () => {
    const body = JSON.stringify({ values: validValues(3) });
    await rejects(
      () => putRaw(body, {}, "/units/330327001/reports/gov-1999/2021"),
      404,
      "unknown-form",
    );
    const p = await rejects(
      () => putRaw(body, {}, "/units/330327001/reports/gov-2021/2015"),
      404,
      "year-not-served",
    );
    // People read the form's title; a program reads the ids of the forms to use instead.
    expect(p.detail_en).toContain('use "Government information disclosure statistics" for 2015');
    expect(p.detail).not.toMatch(/gov-/);
    expect((p as { forms?: unknown }).forms).toEqual(["gov-2012"]);
    await rejects(
      () => putRaw(body, {}, "/units/330327001/reports/gov-2021/20x1"),
      400,
      "invalid-year",
    );
    await rejects(
      () => putRaw(body, {}, "/units/330327001/reports/gov-2021/99999"),
      400,
      "invalid-year",
    );
  });

  it("unknown unit, another unit, a malformed unit code → 403, for an admin too", async () => {
    const body = JSON.stringify({ values: validValues(3) });
    await rejects(() => putRaw(body, {}, "/units/999999/reports/gov-2021/2021"), 403, "forbidden");
    await rejects(
      () => putRaw(body, {}, "/units/330327002/reports/gov-2021/2021"),
      403,
      "forbidden",
    );
    await rejects(
      () => putRaw(body, {}, "/units/%00%2F..%2F/reports/gov-2021/2021"),
      403,
      "forbidden",
    );
    // The same answer as for a unit of another organisation (issue 21), a root's admin too.
    await rejects(
      () => call("/units/999999/reports/gov-2021/2021", { token: admin }),
      403,
      "forbidden",
    );
  });

  it("no Idempotency-Key → 400; a malformed one → 400", async () => {
    const body = JSON.stringify({ values: validValues(3) });
    await rejects(() => putRaw(body, { "Idempotency-Key": "" }), 400, "idempotency-key-required");
    await rejects(
      () => putRaw(body, { "Idempotency-Key": "a".repeat(201) }),
      400,
      "idempotency-key-required",
    );
  });

  it("a missing, malformed, unknown or non-bearer token → 401", async () => {
    for (const auth of [
      "",
      "Bearer",
      "Bearer abc",
      `Basic ${btoa("a:b")}`,
      `Bearer ${"a".repeat(20)}.${"b".repeat(43)}`,
      `Bearer ${clerk}x`,
    ]) {
      await rejects(
        () =>
          SELF.fetch(`${ORIGIN}/api/v1${REPORT}`, { headers: auth ? { Authorization: auth } : {} }),
        401,
        "unauthenticated",
      );
    }
  });

  it("an unknown API path → 404; an unknown rollup format → 400", async () => {
    await rejects(() => call("/nope", { token: clerk }), 404, "not-found");
    await rejects(
      () => call("/units/330327/rollups/gov-2021/2021?format=pdf", { token: admin }),
      400,
      "invalid-format",
    );
  });
});

describe("bad input to admin endpoints", () => {
  const post = (path: string, raw: string, type = "application/json") =>
    SELF.fetch(`${ORIGIN}/api/v1${path}`, {
      method: "POST",
      headers: { Authorization: `Bearer ${admin}`, "Content-Type": type },
      body: raw,
    });

  it("unit import: bad rows, unknown parents, cycles, bad CSV → 4xx, nothing imported", async () => {
    await rejects(() => post("/admin/units", "[]"), 400, "invalid-body");
    await rejects(() => post("/admin/units", '{"units": 5}'), 400, "invalid-body");
    await rejects(
      () => post("/admin/units", '[{"code": "a/b", "name": "x"}]'),
      422,
      "unit-import-invalid",
    );
    await rejects(
      () => post("/admin/units", '[{"code": "X1", "name": ""}]'),
      422,
      "unit-import-invalid",
    );
    // An unknown parent is answered like another organisation's (issue 21).
    await rejects(
      () => post("/admin/units", '[{"code": "X1", "name": "x", "parent_code": "NOPE"}]'),
      403,
      "forbidden",
    );
    await rejects(
      () =>
        post(
          "/admin/units",
          '[{"code": "C1", "name": "x", "parent_code": "C2"}, {"code": "C2", "name": "y", "parent_code": "C1"}]',
        ),
      422,
      "unit-import-invalid",
    );
    await rejects(
      () => post("/admin/units", '[{"code": "D1", "name": "x"}, {"code": "D1", "name": "y"}]'),
      422,
      "unit-import-invalid",
    );
    await rejects(() => post("/admin/units", "name,code\nx,y\n", "text/csv"), 400, "csv-header");
    await rejects(
      () => post("/admin/units", "code,name,parent_code\nX1,x\n", "text/csv"),
      400,
      "csv-row",
    );
    await rejects(
      () => post("/admin/units", 'code,name,parent_code\nX1,"x,\n', "text/csv"),
      400,
      "csv-quote",
    );
    await rejects(
      () => post("/admin/units", "<units/>", "application/xml"),
      415,
      "unsupported-media-type",
    );
  });

  it("credentials: bad role or body → 400, unknown unit → 403", async () => {
    await rejects(
      () => post("/admin/credentials", '{"unit": "330327", "role": "root"}'),
      400,
      "invalid-body",
    );
    await rejects(() => post("/admin/credentials", '{"unit": "330327"}'), 400, "invalid-body");
    await rejects(() => post("/admin/credentials", "{"), 400, "malformed-json");
    await rejects(
      () => post("/admin/credentials", '{"unit": "NOPE", "role": "clerk"}'),
      403,
      "forbidden",
    );
  });
});

describe("no client input produces a 5xx", () => {
  it("random JSON bodies to PUT report", async () => {
    const cell = fc.constantFrom(
      "requests.new.natural",
      "proactive.fees.amount",
      "capacity.staff_total.count",
      "x",
      "",
    );
    const value = fc.oneof(fc.jsonValue(), fc.double(), fc.integer(), fc.string());
    const body = fc.oneof(
      fc.jsonValue(),
      fc.record(
        {
          values: fc.dictionary(cell, value),
          explanations: fc.dictionary(fc.string(), fc.jsonValue()),
        },
        { requiredKeys: [] },
      ),
    );
    await fc.assert(
      fc.asyncProperty(body, async (b) => {
        const res = await putRaw(JSON.stringify(b) ?? "null");
        expect(res.status).toBeLessThan(500);
        await res.arrayBuffer();
      }),
      { numRuns: 150, seed: 20261122 },
    );
  });

  it("random strings as path segments and headers", async () => {
    await fc.assert(
      fc.asyncProperty(fc.string(), fc.string(), fc.string(), async (a, b, c) => {
        const path = `/units/${encodeURIComponent(a)}/reports/${encodeURIComponent(b)}/${encodeURIComponent(c)}`;
        const res = await putRaw("{}", { "If-Match": a.replace(/[^\x20-\x7e]/g, "") }, path);
        expect(res.status).toBeLessThan(500);
        await res.arrayBuffer();
        const get = await call(
          `/units/${encodeURIComponent(a)}/rollups/gov-2021/${encodeURIComponent(c)}?format=${encodeURIComponent(b)}`,
          { token: admin },
        );
        expect(get.status).toBeLessThan(500);
        await get.arrayBuffer();
      }),
      { numRuns: 60, seed: 7 },
    );
  });
});
