import { env } from "cloudflare:test";
import { strFromU8, unzipSync } from "fflate";
import { parse } from "parse5";
import { beforeAll, describe, expect, it } from "vitest";
import type { ReportTexts } from "../../shared/api/report-texts";
import { formatNumber } from "../../shared/engine/format";
import { elements, text } from "../../shared/testing/html";
import {
  call,
  expectProblem,
  putReport,
  seedToken,
  seedUnits,
  snapshot,
  validValues,
} from "./helpers";
import { NATIONAL_HEADINGS } from "../../shared/testing/report-headings";

const root = "RD0";
const a = "RD1";
const b = "RD2";
let clerkA: string;
let clerkB: string;
let sup: string;
let valuesA: Record<string, number>;
let valuesB: Record<string, number>;
let last: Record<string, number>;

const TEXTS = (a: string) => `/units/${a}/reports/gov-2021/2021/texts`;
const putTexts = (token: string, unit: string, body: unknown, ifMatch?: string) =>
  call(TEXTS(unit), {
    method: "PUT",
    token,
    body,
    headers: ifMatch ? { "If-Match": ifMatch } : {},
  });
const review = (unit: string, body: unknown) =>
  call(`${TEXTS(unit)}/review`, { method: "POST", token: sup, body });
const textRows = async (unit: string) =>
  (
    await env.DB.prepare(
      `SELECT t.revision, t.action, t.status FROM report_texts t JOIN units u ON u.id = t.unit_id
        WHERE u.code = ?1 ORDER BY t.revision`,
    )
      .bind(unit)
      .all<{ revision: number; action: string; status: string }>()
  ).results;

const WRITTEN = {
  "overview.proactive": "本年度重点推进财政预决算公开。\n按时更新政策解读栏目。",
  "overview.requests": "依法规范答复,全年无超期答复。",
  "overview.management": "落实公开属性源头认定。",
  "overview.platform": "政府网站信息公开专栏运行平稳。",
  "overview.oversight": "将政务公开纳入年度考核。",
  problems: "主动公开的及时性有待提高。下一步将加强培训。",
  other: "无其他需要报告的事项。",
};

beforeAll(async () => {
  await seedUnits([
    { code: root, name: "文档县", parent: null },
    { code: a, name: "文档局甲", parent: root },
    { code: b, name: "文档局乙", parent: root },
  ]);
  clerkA = await seedToken(a, "clerk");
  clerkB = await seedToken(b, "clerk");
  sup = await seedToken(root, "supervisor");
  valuesA = validValues(61, 40);
  valuesB = validValues(62, 40);
  // Last year, under the 2019 format: the year-on-year clauses read it.
  last = validValues(63, 40, "gov-2019");
  const put2020 = await putReport(clerkA, a, 2020, { values: last }, { form: "gov-2019" });
  expect(put2020.status, await put2020.text()).toBe(201);
  for (const [t, u, v] of [
    [clerkA, a, valuesA],
    [clerkB, b, valuesB],
  ] as const) {
    // Against last year's report some figures draw warnings: each gets its 说明.
    const first = await putReport(t, u, 2021, { values: v });
    const explanations: Record<string, string> = {};
    if (first.status === 422)
      for (const i of ((await first.json()) as { issues: { key: string }[] }).issues)
        explanations[i.key] = "与上年统计口径不同,已逐项核实无误。";
    const put =
      first.status === 201 ? first : await putReport(t, u, 2021, { values: v, explanations });
    expect(put.status, await put.clone().text()).toBe(201);
  }
});

