import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { FORMS, getForm } from "../../../shared/forms/catalogue";
import {
  decodeScaled,
  decodeValues,
  encodeScaled,
  encodeValues,
  storedUnits,
} from "../../src/db/values";

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

  it("keep sums exact beyond 2^53: whole-number cells without the ×10⁴, amounts with it", () => {
    const form = getForm("gov-2021")!;
    const [a, b, c] = form.cells.map((x) => x.id);
    const amount = form.cells.find((x) => x.kind === "amount")!.id;
    const stored = encodeScaled(form.id, { [a!]: 50_000, [c!]: -70_000, [amount]: 12_345 });
    expect(stored.startsWith("[5,0,-7,")).toBe(true);
    expect(decodeScaled(form.id, stored)).toEqual({
      [a!]: 50_000n,
      [c!]: -70_000n,
      [amount]: 12_345n,
    });
    // SQLite's 64-bit sums beyond 2^53 read exactly.
    expect(decodeScaled(form.id, stored.replace(/^\[5,/, "[999999999990001,"))[a!]).toBe(
      9999999999900010000n,
    );
    // A fraction in a whole-number cell is refused, never rounded.
    expect(() => encodeScaled(form.id, { [a!]: 5 })).toThrow(/whole number/);
    // Objects written before 0007 (×10⁴ throughout).
    expect(decodeScaled(form.id, `{"${a}":9999999999900001,"${b}":0}`)).toEqual({
      [a!]: 9999999999900001n,
    });
    expect(decodeScaled(form.id, null)).toEqual({});
  });

  it("migration 0007 carries the cell order of every form the catalogue had", () => {
    const sql = readFileSync(MIGRATION, "utf8");
    const rows = [...sql.matchAll(/\('([^']+)',\s*'(\[[^']*\])',\s*'(\[[^']*\])'\)/g)];
    // The four forms of the catalogue when 0007 was written; forms added later store arrays only.
    expect(rows.map((r) => r[1])).toEqual(FORMS.slice(0, 4).map((f) => f.id));
    for (const [, id, cells, units] of rows) {
      expect(JSON.parse(cells!)).toEqual(getForm(id!)!.cells.map((c) => c.id));
      expect(JSON.parse(units!)).toEqual(storedUnits(id!));
    }
  });
});
