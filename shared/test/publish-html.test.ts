import { parse, type DefaultTreeAdapterTypes as T } from "parse5";
import { elements, text } from "../testing/html";
import { describe, expect, it } from "vitest";
import { formatNumber } from "../engine/format";
import { FORMS, getForm } from "../forms/catalogue";
import { layoutForm } from "../layout";
import { reportHtml } from "../publish/html";
import { consistentValues, rng } from "../testing/sample-report";

type Element = T.Element;

const attr = (e: Element, name: string) => e.attrs.find((a) => a.name === name)?.value;

/**
 * The HTML table model: every cell placed on a grid honouring rowspan/colspan, row groups
 * (thead, tbody) kept apart. Fails on overlapping cells, ragged rows or a rowspan leaving its
 * group, the mistakes a browser would silently draw wrong.
 */
function grid(table: Element): string[][] {
  const out: string[][] = [];
  for (const group of table.childNodes.filter((n): n is Element => "tagName" in n)) {
    if (group.tagName !== "thead" && group.tagName !== "tbody") continue;
    const rows = group.childNodes.filter((n): n is Element => "tagName" in n && n.tagName === "tr");
    const base = out.length;
    rows.forEach(() => out.push([]));
    rows.forEach((tr, i) => {
      let col = 0;
      for (const cell of tr.childNodes.filter((n): n is Element => "tagName" in n)) {
        while (out[base + i]![col] !== undefined) col++;
        const rs = Number(attr(cell, "rowspan") ?? 1);
        const cs = Number(attr(cell, "colspan") ?? 1);
        expect(i + rs, "a rowspan stays inside its row group").toBeLessThanOrEqual(rows.length);
        for (let r = 0; r < rs; r++)
          for (let c = 0; c < cs; c++) {
            expect(out[base + i + r]![col + c], "cells do not overlap").toBeUndefined();
            out[base + i + r]![col + c] = r === 0 && c === 0 ? text(cell) : "";
          }
        col += cs;
      }
    });
  }
  const width = out[0]!.length;
  for (const row of out) {
    expect(row.length, "every row is as wide as the table").toBe(width);
    expect(row.includes(undefined as unknown as string)).toBe(false);
  }
  return out;
}

describe.each(FORMS.flatMap((f) => (["zh", "en"] as const).map((l) => [f.id, l, f] as const)))(
  "the published HTML of %s (%s)",
  (_id, lang, form) => {
    const values = consistentValues(form, rng(11), 5000);
    const html = reportHtml(form, values, {
      unit: "苍南县教育局",
      year: 2025,
      lang,
      document: true,
    });
    const errors: string[] = [];
    const doc = parse(html, { onParseError: (e) => errors.push(`${e.code} at ${e.startLine}`) });
    const layout = layoutForm(form, lang);
    const sections = layout.cells.filter((c) => c.role === "section").sort((a, b) => a.row - b.row);
    const tables = elements(doc, "table");

    it("parses without a single HTML parse error", () => {
      expect(errors).toEqual([]);
      expect(attr(elements(doc, "html")[0]!, "lang")).toBe(lang === "zh" ? "zh-CN" : "en");
    });

    it("has one table per table of the form, each with its caption and a thead", () => {
      expect(tables).toHaveLength(sections.length);
      tables.forEach((t, i) => {
        expect(text(elements(t, "caption")[0]!)).toBe(sections[i]!.text);
        expect(elements(t, "thead")).toHaveLength(1);
        expect(elements(t, "th").every((th) => attr(th, "scope") !== "")).toBe(true);
      });
    });

    it("puts every figure in the cell where the official form has it", () => {
      const grids = tables.map(grid);
      const drawn = [...new Set(layout.cells.map((c) => c.row))].sort((a, b) => a - b);
      for (const cell of form.cells) {
        const pos = layout.inputs[cell.id]!;
        let s = 0;
        sections.forEach((x, i) => (s = x.row < pos.row ? i : s));
        // The table's rows are the section's drawn rows, in order.
        const rows = drawn.filter(
          (r) => r > sections[s]!.row && r < (sections[s + 1]?.row ?? Infinity),
        );
        expect(grids[s]![rows.indexOf(pos.row)]![pos.col], cell.id).toBe(
          formatNumber(values[cell.id] ?? 0),
        );
      }
    });

    it("shows every label and header of the form", () => {
      const all = text(doc).replace(/[\u3000\u00a0]/g, "");
      for (const c of layout.cells)
        if (c.text && c.role !== "meta-label") expect(all).toContain(c.text);
    });

    it("carries no script, class or style beyond inline borders", () => {
      expect(elements(doc, "script")).toEqual([]);
      expect(elements(doc, "style")).toEqual([]);
      const allowed = new Set(["scope", "rowspan", "colspan", "style", "lang", "charset"]);
      const walk = (n: T.ParentNode): void => {
        for (const child of n.childNodes) {
          if (!("tagName" in child)) continue;
          for (const a of child.attrs) {
            expect(allowed.has(a.name), `${child.tagName}[${a.name}]`).toBe(true);
            if (a.name === "style") expect(a.value).toMatch(/^(border[^;]*;?)+$/);
          }
          walk(child);
        }
      };
      walk(doc);
    });
  },
);

describe("the published HTML", () => {
  const form = getForm("haikou-2009")!;

  it("escapes what the unit's name or a note holds", () => {
    const unit = `A&B <script>alert("x")</script>`;
    const html = reportHtml(form, {}, { unit, year: 2016, lang: "zh", note: "<b>汇总</b>" });
    const doc = parse(html);
    expect(elements(doc, "script")).toEqual([]);
    expect(elements(doc, "b")).toEqual([]);
    expect(text(doc)).toContain(unit);
    expect(text(doc)).toContain("<b>汇总</b>");
  });

  it("is a fragment to paste unless a whole document is asked for", () => {
    const html = reportHtml(
      form,
      { "proactive.total.n": 12 },
      { unit: "海口市教育局", year: 2016, lang: "zh" },
    );
    expect(html.startsWith("<h2>海口市政府信息公开工作年度报告附表</h2>")).toBe(true);
    expect(html).not.toContain("<html");
    expect(html).toContain("填报单位\uFF1A海口市教育局\u3000报告年度\uFF1A2016");
  });

  it("writes a rollup's totals with its note", () => {
    const html = reportHtml(
      form,
      { "requests.total.n": 31 },
      {
        unit: "海口市",
        year: 2016,
        lang: "zh",
        note: "汇总:2 个单位已通过审核",
      },
    );
    expect(html).toContain("<p>汇总:2 个单位已通过审核</p>");
    expect(html).toContain(">31</td>");
  });
});
