import { describe, expect, it } from "vitest";
import { parseUnitsCsv } from "../../src/domain/csv";
import {
  checkImportRows,
  codesNamed,
  incomingUnits,
  planImport,
  type StoredUnit,
} from "../../src/domain/unit-import";
import { decided } from "../../src/http/problem";
import { thrown } from "./fixtures";

const stored = (rows: StoredUnit[]) => new Map(rows.map((r) => [r.code, r]));
const R: StoredUnit = { code: "R", name: "县", parent: null, path: "/R/" };
const A: StoredUnit = { code: "A", name: "甲局", parent: "R", path: "/R/A/" };
const incoming = (...r: [string, string, string | null][]) =>
  incomingUnits(r.map(([code, name, parent_code]) => ({ code, name, parent_code })));
/** The import's units, or the refusal thrown as the problem the route answers. */
const rows = (...r: [string, string, string | null][]) => decided(incoming(...r));
const importPlan = (...a: Parameters<typeof planImport>) => decided(planImport(...a));

describe("a unit import's plan", () => {
  it("inserts new units level by level below stored ones; the stored ancestors grow", () => {
    const incoming = rows(["A2", "甲局二科", "A1"], ["A1", "甲局一科", "A"], ["A", "甲局", "R"]);
    expect(codesNamed(incoming).sort()).toEqual(["A", "A1", "A2", "R"]);
    const plan = importPlan(incoming, stored([R, A]));
    expect(plan.levels.map((l) => l.map((u) => u.code))).toEqual([["A1"], ["A2"]]);
    expect(plan.unchanged).toBe(1);
    expect(plan.grownAncestors.sort()).toEqual(["A", "R"]);
  });

  it("new roots have no stored ancestor to grow", () => {
    const plan = importPlan(rows(["N", "新县", null], ["N1", "新局", "N"]), stored([]));
    expect(plan.levels.map((l) => l.map((u) => u.code))).toEqual([["N"], ["N1"]]);
    expect(plan.grownAncestors).toEqual([]);
  });

  it("never changes a stored unit (409), needs every parent (422) and no cycle (422)", () => {
    expect(thrown(() => importPlan(rows(["A", "改名", "R"]), stored([R, A])))).toBe(
      "409 unit-conflict",
    );
    expect(thrown(() => importPlan(rows(["X", "x", "NOPE"]), stored([])))).toBe(
      "422 unit-import-invalid",
    );
    expect(thrown(() => importPlan(rows(["C1", "x", "C2"], ["C2", "y", "C1"]), stored([])))).toBe(
      "422 unit-import-invalid",
    );
    expect(thrown(() => rows(["D", "x", null], ["D", "y", null]))).toBe("422 unit-import-invalid");
  });

  it("decides as data: a refused import is returned, not thrown (the route answers it)", () => {
    expect(planImport(rows(["A", "改名", "R"]), stored([R, A]))).toMatchObject({
      kind: "refusal",
      slug: "unit-conflict",
      extensions: { conflicts: ["A"] },
    });
    expect(incoming(["D", "x", null], ["D", "y", null])).toMatchObject({
      kind: "refusal",
      slug: "unit-import-invalid",
    });
  });

  it("rows are checked one by one; CSV needs its header", () => {
    expect(
      thrown(() =>
        checkImportRows([
          { code: "a/b", name: "x" },
          { code: "ok", name: "y" },
        ]),
      ),
    ).toBe("422 unit-import-invalid");
    expect(parseUnitsCsv('code,name,parent_code\r\nX,"财政局,国库科",R\r\n')).toEqual([
      { code: "X", name: "财政局,国库科", parent_code: "R" },
    ]);
    expect(thrown(() => parseUnitsCsv("name,code\nx,y\n"))).toBe("400 csv-header");
    expect(thrown(() => parseUnitsCsv('code,name,parent_code\nX,"x\n'))).toBe("400 csv-quote");
  });
});
