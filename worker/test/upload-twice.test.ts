/**
 * Issue 23: a clerk uploads a report file, fixes the same file and uploads it again — stored, no
 * proof asked. A file based on a revision someone else replaced since is refused in plain words,
 * and stored only when the clerk explicitly overwrites that revision. Programs keep If-Match.
 */
import { env } from "cloudflare:test";
import { beforeAll, describe, expect, it } from "vitest";
import { ReportSchema, type Problem } from "../../shared/api/schemas";
import { layoutForm } from "../../shared/layout/grid";
import { fillXlsx } from "../../shared/testing/xlsx-fill";
import { readWorkbookFile } from "../../shared/workbook/read";
import {
  call,
  expectProblem,
  gov2021,
  newKey,
  putReport,
  seedToken,
  seedUnits,
  snapshot,
  validValues,
} from "./helpers";

const XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
const YEAR = 2022;
const UNIT = "520100001";
const PATH = `/units/${UNIT}/reports/gov-2021/${YEAR}`;
const inputs = layoutForm(gov2021(), "zh").inputs;

let clerk: string;
let colleague: string;
let supervisor: string;

beforeAll(async () => {
  await seedUnits([
    { code: "520100", name: "贵阳市", parent: null },
    { code: UNIT, name: "市司法局", parent: "520100" },
  ]);
  clerk = await seedToken(UNIT, "clerk");
  colleague = await seedToken(UNIT, "clerk");
  supervisor = await seedToken("520100", "supervisor");
});

async function download(token = clerk): Promise<Uint8Array> {
  const res = await call(`${PATH}?format=xlsx`, { token });
  expect(res.status).toBe(200);
  return new Uint8Array(await res.arrayBuffer());
}

const fill = (bytes: Uint8Array, cells: Record<string, number>) =>
  fillXlsx(
    bytes,
    Object.fromEntries(Object.entries(cells).map(([id, v]) => [inputs[id]!.address, v])),
  );

function upload(
  bytes: Uint8Array,
  query = "",
  token = clerk,
  headers: Record<string, string> = {},
) {
  return call(`${PATH}${query}`, {
    method: "PUT",
    token,
    raw: bytes as never,
    headers: { "Content-Type": XLSX, "Idempotency-Key": newKey(), ...headers },
  });
}

async function stored(res: Response): Promise<number> {
  expect(res.status, await res.clone().text()).toBe(201);
  return ReportSchema.parse(await res.json()).revision;
}

/** What a clerk reads of a problem: its title and detail, in both languages. */
const words = (p: Problem) => [p.title, p.title_en ?? "", p.detail, p.detail_en].join("\n");

async function sources(): Promise<
  { revision: number; file_id: string | null; based_on: number | null }[]
> {
  const { results } = await env.DB.prepare(
    `SELECT r.revision, r.file_id, r.based_on FROM revisions r JOIN units u ON u.id = r.unit_id
      WHERE u.code = ?1 AND r.form = 'gov-2021' AND r.year = ?2 ORDER BY r.revision`,
  )
    .bind(UNIT, YEAR)
    .all<{ revision: number; file_id: string | null; based_on: number | null }>();
  return results;
}

describe("a report file uploaded twice", () => {
  it("each download carries its own file id beside the revision it was made at", async () => {
    const [a, b] = [await download(), await download()];
    const [ia, ib] = [
      (await readWorkbookFile(gov2021(), a)).identity,
      (await readWorkbookFile(gov2021(), b)).identity,
    ];
    expect(ia.revision).toBeNull();
    expect(ia.file).toMatch(/^[0-9a-f-]{36}$/);
    expect(ib.file).not.toBe(ia.file);
  });

  it("the same file: an error, a fix, stored; fixed again and uploaded again: stored again", async () => {
    const file = await download();
    const good = validValues(31);
    const broken = { ...good, "requests.new.natural": good["requests.new.natural"]! + 3 };
    await expectProblem(await upload(fill(file, broken)), 422, "validation-failed");
    expect(await stored(await upload(fill(file, good)))).toBe(1);
    // The clerk corrects one more figure in the very same file and uploads it again.
    const better = validValues(32);
    expect(await stored(await upload(fill(file, better)))).toBe(2);
    const fileId = (await readWorkbookFile(gov2021(), file)).identity.file;
    expect(await sources()).toEqual([
      { revision: 1, file_id: fileId, based_on: null },
      { revision: 2, file_id: fileId, based_on: null },
    ]);
    const cur = ReportSchema.parse(await (await call(PATH, { token: clerk })).json());
    expect(cur.values).toEqual(better);
  });

  it("a fresh download's file replaces the revision it was made at", async () => {
    const file = await download(colleague); // at r2
    expect((await readWorkbookFile(gov2021(), file)).identity.revision).toBe(2);
    expect(await stored(await upload(fill(file, validValues(33)), "", colleague))).toBe(3);
  });

  it("a file based on an older revision: who sent which 版次 when, and nothing stored", async () => {
    const old = await download(); // at r3
    // Meanwhile the colleague downloads, fixes and sends 第 4 版.
    expect(
      await stored(await upload(fill(await download(colleague), validValues(34)), "", colleague)),
    ).toBe(4);
    const before = await snapshot();
    const p = await expectProblem(await upload(fill(old, validValues(35))), 412);
    expect(p.detail).toContain("第 3 版下载");
    expect(p.detail).toContain("「市司法局」的填报员");
    expect(p.detail).toContain("第 4 版");
    expect(p.detail).toMatch(/\d{4}-\d\d-\d\d \d\d:\d\d/);
    expect(p.detail).toContain("请下载最新的报表文件");
    expect(p.detail).toContain("「仍用此文件覆盖」");
    expect(words(p)).not.toMatch(/If-Match|ETag|HTTP|412|gov-2021/);
    expect(p).toMatchObject({ currentRevision: 4, basedOn: 3 });
    expect(await snapshot()).toEqual(before);
    // Overwriting a revision that is not the current one is refused the same way.
    await expectProblem(await upload(fill(old, validValues(35)), "?overwrite=3"), 412);
    expect(await snapshot()).toEqual(before);
  });

  it("「仍用此文件覆盖」 stores the old file as a new revision recording its base", async () => {
    const old = await download(); // at r4
    const values = validValues(36);
    expect(
      await stored(await upload(fill(await download(colleague), validValues(37)), "", colleague)),
    ).toBe(5);
    await expectProblem(await upload(fill(old, values)), 412);
    expect(await stored(await upload(fill(old, values), "?overwrite=5"))).toBe(6);
    expect((await sources()).at(-1)).toMatchObject({ revision: 6, based_on: 4 });
    const cur = ReportSchema.parse(await (await call(PATH, { token: clerk })).json());
    expect(cur.values).toEqual(values);
  });

  it("programs keep If-Match: a stale one is refused even for a file, the JSON PUT needs one", async () => {
    const file = await download(); // at r6
    await expectProblem(
      await upload(fill(file, validValues(38)), "", clerk, { "If-Match": '"gov-2021-2022-r5"' }),
      412,
      "precondition-failed",
    );
    const p = await expectProblem(
      await putReport(clerk, UNIT, YEAR, { values: validValues(39) }),
      428,
      "precondition-required",
    );
    expect(p.currentETag).toBe('"gov-2021-2022-r6"');
    expect(words(p)).not.toMatch(/If-Match|ETag/);
    // A supervisor uploading the unit's file (fresh download) is stored like the clerk's.
    const forUnit = await download(supervisor);
    expect(await stored(await upload(fill(forUnit, validValues(40)), "", supervisor))).toBe(7);
  });
});
