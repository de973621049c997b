/**
 * Fuzz of the workbook upload (issue 11): 1,000 mutated and truncated workbooks (seeded,
 * reproducible), each sent as a clerk sends a file: with the current If-Match, or (one in four)
 * without one, when the revision recorded in the file is the base. No answer is a 5xx; every
 * refusal is problem+json and leaves D1 exactly as it was; every stored upload holds exactly the
 * values the shared reader finds in that very file, and they pass the engine. One in eighteen is a
 * resource shape of issue 21 (a widened name, a declared extent past the grid, …): refused, 422.
 */
import { env } from "cloudflare:test";
import { strFromU8, strToU8, unzipSync, zipSync } from "fflate";
import { beforeAll, describe, expect, it } from "vitest";
import type { Report } from "../../shared/api/schemas";
import { validate } from "../../shared/engine/index";
import { derivations } from "../../shared/engine/totals";
import { readWorkbookFile } from "../../shared/workbook/read";
import { openUpload, readerBytes } from "../../shared/workbook/upload-guard";
import { boundWorkbook } from "../../shared/workbook/upload-bounds";
import { layoutForm } from "../../shared/layout/grid";
import { formSheetName } from "../../shared/layout/sheet-names";
import { rng } from "../../shared/testing/sample-report";
import { call, gov2021, newKey, putReport, seedToken, seedUnits, validValues } from "./helpers";

const XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
const PATH = "/units/510100001/reports/gov-2021/2022";
const RUNS = 1000;
const JUNK = [
  '<c r="D7" t="s"><v>99999</v></c>',
  '<c r="D7" t="inlineStr"><is><t>十二</t></is></c>',
  "<v>1e400</v>",
  "<v>-0</v>",
  "&amp;&#0;&#xFFFF;",
  "<definedName name=\"xxgk.requests.new.natural\">'nope'!$Z$0</definedName>",
  '<row r="0">',
  "]]><![CDATA[",
  "\u0000\uFFFE",
  '<sheet name="x" sheetId="9" r:id="rId99"/>',
];
/** What a clerk may type over a cell's value: numbers, numeric text, words, nonsense. */
const TYPED = ["0", "7", "12.5", "-3", "1e3", "99999999999", "0.00001", "十二", "", "NaN", "1,000"];
/** The tables a PUT writes: a refused upload must leave every one as it was. */
const WRITTEN = [
  "revisions",
  "current_reports",
  "aggregates",
  "accepted_aggregates",
  "rule_aggregates",
  "report_events",
  "remarks",
  "explanation_reviews",
  "idempotency",
  "audit_log",
];

/** Clerks of the unit, taking turns: each stays under the per-credential rate limit. */
let clerks: string[];
let clerk: string;

beforeAll(async () => {
  await seedUnits([
    { code: "510100", name: "成都市", parent: null },
    { code: "510100001", name: "市民政局", parent: "510100" },
  ]);
  clerks = [];
  for (let i = 0; i < 3; i++) clerks.push(await seedToken("510100001", "clerk"));
  clerk = clerks[0]!;
  const r1 = await putReport(clerk, "510100001", 2022, { values: validValues(11) });
  expect(r1.status).toBe(201);
});

/**
 * Every row of the tables a PUT writes, in one round trip. Of `revisions` (append-only: a trigger
 * refuses UPDATE and DELETE) the keys and hashes suffice, which keeps this cheap per run.
 */
async function written(): Promise<unknown[][]> {
  const select = (t: string) =>
    t === "revisions"
      ? `SELECT unit_id, form, year, revision, hash FROM revisions`
      : `SELECT * FROM ${t}`;
  const all = await env.DB.batch(WRITTEN.map((t) => env.DB.prepare(select(t))));
  return all.map((r) => r.results);
}

async function download(): Promise<Uint8Array> {
  const res = await call(`${PATH}?format=xlsx`, { token: clerk });
  expect(res.status).toBe(200);
  return new Uint8Array(await res.arrayBuffer());
}

