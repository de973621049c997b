import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { getForm, type Form } from "../forms/catalogue";
import { contradictions } from "../report/checks";
import { compileStructure, formsWithReport, reportStructure } from "../report/catalogue";
import { reportDocumentModel, sentencesOf, type ReportDocumentModel } from "../report/document";
import { changeClause, renderSentence } from "../report/sentences";
import type { PublishedTable } from "../publish/tables";
import { valuesOf } from "./arbitraries";
import { NATIONAL_HEADINGS } from "../testing/report-headings";

const FORMS_WITH_REPORT = formsWithReport().map((id) => getForm(id)!);

/** The parts of each format: 2021 and 2019 share the six; the 2008 regulations' had seven. */
const HEADINGS: Record<string, string[]> = {
  "gov-2021": NATIONAL_HEADINGS,
  "gov-2019": NATIONAL_HEADINGS,
  "gov-2012": [
    "一、概述",
    "二、主动公开政府信息情况",
    "三、依申请公开政府信息和不予公开政府信息情况",
    "四、政府信息公开的收费及减免情况",
    "五、因政府信息公开申请行政复议、提起行政诉讼的情况",
    "六、政府信息公开工作存在的主要问题及改进情况",
    "七、其他需要报告的事项",
    "附:政府信息公开情况统计表",
  ],
};

/** Each figure of the document's tables by cell id, as printed. */
function tableFigures(doc: ReportDocumentModel): Map<string, string> {
  const out = new Map<string, string>();
  const tables: PublishedTable[] = doc.parts.flatMap((p) =>
    p.blocks.flatMap((b) => (b.kind === "table" ? [b.table] : [])),
  );
  for (const t of tables)
    for (const row of [...t.head, ...t.body])
      for (const c of row) if (c.cellId) out.set(c.cellId, c.text);
  return out;
}

/** Previous year: none, or any values of the same form. */
const previousOf = (form: Form) => fc.option(valuesOf(form, 60), { nil: null });

describe.each(FORMS_WITH_REPORT)("the annual report of $id", (form) => {
  const structure = reportStructure(form)!;

  it("has the parts of its format, in order", () => {
    expect(structure.parts.map((p) => p.heading.zh)).toEqual(HEADINGS[form.id]);
  });

  it("places each table of the form under the part the format puts it in", () => {
    const doc = reportDocumentModel({
      form,
      structure,
      values: Object.fromEntries(form.cells.map((c) => [c.id, 1])),
      previous: null,
      texts: {},
      unit: "苍南县教育局",
      year: 2022,
      lang: "zh",
    });
    for (const p of doc.parts)
      for (const b of p.blocks)
        if (b.kind === "table") {
          const section = form.definition.sections.find((s) => s.id === b.section)!;
          expect(b.table.caption).toBe(section.title.zh);
        }
    const where = (section: string) =>
      doc.parts.find((p) => p.blocks.some((b) => b.kind === "table" && b.section === section))!.id;
    if (form.id === "gov-2012") expect(where("main")).toBe("annex");
    else for (const t of ["proactive", "requests", "appeals"]) expect(where(t)).toBe(t);
  });

  it("states in every sentence exactly the figures its tables show (any report, any last year)", () => {
    fc.assert(
      fc.property(
        valuesOf(form, 60),
        previousOf(form),
        fc.constantFrom("zh" as const, "en" as const),
        (values, previous, lang) => {
          const doc = reportDocumentModel({
            form,
            structure,
            values,
            previous,
            texts: {},
            unit: "苍南县教育局",
            year: 2022,
            lang,
          });
          const table = tableFigures(doc);
          for (const s of sentencesOf(doc)) {
            // Each figure is the table's own text for that cell, and stands in the sentence in order.
            let from = 0;
            for (const f of s.figures) {
              expect(table.get(f.cell), `${s.id}: ${f.cell}`).toBe(f.text);
              const at = s.text.indexOf(f.text, from);
              expect(at, `${s.id}: ${f.text} in «${s.text}»`).toBeGreaterThanOrEqual(0);
              from = at + f.text.length;
            }
            // Every other number is the year or sits in a year-on-year clause.
            let rest = s.text;
            for (const c of s.changes) rest = rest.replace(c, " ");
            for (const f of s.figures) rest = rest.replace(f.text, " ");
            // The preamble's period and the format's document number.
            rest = rest.replace(/2022年1?2?月3?1日|〔\d{4}〕\d+号|1 January|31 December/g, " ");
            const stray = (rest.match(/\d+(\.\d+)?/g) ?? []).filter((n) => n !== "2022");
            expect(stray, `${s.id}: «${s.text}»`).toEqual([]);
            // The text check reads the generated sentence as consistent with the tables.
            if (lang === "zh")
              expect(contradictions(form, structure, values, "x", s.text), s.text).toEqual([]);
          }
        },
      ),
      { numRuns: 150 },
    );
  });
});

describe("year-on-year clauses", () => {
  const form = getForm("gov-2021")!;
  const structure = reportStructure(form)!;
  const ctx = (now: number, before: number | null, lang: "zh" | "en" = "zh") => ({
    form,
    values: { "requests.new.total": now },
    previous: before === null ? null : { "requests.new.total": before },
    lang,
    unit: "u",
    year: 2022,
  });
  const received = structure.parts[0]!.blocks.flatMap((b) =>
    b.kind === "text" && b.id === "overview.requests" ? b.lead! : [],
  )[0]!;

  it("read as a clerk would write them", () => {
    expect(changeClause(ctx(12, 8), "requests.new.total")).toBe(",比上年增加4件、增长50%");
    expect(changeClause(ctx(5, 8), "requests.new.total")).toBe(",比上年减少3件、下降37.5%");
    expect(changeClause(ctx(8, 8), "requests.new.total")).toBe(",与上年持平");
    expect(changeClause(ctx(3, 0), "requests.new.total")).toBe(",比上年增加3件");
    expect(changeClause(ctx(3, null), "requests.new.total")).toBe("");
    expect(changeClause(ctx(12, 8, "en"), "requests.new.total")).toBe(", up 4 (50%) on last year");
  });

  it("a report with no request says so instead of 0 件, and one request is singular in English", () => {
    const none = renderSentence(received, { ...ctx(0, 2), values: {} });
    expect(none.text).toBe("本年度未收到政府信息公开申请,也无上年结转的申请。");
    const one = renderSentence(received, { ...ctx(1, null, "en") });
    expect(one.text).toMatch(/^This year 1 new request was received, and 0 requests were/);
    const two = renderSentence(received, ctx(2, 1));
    expect(two.text).toMatch(
      /^本年度共新收政府信息公开申请2件,比上年增加1件、增长100%,上年结转0件/,
    );
  });
});

describe("a report structure", () => {
  const good = structuredClone(reportStructure("gov-2021")!);

  it("naming a cell its form lacks is refused when loaded", () => {
    const bad = structuredClone(good);
    bad.terms.push({ cell: "requests.nope.total", zh: ["新收"] });
    expect(() => compileStructure(bad)).toThrow(/unknown cell "requests.nope.total"/);
  });

  it("leaving out a table of the form is refused when loaded", () => {
    const bad = structuredClone(good);
    bad.parts[2]!.blocks = [];
    expect(() => compileStructure(bad)).toThrow(/are not the form's tables/);
  });
});
