import { strFromU8, unzipSync } from "fflate";
import { parse } from "parse5";
import { elements, text } from "../../shared/testing/html";
import { beforeAll, describe, expect, it } from "vitest";
import { formatNumber } from "../../shared/engine/format";
import {
  gov2021,
  call,
  expectProblem,
  putReport,
  seedToken,
  seedUnits,
  validValues,
} from "./helpers";

/** The texts of every data cell of a parsed page, as a multiset. */
function cellTexts(html: string): Map<string, number> {
  const doc = parse(html);
  const out = new Map<string, number>();
  for (const td of elements(doc, "td")) {
    const t = text(td).trim();
    out.set(t, (out.get(t) ?? 0) + 1);
  }
  return out;
}

/** Every figure (the form's cells, zero where absent) printed the way the tables print it. */
function printed(values: Record<string, number>): Map<string, number> {
  const out = new Map<string, number>();
  for (const cell of gov2021().cells) {
    const t = formatNumber(values[cell.id] ?? 0);
    out.set(t, (out.get(t) ?? 0) + 1);
  }
  return out;
}

const root = "PB0";
const a = "PB1";
const b = "PB2";
let clerkA: string;
let clerkB: string;
let sup: string;
let valuesA: Record<string, number>;
let valuesB: Record<string, number>;

beforeAll(async () => {
  await seedUnits([
    { code: root, name: "发布县", parent: null },
    { code: a, name: "发布局甲", parent: root },
    { code: b, name: "发布局乙", parent: root },
  ]);
  clerkA = await seedToken(a, "clerk");
  clerkB = await seedToken(b, "clerk");
  sup = await seedToken(root, "supervisor");
  valuesA = validValues(31);
  valuesB = validValues(32);
  for (const [t, u, v] of [
    [clerkA, a, valuesA],
    [clerkB, b, valuesB],
  ] as const) {
    const res = await putReport(t, u, 2021, { values: v });
    expect(res.status, await res.clone().text()).toBe(201);
  }
});

describe("a report published (?format=html|docx)", () => {
  it("HTML: a page that parses, one table per section, every number in a cell, no script", async () => {
    const res = await call(`/units/${a}/reports/gov-2021/2021?format=html`, { token: clerkA });
    expect(res.status).toBe(200);
    expect(res.headers.get("Content-Type")).toContain("text/html");
    const html = await res.text();
    expect(html.startsWith("<!DOCTYPE html>")).toBe(true);
    const doc = parse(html);
    expect(elements(doc, "script")).toHaveLength(0);
    expect(elements(doc, "table").length).toBeGreaterThan(1);
    expect(elements(doc, "caption").length).toBe(elements(doc, "table").length);
    expect(text(elements(doc, "title")[0]!)).toContain("发布局甲");
    const cells = cellTexts(html);
    for (const [t, n] of printed(valuesA)) expect(cells.get(t) ?? 0).toBeGreaterThanOrEqual(n);
  });

  it("docx: a zip whose document holds every number and the unit, as a download", async () => {
    const res = await call(`/units/${a}/reports/gov-2021/2021?format=docx`, { token: clerkA });
    expect(res.status).toBe(200);
    expect(res.headers.get("Content-Disposition")).toBe(
      `attachment; filename="report-${a}-gov-2021-2021.docx"`,
    );
    const bytes = new Uint8Array(await res.arrayBuffer());
    expect([...bytes.slice(0, 2)]).toEqual([0x50, 0x4b]);
    const xml = strFromU8(unzipSync(bytes)["word/document.xml"]!);
    expect(xml).toContain("发布局甲");
    for (const t of printed(valuesA).keys()) expect(xml).toContain(`>${t}<`);
  });

  it("?lang=en labels the tables in English", async () => {
    const res = await call(`/units/${a}/reports/gov-2021/2021?format=html&lang=en`, {
      token: clerkA,
    });
    expect(await res.text()).toContain('<html lang="en">');
  });

  it("the same access as the JSON: another unit's clerk 403, unknown format 400", async () => {
    await expectProblem(
      await call(`/units/${a}/reports/gov-2021/2021?format=html`, { token: clerkB }),
      403,
      "forbidden",
    );
    await expectProblem(
      await call(`/units/${a}/reports/gov-2021/2021?format=pdf`, { token: clerkA }),
      400,
      "invalid-format",
    );
    await expectProblem(
      await call(`/units/${a}/reports/gov-2021/2021?format=html&lang=fr`, { token: clerkA }),
      400,
      "invalid-format",
    );
    await expectProblem(
      await call(`/units/${a}/reports/gov-2021/2022?format=docx`, { token: clerkA }),
      404,
      "report-not-found",
    );
  });
});

describe("a rollup's totals published", () => {
  const sum = () =>
    Object.fromEntries(
      gov2021().cells.map((c) => [c.id, (valuesA[c.id] ?? 0) + (valuesB[c.id] ?? 0)]),
    );

  it("HTML: the consolidated figures, without internal notes of who reported", async () => {
    const res = await call(`/units/${root}/rollups/gov-2021/2021?format=html`, { token: sup });
    expect(res.status, await res.clone().text()).toBe(200);
    const html = await res.text();
    expect(html).not.toContain("个已报送");
    expect(html).not.toContain("个单位中");
    const cells = cellTexts(html);
    for (const [t, n] of printed(sum())) expect(cells.get(t) ?? 0).toBeGreaterThanOrEqual(n);
  });

  it("docx: every consolidated number; a clerk may not have it", async () => {
    const res = await call(`/units/${root}/rollups/gov-2021/2021?format=docx`, { token: sup });
    expect(res.headers.get("Content-Disposition")).toContain(`rollup-${root}-gov-2021-2021.docx`);
    const xml = strFromU8(unzipSync(new Uint8Array(await res.arrayBuffer()))["word/document.xml"]!);
    for (const t of printed(sum()).keys()) expect(xml).toContain(`>${t}<`);
    await expectProblem(
      await call(`/units/${root}/rollups/gov-2021/2021?format=docx`, { token: clerkA }),
      403,
      "forbidden",
    );
  });
});