/** A workbook and its parts, unzipped once: most mutations change one part and zip again. */
interface Base {
  bytes: Uint8Array;
  parts: Record<string, Uint8Array>;
}
/** The download repacked with fixed dates (it records when it was made): the same file each run. */
function baseOf(download: Uint8Array): Base {
  const parts = unzipSync(download);
  const core = "docProps/core.xml";
  const dated = strFromU8(parts[core]!).replace(
    /\d{4}-\d\d-\d\dT[\d:.]+Z/g,
    "2026-01-01T00:00:00Z",
  );
  parts[core] = strToU8(dated);
  return { bytes: zipSync(parts, { level: 6, mtime: "2026-01-01" }), parts };
}

type Mutate = (base: Base, next: () => number) => Uint8Array;
const int = (next: () => number, n: number) => Math.floor(next() * n);
const pick = <T>(next: () => number, xs: readonly T[]) => xs[int(next, xs.length)]!;

const truncate: Mutate = ({ bytes }, next) => bytes.slice(0, int(next, bytes.length));

const flipBytes: Mutate = ({ bytes }, next) => {
  const out = bytes.slice();
  for (let i = 0, n = 1 + int(next, 8); i < n; i++) out[int(next, out.length)] = int(next, 256);
  return out;
};

/** Change one part and zip again (mostly stored, as some programs write): past the gate. */
function editPart(base: Base, next: () => number, name: string, edit: (xml: string) => string) {
  const files = { ...base.parts, [name]: strToU8(edit(strFromU8(base.parts[name]!))) };
  return zipSync(files, { level: int(next, 8) === 0 ? 6 : 0 });
}

/** Flip, cut, duplicate or insert junk at a random place of any XML part. */
const mutateXml: Mutate = (base, next) => {
  const name = pick(
    next,
    Object.keys(base.parts).filter((n) => n.endsWith(".xml")),
  );
  return editPart(base, next, name, (xml) => {
    const at = int(next, xml.length);
    const kind = int(next, 4);
    const cut = xml.slice(0, at);
    if (kind === 0) return cut + String.fromCharCode(int(next, 128)) + xml.slice(at + 1);
    if (kind === 1) return cut + xml.slice(at + 1 + int(next, 400));
    if (kind === 2) return cut + xml.slice(at, at + int(next, 400)) + xml.slice(at);
    return cut + pick(next, JUNK) + xml.slice(at);
  });
};

const LAYOUT = layoutForm(gov2021(), "zh").inputs;
const INPUTS = Object.values(LAYOUT).map((i) => i.address);
/** The cells a clerk types: a total the form derives is a formula of the workbook itself. */
const TOTALS = new Set(
  [...derivations(gov2021(), {})].filter(([, i]) => i.check.kind === "sum").map(([c]) => c),
);
const PARTS = Object.entries(LAYOUT)
  .filter(([id]) => !TOTALS.has(id))
  .map(([, i]) => i.address);
/** Amount cells: most rules leave them free, so a number typed there is often stored. */
const AMOUNTS = gov2021()
  .cells.filter((c) => c.kind === "amount")
  .map((c) => LAYOUT[c.id]!.address);

/**
 * Type over one to three input cells of the form sheet as a program saves them: a number, the
 * same as numeric text, or a word. Well-formed: stored when the rules still hold.
 */
const typeOver: Mutate = (base, next) =>
  editPart(base, next, "xl/worksheets/sheet1.xml", (xml) => {
    let out = xml;
    for (let i = 0, n = 1 + int(next, 3); i < n; i++) {
      const ref = pick(next, int(next, 3) === 0 ? AMOUNTS : INPUTS);
      const typed = pick(next, TYPED);
      const asNumber = typed !== "" && Number.isFinite(Number(typed)) && int(next, 2) === 0;
      const cell = asNumber
        ? `<c r="${ref}"><v>${typed}</v></c>`
        : `<c r="${ref}" t="inlineStr"><is><t>${typed}</t></is></c>`;
      out = out.replace(new RegExp(`<c r="${ref}"(?: [^>/]*)?(?:/>|>.*?</c>)`), cell);
    }
    return out;
  });

