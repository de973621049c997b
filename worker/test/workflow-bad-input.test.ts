import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { call, putReport, seedToken, seedUnits, snapshot, validValues } from "./helpers";

let sup: string;
let admin: string;
let clerk: string;

beforeAll(async () => {
  await seedUnits([
    { code: "F0", name: "县", parent: null },
    { code: "F1", name: "局", parent: "F0" },
  ]);
  sup = await seedToken("F0", "supervisor");
  admin = await seedToken("F0", "admin");
  clerk = await seedToken("F1", "clerk");
  const first = await putReport(clerk, "F1", 2021, { values: validValues(1) });
  expect(first.status).toBe(201);
});

const cell = fc.constantFrom("requests.granted.natural", "x", "", "capacity.staff_total.count");
const reviewBody = fc.oneof(
  fc.jsonValue(),
  fc.record(
    {
      action: fc.constantFrom("return", "accept", "reopen", "approve", 1, null),
      revision: fc.oneof(fc.integer(), fc.double(), fc.string(), fc.constant(2)),
      reason: fc.oneof(fc.string(), fc.jsonValue()),
      remarks: fc.oneof(
        fc.array(fc.record({ cell, text: fc.oneof(fc.string(), fc.jsonValue()) })),
        fc.jsonValue(),
      ),
      explanations: fc.oneof(
        fc.dictionary(
          fc.string(),
          fc.record({
            decision: fc.constantFrom("accepted", "rejected", "maybe"),
            comment: fc.string(),
          }),
        ),
        fc.jsonValue(),
      ),
    },
    { requiredKeys: [] },
  ),
);

describe("no client input to the workflow endpoints produces a 5xx", () => {
  it("random review bodies and keys: 4xx, and a failed review changes nothing", async () => {
    const before = await snapshot();
    await fc.assert(
      fc.asyncProperty(reviewBody, fc.string(), async (b, key) => {
        const headers: Record<string, string> = {};
        const k = key.replace(/[^\x20-\x7e]/g, "");
        if (k) headers["Idempotency-Key"] = k;
        const res = await call("/units/F1/reports/gov-2021/2021/review", {
          method: "POST",
          token: sup,
          raw: JSON.stringify(b) ?? "null",
          headers: { "Content-Type": "application/json", ...headers },
        });
        const text = await res.text();
        expect(res.status, text).toBeLessThan(500);
        // The one report stays submitted unless a valid review went through.
        if (res.status === 200) throw new Error(`unexpected success: ${text}`);
      }),
      { numRuns: 150, seed: 20261123 },
    );
    const after = await snapshot();
    expect(after).toEqual(before);
  });

  it("random period bodies and ids: 4xx", async () => {
    const periodBody = fc.oneof(
      fc.jsonValue(),
      fc.record(
        {
          unit: fc.constantFrom("F0", "F1", "nope", ""),
          form: fc.constantFrom("gov-2021", "gov-2019", "x"),
          year: fc.oneof(fc.integer(), fc.constant(2021)),
          dueDate: fc.oneof(fc.string(), fc.constantFrom("2026-02-30", "2026-13-01", "0000-00-00")),
          supplements: fc.oneof(fc.record({ capacity: fc.jsonValue() }), fc.jsonValue()),
        },
        { requiredKeys: [] },
      ),
    );
    await fc.assert(
      fc.asyncProperty(periodBody, fc.string(), async (b, id) => {
        const res = await call("/admin/periods", {
          method: "POST",
          token: admin,
          raw: JSON.stringify(b) ?? "null",
          headers: { "Content-Type": "application/json" },
        });
        expect(res.status, await res.text()).toBeLessThan(500);
        const close = await call(`/admin/periods/${encodeURIComponent(id)}/close`, {
          method: "POST",
          token: admin,
        });
        expect(close.status, await close.text()).toBeLessThan(500);
        const list = await call(`/units/${encodeURIComponent(id)}/periods`, { token: sup });
        expect(list.status).toBeLessThan(500);
        await list.arrayBuffer();
        const hist = await call(
          `/units/${encodeURIComponent(id)}/reports/gov-2021/${encodeURIComponent(id)}/history`,
          { token: sup },
        );
        expect(hist.status).toBeLessThan(500);
        await hist.arrayBuffer();
      }),
      { numRuns: 100, seed: 20261124 },
    );
  });
});
