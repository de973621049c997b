/**
 * The gate in front of the xlsx parser for untrusted uploads. Everything here is decided from the
 * bytes and the zip's central directory BEFORE anything is inflated: the compressed size, the
 * number of entries, the declared uncompressed sizes and each entry's compression ratio (zip
 * bombs). Only then are the entries inflated, by fflate into buffers of the declared size (a
 * lying directory cannot make an entry grow past it), checked for a DTD (no external entities,
 * no entity expansion), and handed on, re-packed without compression, to exceljs: so exceljs's
 * bundled JSZip never inflates attacker-sized data.
 *
 * Pure: no I/O; the same in Node, the browser and workerd.
 */
import { strFromU8, strToU8, unzipSync, zipSync, type Unzipped } from "fflate";

export const UPLOAD_LIMITS = {
  /** Compressed size of the file (413 beyond). */
  maxBytes: 2 * 1024 * 1024,
  maxEntries: 200,
  /** Sum of the declared uncompressed sizes. */
  maxUncompressed: 24 * 1024 * 1024,
  /** Uncompressed / compressed, per entry, for entries larger than `ratioFloor`. */
  maxRatio: 120,
  ratioFloor: 64 * 1024,
};

export type GuardFailure =
  | { kind: "too-large"; bytes: number }
  | { kind: "not-xlsx"; format: string }
  | { kind: "zip-bomb"; reason: string }
  | { kind: "forbidden-xml"; part: string };

export type GuardResult = { ok: true; xlsx: Uint8Array } | { ok: false; failure: GuardFailure };

const OLE = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];
const ZIP = [0x50, 0x4b, 0x03, 0x04];

const startsWith = (b: Uint8Array, magic: number[]) => magic.every((m, i) => b[i] === m);

/** A human name of what the bytes look like, for the 415 message. */
function sniff(bytes: Uint8Array): string | null {
  if (startsWith(bytes, OLE)) return ".xls/.et";
  if (!startsWith(bytes, ZIP)) {
    const head = strFromU8(bytes.subarray(0, 512), true);
    // Text with separators and no control bytes (below 0x09) reads as CSV.
    const binary = [...bytes.subarray(0, 512)].some((b) => b < 9);
    return /[,;\t]/.test(head) && !binary ? "CSV" : "unknown";
  }
  return null;
}

interface Entry {
  name: string;
  size: number;
  originalSize: number;
}

/** The central directory's entries, without inflating anything (fflate's filter sees them). */
function directory(bytes: Uint8Array): Entry[] | null {
  const entries: Entry[] = [];
  try {
    unzipSync(bytes, {
      filter: (f) => {
        entries.push({ name: f.name, size: f.size, originalSize: f.originalSize });
        return false;
      },
    });
  } catch {
    return null;
  }
  return entries;
}

function bombReason(entries: Entry[]): string | null {
  const L = UPLOAD_LIMITS;
  if (entries.length > L.maxEntries) return `${entries.length} entries`;
  const total = entries.reduce((s, e) => s + e.originalSize, 0);
  if (total > L.maxUncompressed) return `${total} bytes uncompressed`;
  for (const e of entries) {
    if (e.originalSize > L.ratioFloor && e.originalSize > L.maxRatio * Math.max(e.size, 1)) {
      return `${e.name}: ratio ${Math.round(e.originalSize / Math.max(e.size, 1))}`;
    }
  }
  return null;
}

/**
 * Inflate within the declared sizes (fflate writes into a buffer of `originalSize` and never
 * grows it: data beyond is cut); null when an entry is missing or the deflate stream is broken.
 */
function inflate(bytes: Uint8Array, entries: Entry[]): Unzipped | null {
  try {
    const files = unzipSync(bytes);
    for (const e of entries) if (files[e.name]?.length !== e.originalSize) return null;
    return files;
  } catch {
    return null;
  }
}

const DTD = /<!DOCTYPE|<!ENTITY/i;