/** The form sheet, as the names quote it in workbook.xml. */
const SHEET = `&apos;${formSheetName(gov2021(), 2022, "zh")}&apos;`;
const FAR = ["$A$1:$XFD$1048576", "$A$1:$Z$20000", "$A:$A", "$1:$60000", "$E$8:$IW$8"];
/**
 * The resource shapes of issue 21, each with random parameters: a name the reader reads widened
 * to a large range or pointed where nothing can be read, a declared extent, column, merge or cell
 * beyond the grid, an input holding a formula. Every one must be refused before the reader.
 */
const resourceShape: Mutate = (base, next) => {
  const wb = "xl/workbook.xml";
  const sheet = "xl/worksheets/sheet1.xml";
  const far = pick(next, FAR);
  switch (int(next, 7)) {
    case 0:
      return editPart(base, next, wb, (xml) => {
        const names = [...xml.matchAll(/<definedName name="(xxgk\.[^"]+|XXGK_\w+)">/g)];
        const name = pick(next, names)[1]!;
        return xml.replace(
          new RegExp(`(<definedName name="${name.replace(/\./g, "\\.")}">)[^<]*`),
          `$1${SHEET}!${far}`,
        );
      });
    case 1:
      return editPart(base, next, wb, (xml) =>
        xml.replace(
          /(<definedName name="xxgk\.[^"]+">)[^<]*/,
          `$1${pick(next, ["[1]Sheet1!$E$8", "&apos;无此表&apos;!$E$8", `${SHEET}!#REF!`])}`,
        ),
      );
    case 2:
      return editPart(base, next, sheet, (xml) =>
        xml.replace(/<dimension ref="[^"]*"\/>/, `<dimension ref="${far.replace(/\$/g, "")}"/>`),
      );
    case 3:
      return editPart(base, next, sheet, (xml) =>
        xml.replace(
          /<sheetData>/,
          `<cols><col min="1" max="${16385 + int(next, 1e9)}"/></cols><sheetData>`,
        ),
      );
    case 4:
      return editPart(base, next, sheet, (xml) =>
        xml.replace(/<mergeCell ref="[^"]*"\/>/, `<mergeCell ref="${far.replace(/\$/g, "")}"/>`),
      );
    case 5:
      return editPart(base, next, sheet, (xml) =>
        xml.replace(
          /<\/sheetData>/,
          `<row r="${10001 + int(next, 1e6)}"><c><v>1</v></c></row></sheetData>`,
        ),
      );
    default: {
      const at = pick(next, PARTS);
      return editPart(base, next, sheet, (xml) =>
        xml.replace(
          new RegExp(`<c r="${at}"( s="\\d+")?(?:/>|>.*?</c>)`),
          `<c r="${at}"$1><f>SUM(A1:A2)</f><v>${int(next, 100)}</v></c>`,
        ),
      );
    }
  }
};

/**
 * Mostly files refused at the gate (cheap); about one in six reaches the reader and the rules (each
 * costs a full parse, a stored one two), which keeps the run well under a minute on a loaded
 * 2-core machine.
 */
const MUTATIONS: Mutate[] = [
  ...Array<Mutate>(8).fill(truncate),
  ...Array<Mutate>(6).fill(flipBytes),
  mutateXml,
  // Twice: the resource shapes (all refused) must not thin out the files that store new values.
  ...Array<Mutate>(2).fill(typeOver),
  resourceShape,
];

/**
 * What the stored report must be: the file read by the shared reader the upload uses (GET after
 * the PUT, so what D1 holds). Returns the stored values.
 */
