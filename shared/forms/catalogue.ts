import gov2012 from "./definitions/gov-2012.json";
import gov2019 from "./definitions/gov-2019.json";
import gov2021 from "./definitions/gov-2021.json";
import { compileForm, servesYear, yearsText, type Form } from "./model";

/**
 * The form catalogue. Adding a form is adding its definition file and listing it here; no other
 * module names a form.
 */
const DEFINITIONS: unknown[] = [gov2012, gov2019, gov2021];

export const FORMS: readonly Form[] = DEFINITIONS.map(compileForm);

const BY_ID = new Map(FORMS.map((f) => [f.id, f]));

export function getForm(id: string): Form | undefined {
  return BY_ID.get(id);
}

/** The forms that serve a report year (normally one). */
export function formsForYear(year: number): Form[] {
  return FORMS.filter((f) => servesYear(f, year));
}

export type FormLookup =
  | { ok: true; form: Form }
  | { ok: false; code: "unknown_form" | "year_not_served"; message: { zh: string; en: string } };

/** Resolve a form id and report year, with a message a user can act on when they do not fit. */
export function lookupForm(id: string, year: number): FormLookup {
  const form = getForm(id);
  if (!form) {
    const known = FORMS.map((f) => f.id).join(", ");
    return {
      ok: false,
      code: "unknown_form",
      message: {
        zh: `没有名为「${id}」的报表(现有:${known})`,
        en: `No form "${id}" (known: ${known})`,
      },
    };
  }
  if (!Number.isInteger(year) || !servesYear(form, year)) {
    const others = Number.isInteger(year) ? formsForYear(year).map((f) => f.id) : [];
    const zhHint = others.length
      ? `,${year} 年应使用 ${others.join("、")}`
      : `,目前还没有适用于 ${year} 年的报表`;
    const enHint = others.length
      ? `; use ${others.join(", ")} for ${year}`
      : `; there is no form for ${year} yet`;
    return {
      ok: false,
      code: "year_not_served",
      message: {
        zh: `报表 ${form.id} 不适用于 ${year} 年度(适用 ${yearsText(form, "zh")})${zhHint}`,
        en: `Form ${form.id} does not serve report year ${year} (it serves ${yearsText(form, "en")})${enHint}`,
      },
    };
  }
  return { ok: true, form };
}

export type { Form, CellDef, RuleInstance } from "./model";
