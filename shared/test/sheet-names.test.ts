/**
 * The form sheet's tab (shared/layout/sheet-names.ts): what a clerk reads, within Excel's rules,
 * and distinct from every other sheet a workbook of this product can hold.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { FORMS } from "../forms/catalogue";
import { servesYear } from "../forms/model";
import { FormDefinitionSchema } from "../forms/schema";
import {
  formSheetName,
  legacyFormSheetNames,
  legalSheetName,
  reviewSheetName,
  SHEET_NAME_MAX,
} from "../layout/sheet-names";
import type { Lang } from "../layout/types";
import { ROLLUP_SHEETS } from "../rollup";
import { text } from "../workbook/text";

const LANGS: Lang[] = ["zh", "en"];
/** Every report year a form can be asked for: open ranges bounded far beyond any real year. */
const YEARS = Array.from({ length: 2099 - 2000 + 1 }, (_, i) => 2000 + i);

/** Excel's rules for a sheet name (it compares names without regard to case). */
function expectLegal(name: string): void {
  expect(name.length).toBeGreaterThan(0);
  expect(name.length).toBeLessThanOrEqual(SHEET_NAME_MAX);
  expect(name).not.toMatch(/[[\]:*?/\\]/);
  expect(name).not.toMatch(/^'|'$/);
  expect(name.trim()).toBe(name);
  expect(name).not.toMatch(/[\uD800-\uDBFF]$/);
}

describe("the form sheet's tab", () => {
  it("reads as a clerk names the form: the year and its short title, no form id", () => {
    const gov2021 = FORMS.find((f) => f.id === "gov-2021")!;
    expect(formSheetName(gov2021, 2024, "zh")).toBe("2024年 年报统计表");
    expect(formSheetName(gov2021, 2024, "en")).toBe("2024 Statistics");
    for (const form of FORMS) {
      for (const lang of LANGS) {
        const name = formSheetName(form, 2024, lang);
        expect(name).toContain(form.shortTitle[lang]);
        expect(name).not.toContain(form.id);
      }
    }
  });

  it("is a name Excel accepts, for every form, year and language", () => {
    for (const form of FORMS)
      for (const year of YEARS)
        for (const lang of LANGS) expectLegal(formSheetName(form, year, lang));
  });

  it("is distinct from every other sheet of its workbook, and from every other form's and year's", () => {
    // In one workbook: the 校验 and 上年 sheets of each form inserted, the rollup's sheets, and (the
    // add-in inserts several) the sheets of other forms and years, named now or by earlier versions.
    const fixed = LANGS.flatMap((l) => [text(l).checksSheet, text(l).previousSheet]);
    const others = [...fixed, ...Object.values(ROLLUP_SHEETS)].map((n) => n.toLowerCase());
    const seen = new Map<string, string>();
    for (const form of FORMS) {
      for (const year of YEARS) {
        for (const lang of LANGS) {
          const name = formSheetName(form, year, lang).toLowerCase();
          expect(others).not.toContain(name);
          const legacy = FORMS.flatMap((f) => legacyFormSheetNames(f, year));
          expect(legacy.map((n) => n.toLowerCase())).not.toContain(name);
          const who = `${form.id} ${year} ${lang}`;
          // Two forms that serve the same year (a national and a local one) meet in one workbook.
          const clash = seen.get(`${lang}:${name}`);
          expect(clash, `${who} and ${clash} share the tab "${name}"`).toBeUndefined();
          seen.set(`${lang}:${name}`, who);
        }
      }
    }
    // The forms in force together in one year, by name in either language.
    for (const year of YEARS) {
      const inForce = FORMS.filter((f) => servesYear(f, year));
      const names = inForce.flatMap((f) => LANGS.map((l) => formSheetName(f, year, l)));
      expect(new Set(names.map((n) => n.toLowerCase())).size).toBe(names.length);
    }
  });

  it("stays legal and keeps the year for any short title the schema accepts", () => {
    const def = FORMS[0]!.definition;
    fc.assert(
      fc.property(
        fc.string({ minLength: 1, maxLength: 40 }),
        fc.integer({ min: 1900, max: 9999 }),
        (title, year) => {
          const parsed = FormDefinitionSchema.safeParse({
            ...def,
            shortTitle: { zh: title, en: title },
          });
          fc.pre(parsed.success);
          for (const lang of LANGS) {
            const name = formSheetName({ shortTitle: { zh: title, en: title } }, year, lang);
            expectLegal(name);
            // Nothing the schema accepts is cut: the whole title is on the tab.
            expect(name).toContain(title);
            expect(name.startsWith(String(year))).toBe(true);
          }
        },
      ),
    );
  });

  it("makes any text a legal sheet name", () => {
    fc.assert(
      fc.property(fc.string({ unit: "binary", maxLength: 80 }), (s) =>
        expectLegal(legalSheetName(s)),
      ),
    );
  });

  it("is what the form schema holds the short title to", () => {
    const def = FORMS[0]!.definition;
    const bad = ["", "年报[统计]", "a/b", "统计表'", "'统计表", " 统计表", "x".repeat(25)];
    for (const zh of bad) {
      const r = FormDefinitionSchema.safeParse({ ...def, shortTitle: { zh, en: "Statistics" } });
      expect(r.success, JSON.stringify(zh)).toBe(false);
    }
    const { shortTitle: _, ...without } = def;
    expect(FormDefinitionSchema.safeParse(without).success).toBe(false);
  });

  it("still knows the tabs earlier versions gave, to read files clerks downloaded before", () => {
    const gov2021 = FORMS.find((f) => f.id === "gov-2021")!;
    expect(legacyFormSheetNames(gov2021, 2024)).toEqual(
      expect.arrayContaining(["报表 gov-2021 2024", "报表 gov-2021"]),
    );
    expect(legacyFormSheetNames(gov2021, null)).not.toContain("报表 gov-2021 2024");
  });

  it("names a review sheet by the unit's name, legal however long or odd the name", () => {
    expect(reviewSheetName("审核", "苍南县教育局")).toBe("审核 苍南县教育局");
    fc.assert(
      fc.property(fc.string({ maxLength: 60 }), (unit) =>
        expectLegal(reviewSheetName("审核", unit)),
      ),
    );
    const long = "某某市某某区人民政府办公室政务公开科信息公开工作领导小组办公室";
    expect(reviewSheetName("审核", long)).toBe(`审核 ${long}`.slice(0, SHEET_NAME_MAX));
  });
});