describe("the report's texts", () => {
  it("before anything is written: revision 0, no status, the structure with its six parts", async () => {
    const res = await call(TEXTS(a), { token: clerkA });
    expect(res.status).toBe(200);
    expect(res.headers.get("ETag")).toBe('"texts-0"');
    const body = (await res.json()) as ReportTexts;
    expect(body).toMatchObject({ revision: 0, status: null, texts: {}, remark: null });
    expect(body.structure.parts.map((p) => p.heading.zh)[4]).toBe("五、存在的主要问题及改进情况");
  });

  it("a draft is stored, audited, and a repeat of it stores nothing", async () => {
    const first = await putTexts(clerkA, a, { texts: { problems: "草稿一" } });
    expect(first.status).toBe(201);
    expect(first.headers.get("ETag")).toBe('"texts-1"');
    expect(((await first.json()) as ReportTexts).status).toBe("drafted");
    const again = await putTexts(clerkA, a, { texts: { problems: "草稿一" } });
    expect(again.status).toBe(200);
    expect(await textRows(a)).toEqual([{ revision: 1, action: "save", status: "drafted" }]);
    const audit = await env.DB.prepare(
      `SELECT action, target FROM audit_log WHERE action LIKE 'report-texts.%'`,
    ).all();
    expect(audit.results).toContainEqual({
      action: "report-texts.save",
      target: `${a}/gov-2021/2021`,
    });
  });

  it("a save from a stale copy, an unknown section or another unit's clerk changes nothing", async () => {
    const before = await snapshot();
    await expectProblem(
      await putTexts(clerkA, a, { texts: { problems: "另一稿" } }, '"texts-0"'),
      412,
      "precondition-failed",
    );
    const unknown = await expectProblem(
      await putTexts(clerkA, a, { texts: { summary: "x" } }),
      422,
      "unknown-text",
    );
    expect(unknown.detail).toContain("summary");
    await expectProblem(await putTexts(clerkB, a, { texts: { problems: "x" } }), 403, "forbidden");
    await expectProblem(await putTexts(sup, a, { texts: { problems: "x" } }), 403, "forbidden");
    await expectProblem(
      await putTexts(clerkA, a, { texts: { problems: "x".repeat(20_001) } }),
      400,
      "invalid-body",
    );
    expect(await snapshot()).toEqual(before);
  });

  it("is submitted, returned with a remark, resubmitted and accepted", async () => {
    const sub = await putTexts(clerkA, a, { texts: WRITTEN, submit: true }, '"texts-1"');
    expect(sub.status).toBe(201);
    await expectProblem(await review(a, { action: "return" }), 422, "reason-required");
    await expectProblem(
      await call(`${TEXTS(a)}/review`, {
        method: "POST",
        token: clerkA,
        body: { action: "accept" },
      }),
      403,
      "forbidden",
    );
    const back = await review(a, { action: "return", remark: "请补充依申请公开的办理时限情况。" });
    expect(back.status).toBe(201);
    const seen = (await (await call(TEXTS(a), { token: clerkA })).json()) as ReportTexts;
    expect(seen).toMatchObject({ status: "returned", remark: "请补充依申请公开的办理时限情况。" });
    await expectProblem(await review(a, { action: "accept" }), 409, "illegal-transition");
    const again = await putTexts(clerkA, a, {
      texts: {
        ...WRITTEN,
        "overview.requests": `${WRITTEN["overview.requests"]}\n平均办理时限为10个工作日。`,
      },
      submit: true,
    });
    expect(again.status).toBe(201);
    const ok = await review(a, { action: "accept" });
    expect(((await ok.json()) as ReportTexts).status).toBe("accepted");
    expect((await textRows(a)).map((r) => r.action)).toEqual([
      "save",
      "submit",
      "return",
      "submit",
      "accept",
    ]);
  });
});

