import { strFromU8, unzipSync } from "fflate";
import { afterAll, describe, expect, it } from "vitest";
import { formatNumber } from "../engine/format";
import { getForm } from "../forms/catalogue";
import { reportStructure } from "../report/catalogue";
import { textsOf } from "../report/structure";
import { reportDocumentModel, type ReportInput } from "../report/document";
import { annualReportDocx } from "../report/docx";
import { consistentValues, rng } from "../testing/sample-report";
import { missingNumbers, printDocx, writerMissing, type Printed } from "./print-pdf";
import { NATIONAL_HEADINGS } from "../testing/report-headings";

function input(formId: string, seed: number): ReportInput {
  const form = getForm(formId)!;
  const structure = reportStructure(form)!;
  const values = consistentValues(form, rng(seed), 3000);
  const previous = consistentValues(form, rng(seed + 100), 3000);
  const texts = Object.fromEntries(
    textsOf(structure).map((t, i) => [
      t.id,
      `${t.heading?.zh ?? "本节"}第${i + 1}段:全面落实政务公开要求,编号X${seed}-${i}。\n\n第二段文字 Y${seed}-${i}。`,
    ]),
  );
  return { form, structure, values, previous, texts, unit: "苍南县教育局", year: 2022, lang: "zh" };
}

const CASES = [input("gov-2021", 4), input("gov-2019", 9), input("gov-2012", 5)];
const docs = await Promise.all(
  CASES.map(async (i) => ({ input: i, bytes: new Uint8Array(await annualReportDocx(i)) })),
);

describe.each(docs)("the annual report .docx of $input.form.id", ({ input: i, bytes }) => {
  const files = unzipSync(bytes);
  const xml = (p: string) => strFromU8(files[p]!);

  it("is an A4 official document: GB/T 9704 margins, fonts named with fallbacks, page numbers", () => {
    const doc = xml("word/document.xml");
    for (const m of doc.matchAll(/<w:pgSz ([^>]*)\/>/g)) {
      const w = Number(/w:w="(\d+)"/.exec(m[1]!)![1]);
      const h = Number(/w:h="(\d+)"/.exec(m[1]!)![1]);
      expect([w, h].sort()).toEqual([11906, 16838]);
    }
    expect(doc).toMatch(/<w:pgMar w:top="2098" w:right="1474" w:bottom="1984" w:left="1588"/);
    expect(doc).toContain('w:eastAsia="方正小标宋简体"');
    expect(doc).toContain('w:eastAsia="黑体"');
    // Second-level headings (the sub-parts of 总体情况) where the format has them.
    if (textsOf(i.structure).some((t) => t.heading))
      expect(doc).toContain('w:eastAsia="楷体_GB2312"');
    expect(xml("word/styles.xml")).toContain('w:eastAsia="仿宋_GB2312"');
    const fonts = xml("word/fontTable.xml");
    expect(fonts).toContain('<w:font w:name="仿宋_GB2312"><w:altName w:val="仿宋;FangSong');
    expect(fonts).toContain('<w:font w:name="方正小标宋简体"><w:altName');
    const footers = Object.keys(files).filter((p) => /^word\/footer\d*\.xml$/.test(p));
    expect(footers.length).toBeGreaterThan(0);
    expect(footers.some((p) => /PAGE/.test(xml(p)))).toBe(true);
  });

  it("repeats the header rows of every table", () => {
    const doc = xml("word/document.xml");
    const tables = doc.split("<w:tbl>").slice(1);
    const model = reportDocumentModel(i);
    const shown = model.parts.flatMap((p) => p.blocks.filter((b) => b.kind === "table"));
    expect(tables).toHaveLength(shown.length);
    for (const t of tables) expect(t).toContain("<w:tblHeader/>");
  });
});

const missing = writerMissing();
const CI = process.env.CI === "true" || process.env.CI === "1";
if (missing && !CI) console.warn(`\nannual report in LibreOffice skipped: ${missing}\n`);

describe.skipIf(missing !== null && !CI)("the annual report opened in LibreOffice Writer", () => {
  const printed: Printed[] = [];
  afterAll(() => printed.forEach((p) => p.dispose()));

  it.each(docs)(
    "$input.form.id: the PDF holds the headings in order, every figure of the tables and the typed texts",
    ({ input: i, bytes }) => {
      if (missing) throw new Error(`CI=true: ${missing}`);
      const p = printDocx(bytes, i.form.id);
      printed.push(p);
      const text = p.pages.join("\n");
      const flat = text.replace(/\s+/g, "");
      expect(flat).toContain("苍南县教育局2022年政府信息公开工作年度报告");
      let at = -1;
      const headings =
        i.form.id === "gov-2012"
          ? i.structure.parts.map((part) => part.heading.zh)
          : NATIONAL_HEADINGS;
      for (const h of headings) {
        const next = flat.indexOf(h, at + 1);
        expect(next, h).toBeGreaterThan(at);
        at = next;
      }
      const model = reportDocumentModel(i);
      const figures = model.parts.flatMap((part) =>
        part.blocks.flatMap((b) =>
          b.kind === "table"
            ? [...b.table.head, ...b.table.body].flatMap((r) =>
                r.filter((c) => c.kind === "value").map((c) => c.text),
              )
            : [],
        ),
      );
      expect(figures.length).toBeGreaterThan(20);
      expect(missingNumbers(text, figures)).toEqual([]);
      for (const [id, t] of Object.entries(i.texts))
        for (const line of t.split("\n").filter((l) => l.trim()))
          expect(flat, id).toContain(line.replace(/\s+/g, ""));
      // A figure of a generated sentence, beside its words.
      const received =
        i.form.id === "gov-2012"
          ? `本年度共收到政府信息公开申请${formatNumber(i.values["requests.total.n"]!)}件`
          : `本年度共新收政府信息公开申请${formatNumber(i.values["requests.new.total"]!)}件`;
      expect(flat).toContain(received);
      expect(p.pages.length).toBeGreaterThan(2);
    },
    180_000,
  );
});
