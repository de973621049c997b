import { strFromU8, unzipSync } from "fflate";
import { beforeAll, describe, expect, it } from "vitest";
import { RollupSchema } from "../../shared/api/schemas";
import { call, putReport, seedToken, seedUnits, validValues, type TreeUnit } from "./helpers";

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
    expect(res.status, await res.clone().text()).toBe(200);
    const files = unzipSync(new Uint8Array(await res.arrayBuffer()));
    const completeness = strFromU8(files["xl/worksheets/sheet3.xml"]!);
    expect(completeness.length).toBeGreaterThan(200_000); // big enough for fflate's async path
    expect(completeness.match(/<row /g)).toHaveLength(units.length + 1);
    const json = RollupSchema.parse(
      await (await call("/units/BIG/rollups/gov-2021/2021", { token: supervisor })).json(),
    );
    expect(json.units).toBe(units.length);
    expect(json.submitted).toBe(2);
  });
});
