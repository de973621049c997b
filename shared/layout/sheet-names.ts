/**
 * The form sheet's tab: the one place its name is made. A clerk reads 「2024年 年报统计表」, the
 * year and the form's short title (its definition's `shortTitle`), never a form id. No program
 * finds the sheet by this name: the workbook marks its form sheet (shared/workbook/names.ts
 * `FORM_SHEET_NAME`; the add-in's sheet-scoped `XXGK_FORM`), and the name is only the fallback
 * for a file whose names a program dropped.
 */
import type { Form } from "../forms/model";
import type { Lang } from "./types";

/** Excel's longest sheet name. */
export const SHEET_NAME_MAX = 31;
const FORBIDDEN = /[[\]:*?/\\]/g;

/**
 * A name Excel, WPS and LibreOffice accept for a sheet: none of `[]:*?/\`, at most 31
 * characters, no apostrophe at either end, not blank.
 */
export function legalSheetName(text: string): string {
  // Excel counts UTF-16 units; a pair cut in half is dropped, not left broken.
  const name = text
    .replace(FORBIDDEN, "_")
    .slice(0, SHEET_NAME_MAX)
    .replace(/[\uD800-\uDBFF]$/, "")
    .replace(/^[\s']+|[\s']+$/g, "");
  return name || "_";
}

/** 「2024年 年报统计表」 / "2024 Statistics": the tab of a form's sheet for a report year. */
export function formSheetName(form: Pick<Form, "shortTitle">, year: number, lang: Lang): string {
  const title = form.shortTitle[lang];
  return legalSheetName(lang === "zh" ? `${year}年 ${title}` : `${year} ${title}`);
}

/**
 * The tabs earlier versions gave the form sheet, 「报表 gov-2021 2024」 (the add-in) and
 * 「报表 gov-2021」 (the download), in either language: only to read files clerks downloaded
 * before, when a program dropped the workbook's names.
 */
export function legacyFormSheetNames(form: Pick<Form, "id">, year: number | null): string[] {
  const names: string[] = [];
  for (const word of ["报表", "Form"]) {
    const base = `${word} ${form.id}`;
    if (year !== null) names.push(legalSheetName(`${base} ${year}`));
    names.push(legalSheetName(base));
  }
  return names;
}

/**
 * A review sheet's tab: the word for it and the unit's name (「审核 市教育局」), never its code.
 * Two units of one name share the tab; the add-in shows one review at a time and redraws it.
 */
export function reviewSheetName(word: string, unitName: string): string {
  return legalSheetName(`${word} ${unitName}`);
}