async function expectStored(bytes: Uint8Array, run: number): Promise<Record<string, number>> {
  const opened = openUpload(bytes);
  const bounded = opened.ok ? boundWorkbook(gov2021(), opened.files) : opened;
  if (!bounded.ok) throw new Error(`run ${run}: stored a file the gates refuse`);
  const read = await readWorkbookFile(gov2021(), readerBytes(bounded.files), bounded.formulas);
  expect(read.problems, `run ${run}`).toEqual([]);
  const res = await call(PATH, { token: clerk });
  const report = (await res.json()) as Report;
  const form = gov2021();
  const inFile = Object.fromEntries(form.cells.map((c) => [c.id, read.values[c.id] ?? 0]));
  expect(report.values, `run ${run}`).toEqual(inFile);
  const checked = validate(form, report.values);
  expect(checked.errors, `run ${run}`).toBe(0);
  for (const [key, text] of Object.entries(report.explanations)) {
    expect(text, `run ${run}: 说明 ${key}`).toBe(read.explanations[key]?.trim());
  }
  return report.values;
}

/** One upload as a clerk sends it, with or without If-Match. */
function upload(bytes: Uint8Array, token: string, ifMatch: string | null): Promise<Response> {
  return call(PATH, {
    method: "PUT",
    token,
    raw: bytes as never,
    headers: {
      "Content-Type": XLSX,
      "Idempotency-Key": newKey(),
      ...(ifMatch ? { "If-Match": ifMatch } : {}),
    },
  });
}

describe("uploading mutated workbooks", () => {
  it(`${RUNS} mutated and truncated workbooks: no 5xx; refused ones change nothing, stored ones hold the file`, async () => {
    const next = rng(20261207);
    const statuses: Record<number, number> = {};
    const stored = { ifMatch: 0, noIfMatch: 0, newValues: 0 };
    const first = await call(PATH, { token: clerk });
    let etag = first.headers.get("ETag")!;
    let values = ((await first.json()) as Report).values;
    let base = baseOf(await download());
    let baseEtag = etag;
    let rows = await written();
    let refusedShapes = 0;
    for (let i = 0; i < RUNS; i++) {
      const withIfMatch = int(next, 4) !== 0;
      // A file sent without If-Match is one downloaded at the current revision.
      if (!withIfMatch && baseEtag !== etag) [base, baseEtag] = [baseOf(await download()), etag];
      const mutate = pick(next, MUTATIONS);
      const shape = mutate === resourceShape;
      const bytes = mutate(base, next);
      const res = await upload(bytes, clerks[i % clerks.length]!, withIfMatch ? etag : null);
      const text = await res.text();
      expect(res.status, `run ${i}: ${text}`).toBeLessThan(500);
      statuses[res.status] = (statuses[res.status] ?? 0) + 1;
      if (shape) {
        expect(res.status, `run ${i}: a resource shape was read: ${text}`).toBe(422);
        expect(text, `run ${i}`).toMatch(/workbook-(out-of-bounds|name-invalid|cell-invalid)/);
        refusedShapes++;
      }
      if (res.ok) {
        expect(res.status).toBe(201);
        const now = await expectStored(bytes, i);
        stored[withIfMatch ? "ifMatch" : "noIfMatch"]++;
        if (JSON.stringify(now) !== JSON.stringify(values)) stored.newValues++;
        values = now;
        etag = res.headers.get("ETag")!;
        rows = await written();
        continue;
      }
      expect(res.headers.get("Content-Type"), `run ${i}`).toContain("application/problem+json");
      expect((JSON.parse(text) as { status: number }).status).toBe(res.status);
      expect(await written(), `run ${i}: a ${res.status} changed D1`).toEqual(rows);
    }
    // Every end was reached: refused at the gate, refused for a cell or a rule, stored (with and
    // without If-Match).
    const counts = JSON.stringify({ statuses, stored });
    expect(statuses[415], counts).toBeGreaterThan(300);
    expect(statuses[422], counts).toBeGreaterThan(30);
    expect(refusedShapes, counts).toBeGreaterThan(30);
    expect(stored.ifMatch, counts).toBeGreaterThan(20);
    expect(stored.noIfMatch, counts).toBeGreaterThan(5);
    // Some stored files changed values (typed over), not only their packaging.
    expect(stored.newValues, counts).toBeGreaterThan(5);
  }, 600_000);
});
