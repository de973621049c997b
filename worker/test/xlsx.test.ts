import { strFromU8, unzipSync } from "fflate";
import { beforeAll, describe, expect, it } from "vitest";
import { RollupSchema } from "../../shared/api/schemas";
import {
  call,
  expectProblem,
  gov2021,
  putReport,
  seedToken,
  seedUnits,
  validValues,
  type TreeUnit,
} from "./helpers";

let supervisor: string;
const units: TreeUnit[] = [{ code: "BIG", name: "大市", parent: null }];

beforeAll(async () => {
  for (let i = 0; i < 40; i++) {
    units.push({ code: `BIG-${i}`, name: `县${i}`, parent: "BIG" });
    for (let j = 0; j < 75; j++)
      units.push({ code: `BIG-${i}-${j}`, name: `乡镇${i}-${j}`, parent: `BIG-${i}` });
  }
  await seedUnits(units);
  supervisor = await seedToken("BIG", "supervisor");
  for (const code of ["BIG-0-0", "BIG-3-7"]) {
    const res = await putReport(await seedToken(code, "clerk"), code, 2021, {
      values: validValues(code.length),
    });
    expect(res.status).toBe(201);
  }
});

describe("xlsx export of a large subtree", () => {
  it("works in workerd (no Web Workers) and lists every unit", async () => {
    const res = await call("/units/BIG/rollups/gov-2021/2021?format=xlsx", { token: supervisor });
    expect(res.status).toBe(200);
    const files = unzipSync(new Uint8Array(await res.arrayBuffer()));
    const completeness = strFromU8(files["xl/worksheets/sheet3.xml"]!);
    expect(completeness.length).toBeGreaterThan(200_000); // big enough for fflate's async path
    // The sheet's title, the header row, one row per unit.
    expect(completeness.match(/<row /g)).toHaveLength(units.length + 2);
    const json = RollupSchema.parse(
      await (await call("/units/BIG/rollups/gov-2021/2021", { token: supervisor })).json(),
    );
    expect(json.units).toBe(units.length);
    expect(json.submitted).toBe(2);
  });

  it("the completeness list is read in pages that add up to the one-read list", async () => {
    const { env } = await import("cloudflare:test");
    const { completenessPages } = await import("../src/db/rollups");
    const { unitByCode } = await import("../src/db/units");
    const unit = (await unitByCode(env.DB, "BIG"))!;
    const collect = async (pageSize: number, mode: "all" | "missing") => {
      const out = [];
      for await (const page of completenessPages(env.DB, unit, gov2021(), 2021, mode, pageSize)) {
        expect(page.length).toBeLessThanOrEqual(pageSize);
        out.push(...page);
      }
      return out;
    };
    const whole = await collect(100_000, "all");
    expect(whole).toHaveLength(units.length);
    expect(await collect(7, "all")).toEqual(whole);
    expect(await collect(500, "missing")).toEqual(whole.filter((u) => u.status === "missing"));
  });

  it("an xlsx of more units than the limit is refused with a hint; csv and json still work", async () => {
    const { env } = await import("cloudflare:test");
    expect(env.XLSX_MAX_UNITS).toBe("5000");
    const huge: TreeUnit[] = [{ code: "HUGE", name: "特大", parent: null }];
    for (let i = 0; i < 5_000; i++)
      huge.push({ code: `HUGE-${i}`, name: `单位${i}`, parent: "HUGE" });
    await seedUnits(huge);
    const token = await seedToken("HUGE", "supervisor");
    await expectProblem(
      await call("/units/HUGE/rollups/gov-2021/2021?format=xlsx", { token }),
      422,
      "subtree-too-large",
    );
    const lean = await call("/units/HUGE/rollups/gov-2021/2021?format=xlsx&completeness=none", {
      token,
    });
    expect(lean.status).toBe(200);
    await lean.arrayBuffer();
    const csv = await call("/units/HUGE/rollups/gov-2021/2021?format=csv", { token });
    expect((await csv.text()).split("\r\n").filter((l) => l.startsWith("HUGE-"))).toHaveLength(
      5_000,
    );
    const json = RollupSchema.parse(
      await (await call("/units/HUGE/rollups/gov-2021/2021", { token })).json(),
    );
    expect(json.completeness).toHaveLength(5_001);
    expect(json.units).toBe(5_001);
  });
});
