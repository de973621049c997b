import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { downloadName } from "../../../shared/api/disposition";
import { disposition, safeName } from "../../src/http/disposition";

describe("download names", () => {
  it("the page saves a download under the Chinese name the Worker gave it", () => {
    const cd = disposition(
      "attachment",
      "rollup-330327-gov-2021-2024.xlsx",
      "苍南县_2024年汇总.xlsx",
    );
    expect(downloadName(cd, "x")).toBe("苍南县_2024年汇总.xlsx");
  });

  it("any unit name: a header that is one line of ASCII, read back as the safe name", () => {
    fc.assert(
      fc.property(fc.string({ unit: "binary", maxLength: 120 }), fc.string(), (name, ascii) => {
        const cd = disposition("attachment", ascii, name);
        expect(cd).toMatch(/^[\x20-\x7e]+$/); // a header value: no control characters, no UTF-8
        const read = downloadName(cd, "fallback");
        const ids = ascii.replace(/[^A-Za-z0-9._-]/g, "_") || "download";
        expect(read).toBe(safeName(name) || ids); // no name: the ids, never nothing
        expect([...read].some((ch) => ch < " " || '\\/:*?"<>|'.includes(ch))).toBe(false);
      }),
    );
  });

  it("an old header without filename* still names the file, and a broken one falls back", () => {
    expect(downloadName('attachment; filename="a.docx"', "x")).toBe("a.docx");
    expect(downloadName("attachment; filename*=UTF-8''%E0%A4%A", "x")).toBe("x");
    expect(downloadName(null, "x")).toBe("x");
  });
});