describe("the report document", () => {
  it(".docx: the figures' sentences with last year's change, the tables and the typed texts", async () => {
    const res = await call(`/units/${a}/reports/gov-2021/2021/document?format=docx`, {
      token: clerkA,
    });
    expect(res.status).toBe(200);
    expect(res.headers.get("Content-Disposition")).toContain(
      `attachment; filename="report-${a}-gov-2021-2021.docx"`,
    );
    const xml = strFromU8(unzipSync(new Uint8Array(await res.arrayBuffer()))["word/document.xml"]!);
    const flat = xml.replace(/<[^>]+>/g, "");
    expect(flat).toContain("文档局甲2021年政府信息公开工作年度报告");
    const now = valuesA["requests.new.total"]!;
    const before = last["requests.new.total"]!;
    expect(flat).toContain(`本年度共新收政府信息公开申请${formatNumber(now)}件`);
    expect(flat).toMatch(now === before ? /与上年持平/ : /比上年(增加|减少)\d+件/);
    expect(flat).toContain("平均办理时限为10个工作日。");
    expect(flat).toContain("主动公开的及时性有待提高。下一步将加强培训。");
    for (const c of ["appeals.review.total", "requests.carried_out.total"])
      expect(xml).toContain(`>${formatNumber(valuesA[c]!)}<`);
  });

  it("HTML: one page with the six headings in order and the texts", async () => {
    const res = await call(`/units/${a}/reports/gov-2021/2021/document?format=html`, {
      token: sup,
    });
    expect(res.status).toBe(200);
    expect(res.headers.get("Content-Type")).toContain("text/html");
    const doc = parse(await res.text());
    expect(elements(doc, "h2").map(text)).toEqual(NATIONAL_HEADINGS);
    expect(elements(doc, "p").map(text)).toContain("按时更新政策解读栏目。");
    expect(elements(doc, "script")).toHaveLength(0);
  });

  it("for the 2019 format too; a year not reported and a form without a report format say so", async () => {
    const res = await call(`/units/${a}/reports/gov-2019/2020/document?format=html`, {
      token: clerkA,
    });
    expect(res.status).toBe(200);
    expect(await res.text()).toContain("国办公开办函〔2019〕60号");
    const old = await call(`/units/${b}/reports/gov-2012/2018/document?format=html`, {
      token: clerkB,
    });
    await expectProblem(old, 404, "report-not-found");
    // The local Haikou form has no annual report format: said plainly.
    await seedUnits([
      { code: "460000", name: "海南省", parent: null },
      { code: "460100", name: "海口市", parent: "460000" },
      { code: "460177", name: "海口市文档局", parent: "460100" },
    ]);
    const haikou = await seedToken("460177", "clerk");
    const none = await expectProblem(
      await call(`/units/460177/reports/haikou-2009/2015/document`, { token: haikou }),
      404,
      "no-report-structure",
    );
    expect(none.detail).toBe(
      "《海口市政府信息公开工作年度报告附表》尚未配置年度报告的格式,暂不能撰写报告文字或生成报告文档。",
    );
    await expectProblem(
      await call(`/units/${b}/reports/gov-2021/2021/document?format=pdf`, { token: clerkB }),
      400,
      "invalid-format",
    );
  });

  it("of a node: the consolidated figures and the node's own texts, written by its supervisor", async () => {
    const own = await putTexts(sup, root, { texts: { problems: "全县统筹推进,仍有差距。" } });
    expect(own.status).toBe(201);
    const res = await call(`/units/${root}/rollups/gov-2021/2021/document?format=html`, {
      token: sup,
    });
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain("全县统筹推进,仍有差距。");
    expect(html).toContain("本报告为文档县汇总报告:3 个单位中 2 个已报送统计表。");
    const total = valuesA["requests.new.total"]! + valuesB["requests.new.total"]!;
    expect(html).toContain(`本年度共新收政府信息公开申请${total}件`);
    await expectProblem(
      await call(`/units/${root}/rollups/gov-2021/2021/document`, { token: clerkA }),
      403,
      "forbidden",
    );
  });

  it("every unit's document in one zip, with an index of their statuses", async () => {
    const res = await call(`/units/${root}/rollups/gov-2021/2021/documents`, { token: sup });
    expect(res.status).toBe(200);
    expect(res.headers.get("Content-Type")).toBe("application/zip");
    const files = unzipSync(new Uint8Array(await res.arrayBuffer()));
    expect(Object.keys(files).sort()).toEqual(
      ["index.html", `${a}-文档局甲.docx`, `${b}-文档局乙.docx`].sort(),
    );
    const index = parse(strFromU8(files["index.html"]!));
    const rows = elements(index, "tbody")[0]!.childNodes.filter(
      (n) => "tagName" in n && n.tagName === "tr",
    );
    const cells = rows.map((r) => ("childNodes" in r ? r.childNodes.map(text) : []));
    expect(cells).toEqual([
      [a, "文档局甲", "已报送", "已通过", `${a}-文档局甲.docx`],
      [b, "文档局乙", "已报送", "未撰写", `${b}-文档局乙.docx`],
    ]);
    const docB = strFromU8(unzipSync(files[`${b}-文档局乙.docx`]!)["word/document.xml"]!);
    expect(docB).toContain("文档局乙2021年政府信息公开工作年度报告");
    // 甲 reported last year (2019 format): its document compares; 乙 did not: no comparison.
    const docA = strFromU8(unzipSync(files[`${a}-文档局甲.docx`]!)["word/document.xml"]!);
    expect(docA.replace(/<[^>]+>/g, "")).toMatch(/比上年(增加|减少)\d+件|与上年持平/);
    expect(docB.replace(/<[^>]+>/g, "")).not.toMatch(/比上年|与上年持平/);
  });
});
