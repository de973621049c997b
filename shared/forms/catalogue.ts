import gov2012 from "./definitions/gov-2012.json";
import gov2019 from "./definitions/gov-2019.json";
import gov2021 from "./definitions/gov-2021.json";
import haikou2009 from "./definitions/haikou-2009.json";
import { compileForm, servesYear, yearsText, type Form } from "./model";
import { coverage, inForce, inScope, sameScope, type UnitPath } from "./scope";

/**
 * The form catalogue. Adding a form is adding its definition file and listing it here; no other
 * module names a form.
 */
const DEFINITIONS: unknown[] = [gov2012, gov2019, gov2021, haikou2009];

export const FORMS: readonly Form[] = DEFINITIONS.map(compileForm);

const BY_ID = new Map(FORMS.map((f) => [f.id, f]));

export function getForm(id: string): Form | undefined {
  return BY_ID.get(id);
}

/** `《政府信息公开工作年度报告统计表》`: a form as people name it (its id only if unknown). */
export function formName(id: string, lang: "zh" | "en"): string {
  const title = BY_ID.get(id)?.title[lang];
  if (!title) return id;
  return lang === "zh" ? `《${title}》` : `"${title}"`;
}

/**
 * The national forms that serve a report year (normally one): the succession of national formats
 * (last year's report of the same unit, the hint for a wrong year). Local forms are left out: see
 * `formsInForce`.
 */
export function formsForYear(year: number): Form[] {
  return FORMS.filter((f) => f.scope === null && servesYear(f, year));
}

/** The forms a unit reports in a year: the national form and the local forms of its subtree. */
export function formsInForce(path: UnitPath, year: number): Form[] {
  return FORMS.filter((f) => inForce(f, path, year));
}

/**
 * The forms a supervisor of the unit can consolidate for a year: those in force anywhere in its
 * subtree, with how much of it they cover (`rootsBelow`: see `coverage` in ./scope).
 */
export function formsForSubtree(
  path: UnitPath,
  year: number,
  rootsBelow: Iterable<string>,
): { form: Form; coverage: "all" | "part" }[] {
  const below = [...rootsBelow];
  const out: { form: Form; coverage: "all" | "part" }[] = [];
  for (const form of FORMS) {
    if (!servesYear(form, year)) continue;
    const c = coverage(form, path, below);
    if (c !== "none") out.push({ form, coverage: c });
  }
  return out;
}

export type FormLookup =
  | { ok: true; form: Form }
  | {
      ok: false;
      code: "unknown_form" | "year_not_served";
      message: { zh: string; en: string };
      /** The ids of the forms that serve the year instead: for a program (the CLI's --form). */
      instead?: string[];
    };

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
    // Read by people (the page, the pane): forms by their titles, never by id (issue 23.4).
    const others = Number.isInteger(year)
      ? FORMS.filter((f) => sameScope(f, form) && servesYear(f, year))
      : [];
    const local = form.scope?.label;
    const zhHint = others.length
      ? `,${year} 年应使用${others.map((f) => `《${f.title.zh}》`).join("、")}`
      : `,目前还没有适用于 ${year} 年的${local ? `${local.zh}地方` : ""}报表`;
    const enHint = others.length
      ? `; use ${others.map((f) => `"${f.title.en}"`).join(", ")} for ${year}`
      : `; there is no ${local ? `local form of ${local.en}` : "form"} for ${year} yet`;
    return {
      ok: false,
      code: "year_not_served",
      instead: others.map((f) => f.id),
      message: {
        zh: `《${form.title.zh}》不适用于 ${year} 年度(适用 ${yearsText(form, "zh")})${zhHint}`,
        en: `"${form.title.en}" does not serve report year ${year} (it serves ${yearsText(form, "en")})${enHint}`,
      },
    };
  }
  return { ok: true, form };
}

export type UnitFormLookup =
  FormLookup | { ok: false; code: "not_in_scope"; message: { zh: string; en: string } };

/** `lookupForm`, and the form must be in force for the unit (a local form only in its scope). */
export function lookupFormForUnit(id: string, year: number, path: UnitPath): UnitFormLookup {
  const found = lookupForm(id, year);
  if (!found.ok || inScope(found.form, path)) return found;
  const { scope } = found.form;
  return {
    ok: false,
    code: "not_in_scope",
    message: {
      zh: `《${found.form.title.zh}》是${scope?.label.zh ?? ""}的地方报表,只适用于其所属单位`,
      en: `"${found.form.title.en}" is a local form of ${scope?.label.en ?? ""} and applies only to its units`,
    },
  };
}

export type { Form, CellDef, RuleInstance } from "./model";
