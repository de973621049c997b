import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { FORMS, getForm } from "../../../shared/forms/catalogue";
import { decodeScaled, decodeValues, encodeScaled, encodeValues } from "../../src/db/values";

const MIGRATION = new URL("../../migrations/0007_compact_values.sql", import.meta.url);

describe("stored values (db/values.ts)", () => {
  it("round-trip a report in the form's cell order, a fraction of the object's size", () => {
    const form = getForm("gov-2021")!;
    const values = Object.fromEntries(form.cells.map((c, i) => [c.id, i % 3 ? i * 1.5 : 0]));
    const stored = encodeValues(form.id, values);
    expect(JSON.parse(stored)).toEqual(form.cells.map((c) => values[c.id]));
    expect(decodeValues(form.id, stored)).toEqual(values);
    expect(stored.length * 4).toBeLessThan(JSON.stringify(values).length);
    // Rows written before 0007 (objects) still read.
    expect(decodeValues(form.id, JSON.stringify(values))).toEqual(values);
  });

  it("read sums exactly beyond 2^53, zero cells left out, in either format", () => {
    const [a, b, c] = getForm("gov-2021")!.cells.map((x) => x.id);
    const stored = encodeScaled("gov-2021", { [a!]: 5, [c!]: -7 }).replace(
      /^\[5,/,
      "[9999999999900001,",
    );
    expect(decodeScaled("gov-2021", stored)).toEqual({ [a!]: 9999999999900001n, [c!]: -7n });
    expect(decodeScaled("gov-2021", `{"${a}":9999999999900001,"${b}":0}`)).toEqual({
      [a!]: 9999999999900001n,
    });
    expect(decodeScaled("gov-2021", null)).toEqual({});
  });

  it("migration 0007 carries the cell order of every form the catalogue had", () => {
    const sql = readFileSync(MIGRATION, "utf8");
    const rows = [...sql.matchAll(/\('([^']+)', '(\[[^']*\])'\)/g)];
    // The four forms of the catalogue when 0007 was written; forms added later store arrays only.
    expect(rows.map((r) => r[1])).toEqual(FORMS.slice(0, 4).map((f) => f.id));
    for (const [, id, cells] of rows) {
      expect(JSON.parse(cells!)).toEqual(getForm(id!)!.cells.map((c) => c.id));
    }
  });
});