/**
 * The parts the reader reads: the workbook, its relationships, styles (a number format decides
 * whether a number is a date), shared strings and the worksheets. Comments, drawings, tables,
 * external links, pivot caches, media and document properties never reach exceljs, which would
 * parse (and for media, hold) every one of them.
 */
const READ_PARTS =
  /^(\[Content_Types\]\.xml|_rels\/\.rels|xl\/workbook\.xml|xl\/_rels\/workbook\.xml\.rels|xl\/styles\.xml|xl\/sharedStrings\.xml|xl\/worksheets\/[^/]+\.xml)$/;

/**
 * What the reader needs of a worksheet: its cells' values. Everything but `<sheetData>` (merges,
 * conditional formats, data validations, hyperlinks, column widths, drawings) and the formula
 * texts (the cached `<v>` results stay) is dropped before exceljs parses the sheet, which halves
 * the parse of a gov-2021 workbook (its checks are ~260 formulas and formats). A merge is dropped
 * too: Excel keeps a value only in a merge's first cell, and exceljs would copy it to the others.
 */
function slimSheet(xml: string): string {
  const open = /<worksheet\b[^>]*>/.exec(xml)?.[0];
  const data = /<sheetData\b[\s\S]*<\/sheetData>|<sheetData\s*\/>/.exec(xml)?.[0];
  const head = xml.slice(0, Math.max(0, xml.indexOf("<worksheet")));
  const sheet = open && data ? `${head}${open}${data}</worksheet>` : xml;
  return sheet.replace(/<f\b[^>]*\/>|<f\b[^>]*>[\s\S]*?<\/f>/g, "");
}

export type OpenResult = { ok: true; files: Unzipped } | { ok: false; failure: GuardFailure };

/**
 * The first gate: size, format, the zip's directory, inflation within the declared sizes and no
 * DTD. On success the inflated parts, for ./upload-bounds.ts and then `readerBytes`.
 */
export function openUpload(bytes: Uint8Array): OpenResult {
  const fail = (failure: GuardFailure): OpenResult => ({ ok: false, failure });
  if (bytes.length > UPLOAD_LIMITS.maxBytes)
    return fail({ kind: "too-large", bytes: bytes.length });
  const format = sniff(bytes);
  if (format) return fail({ kind: "not-xlsx", format });
  const entries = directory(bytes);
  if (!entries) return fail({ kind: "not-xlsx", format: "damaged zip" });
  const names = new Set(entries.map((e) => e.name));
  if (names.has("mimetype")) return fail({ kind: "not-xlsx", format: ".ods" });
  if (!names.has("[Content_Types].xml") || !names.has("xl/workbook.xml")) {
    return fail({ kind: "not-xlsx", format: "zip" });
  }
  const bomb = bombReason(entries);
  if (bomb) return fail({ kind: "zip-bomb", reason: bomb });
  const files = inflate(bytes, entries);
  if (!files) return fail({ kind: "not-xlsx", format: "damaged zip" });
  for (const [name, data] of Object.entries(files)) {
    if (/\.(xml|rels|vml)$/i.test(name) && DTD.test(strFromU8(data, true))) {
      return fail({ kind: "forbidden-xml", part: name });
    }
  }
  return { ok: true, files };
}

/** The parts the reader reads, slimmed, re-packed without compression for exceljs. */
export function readerBytes(files: Unzipped): Uint8Array {
  const out: Unzipped = {};
  for (const [name, data] of Object.entries(files)) {
    if (!READ_PARTS.test(name)) continue;
    out[name] = /^xl\/worksheets\//.test(name) ? strToU8(slimSheet(strFromU8(data))) : data;
  }
  return zipSync(out, { level: 0 });
}

/** Check an upload; on success the bytes exceljs may read (stored, not deflated). */
export function guardUpload(bytes: Uint8Array): GuardResult {
  const opened = openUpload(bytes);
  return opened.ok ? { ok: true, xlsx: readerBytes(opened.files) } : opened;
}
