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
    expect(parseScaled("{}").size).toBe(0);
    expect(parseScaled('{"a\\"b":7}')).toEqual(new Map([['a"b', 7n]]));
    // Not the Worker's own integers: the parsed numbers.
    expect(parseScaled('{"a": 1.5e4}')).toEqual(new Map([["a", 15000n]]));
  });

  it("write them as exact decimals", () => {
    expect(formatScaled(9999999999900001n)).toBe("999999999990.0001");
    expect(formatScaled(120000n)).toBe("12");
    expect(formatScaled(-5000n)).toBe("-0.5");
    expect(formatScaled(1n)).toBe("0.0001");
    // Either side of the fast path (doubles below 10^15 scaled units).
    expect(formatScaled(999999999999999n)).toBe("99999999999.9999");
    expect(formatScaled(1000000000000001n)).toBe("100000000000.0001");
    expect(formatScaled(-999999999999999n)).toBe("-99999999999.9999");
    for (let i = 0; i < 2000; i++) {
      const v = BigInt(Math.floor(Math.random() * 1e15));
      const whole = (v / 10000n).toString();
      const frac = (v % 10000n).toString().padStart(4, "0").replace(/0+$/, "");
      expect(formatScaled(v)).toBe(frac ? `${whole}.${frac}` : whole);
    }
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
