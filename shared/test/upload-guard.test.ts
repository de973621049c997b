import { strToU8, unzipSync, zipSync } from "fflate";
import { describe, expect, it } from "vitest";
import { guardUpload, UPLOAD_LIMITS } from "../workbook/upload-guard";

const minimal = (extra: Record<string, Uint8Array> = {}) =>
  zipSync({
    "[Content_Types].xml": strToU8("<Types/>"),
    "xl/workbook.xml": strToU8("<workbook/>"),
    ...extra,
  });

const failure = (bytes: Uint8Array) => {
  const r = guardUpload(bytes);
  return r.ok ? null : r.failure;
};

describe("the upload gate (before anything is inflated)", () => {
  it("passes a well-formed xlsx-shaped zip", () => {
    expect(guardUpload(minimal()).ok).toBe(true);
  });

  it("names what other files are, for the 415 message", () => {
    const ole = new Uint8Array(64);
    ole.set([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);
    expect(failure(ole)).toEqual({ kind: "not-xlsx", format: ".xls/.et" });
    const ods = zipSync({ mimetype: strToU8("application/vnd.oasis.opendocument.spreadsheet") });
    expect(failure(ods)).toEqual({ kind: "not-xlsx", format: ".ods" });
    expect(failure(strToU8("a,b\n1,2\n"))).toEqual({ kind: "not-xlsx", format: "CSV" });
    expect(failure(zipSync({ "a.txt": strToU8("x") }))).toEqual({
      kind: "not-xlsx",
      format: "zip",
    });
    expect(failure(new Uint8Array([0x50, 0x4b, 0x03, 0x04, 1, 2, 3]))?.kind).toBe("not-xlsx");
  });

  it("refuses too many entries, too much declared data and a high ratio", () => {
    const many = Object.fromEntries(
      Array.from({ length: UPLOAD_LIMITS.maxEntries + 1 }, (_, i) => [
        `x/${i}.xml`,
        strToU8("<a/>"),
      ]),
    );
    expect(failure(minimal(many))?.kind).toBe("zip-bomb");
    expect(failure(minimal({ "xl/zeros.bin": new Uint8Array(8 * 1024 * 1024) }))).toMatchObject({
      kind: "zip-bomb",
      reason: expect.stringContaining("ratio"),
    });
  });

  it("never inflates an entry past the size its central directory declares", () => {
    const bytes = minimal({
      "xl/sharedStrings.xml": strToU8("<sst>" + "x".repeat(5000) + "</sst>"),
    });
    // Shrink the declared uncompressed size of the last entry in the central directory.
    const view = new DataView(bytes.buffer);
    let cd = -1;
    for (let i = bytes.length - 4; i >= 0; i--) {
      if (view.getUint32(i, true) === 0x02014b50) {
        cd = i;
        break;
      }
    }
    view.setUint32(cd + 24, 100, true);
    const r = guardUpload(bytes);
    // Cut at the declared size (the parser then sees broken XML), whatever the data holds.
    expect(r.ok && unzipSync(r.xlsx)["xl/sharedStrings.xml"]!.length).toBe(100);
  });

  it("refuses DTDs and entity declarations in XML parts", () => {
    const dtd = minimal({
      "xl/styles.xml": strToU8('<?xml version="1.0"?><!DOCTYPE a [<!ENTITY x "y">]><a/>'),
    });
    expect(failure(dtd)).toEqual({ kind: "forbidden-xml", part: "xl/styles.xml" });
  });

  it("refuses more than 2 MB before looking inside", () => {
    expect(failure(new Uint8Array(UPLOAD_LIMITS.maxBytes + 1))?.kind).toBe("too-large");
  });
});
