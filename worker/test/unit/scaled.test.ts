import { describe, expect, it } from "vitest";
import { formatScaled, parseScaled, spreadsheetNumber } from "../../src/domain/scaled";
import { exactJson } from "../../src/export/exact-json";

describe("exact sums", () => {
  it("read stored aggregates beyond 2^53 without rounding", () => {
    const stored = '{"a.b":9999999999900001,"c":-5,"d":0}';
    expect(JSON.parse(stored)["a.b"]).toBe(9999999999900000); // what JSON.parse does
    expect(parseScaled(stored)).toEqual(
      new Map([
        ["a.b", 9999999999900001n],
        ["c", -5n],
        ["d", 0n],
      ]),
    );
    expect(parseScaled(null).size).toBe(0);
  });

  it("write them as exact decimals", () => {
    expect(formatScaled(9999999999900001n)).toBe("999999999990.0001");
    expect(formatScaled(120000n)).toBe("12");
    expect(formatScaled(-5000n)).toBe("-0.5");
    expect(formatScaled(1n)).toBe("0.0001");
    expect(exactJson({ v: { x: 9999999999900001n }, n: null, s: "名", u: undefined })).toBe(
      '{"v":{"x":999999999990.0001},"n":null,"s":"名"}',
    );
  });

  it("as spreadsheet numbers only when Excel keeps every digit", () => {
    expect(spreadsheetNumber(1234500n)).toBe(123.45);
    expect(spreadsheetNumber(999999999999990000n)).toBe(99999999999999);
    expect(spreadsheetNumber(9999999999900001n)).toBeNull();
  });
});
