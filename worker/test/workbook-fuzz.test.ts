/**
 * Fuzz of the workbook upload: 1,000 mutated and truncated workbooks (seeded, reproducible) never
 * get a 5xx and change nothing in D1. The uploads carry a stale If-Match, so a file that still
 * reads as a valid workbook ends at 412 after the whole parse; the others are refused on the way.
 */
import { strFromU8, strToU8, unzipSync, zipSync } from "fflate";
import { beforeAll, describe, expect, it } from "vitest";
import { rng } from "../../shared/testing/sample-report";
import { call, newKey, putReport, seedToken, seedUnits, snapshot, validValues } from "./helpers";

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

let clerk: string;
let base: Uint8Array;

beforeAll(async () => {
  await seedUnits([
    { code: "510100", name: "成都市", parent: null },
    { code: "510100001", name: "市民政局", parent: "510100" },
  ]);
  clerk = await seedToken("510100001", "clerk");
  const r1 = await putReport(clerk, "510100001", 2022, { values: validValues(11) });
  expect(r1.status).toBe(201);
  const res = await call(`${PATH}?format=xlsx`, { token: clerk });
  base = new Uint8Array(await res.arrayBuffer());
});

type Mutate = (bytes: Uint8Array, next: () => number) => Uint8Array;
const int = (next: () => number, n: number) => Math.floor(next() * n);

const truncate: Mutate = (b, next) => b.slice(0, int(next, b.length));

const flipBytes: Mutate = (b, next) => {
  const out = b.slice();
  for (let i = 0, n = 1 + int(next, 8); i < n; i++) out[int(next, out.length)] = int(next, 256);
  return out;
};

/** Edit one part's XML (flip, cut, duplicate or insert junk), then zip it again: past the gate. */
const mutateXml: Mutate = (b, next) => {
  const files = unzipSync(b);
  const names = Object.keys(files).filter((n) => n.endsWith(".xml"));
  const name = names[int(next, names.length)]!;
  let xml = strFromU8(files[name]!);
  const at = int(next, xml.length);
  const kind = int(next, 4);
  if (kind === 0) xml = xml.slice(0, at) + String.fromCharCode(int(next, 128)) + xml.slice(at + 1);
  else if (kind === 1) xml = xml.slice(0, at) + xml.slice(at + 1 + int(next, 400));
  else if (kind === 2) xml = xml.slice(0, at) + xml.slice(at, at + int(next, 400)) + xml.slice(at);
  else xml = xml.slice(0, at) + JUNK[int(next, JUNK.length)] + xml.slice(at);
  files[name] = strToU8(xml);
  return zipSync(files, { level: int(next, 2) ? 6 : 0 });
};

const MUTATIONS = [truncate, flipBytes, mutateXml, mutateXml];

describe("uploading mutated workbooks", () => {
  it(`${RUNS} mutated and truncated workbooks: no 5xx, nothing stored`, async () => {
    const before = await snapshot();
    const next = rng(20261127);
    const statuses = new Map<number, number>();
    for (let i = 0; i < RUNS; i++) {
      const bytes = MUTATIONS[int(next, MUTATIONS.length)]!(base, next);
      const res = await call(PATH, {
        method: "PUT",
        token: clerk,
        raw: bytes as never,
        headers: {
          "Content-Type": XLSX,
          "Idempotency-Key": newKey(),
          "If-Match": '"gov-2021-2022-r9"',
        },
      });
      const text = await res.text();
      expect(res.status, `run ${i}: ${text}`).toBeLessThan(500);
      statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
    }
    expect(await snapshot()).toEqual(before);
    // Both ends were reached: files refused by the gate and files read to the end (412).
    expect(statuses.get(415)).toBeGreaterThan(50);
    expect(statuses.get(412)).toBeGreaterThan(50);
  }, 600_000);
});
