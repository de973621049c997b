import type { MiddlewareHandler } from "hono";
import { lookupForm, lookupFormForUnit } from "../../../shared/forms/catalogue";
import { inScope } from "../../../shared/forms/scope";
import type { Form } from "../../../shared/forms/catalogue";
import type { EnvWith } from "../env";
import type { UnitVariables } from "./unit-scope";
import { scopeRootsBelow } from "../db/scope";
import { coverageAt } from "../domain/scope";
import { problems } from "../http/problem";

/** What formYear sets: the path's form and report year. */
export type FormYearVariables = {
  form: Form;
  year: number;
  /** A local form's scope roots in the path unit's subtree, when the unit is above the scope. */
  scopeRoots?: { code: string; path: string; units: number }[];
};

/**
 * The path's form and report year (`:form/:year`), served by the catalogue and in force where the
 * request acts: sets both, or 4xx. `unit` (a report): the form applies to the path's unit
 * (a local form only inside its scope, else 422 `form-not-in-scope`); `subtree` (a rollup, an
 * assessment): it applies somewhere in the unit's subtree, and `scopeRoots` says where.
 */
export function formYear(
  where: "unit" | "subtree" = "unit",
): MiddlewareHandler<EnvWith<FormYearVariables & Partial<UnitVariables>>> {
  return async (c, next) => {
    const yearText = c.req.param("year") ?? "";
    if (!/^\d{4}$/.test(yearText)) {
      throw problems.badRequest(
        "invalid-year",
        `报告年度应为四位数字,收到「${yearText.slice(0, 20)}」。`,
        `The report year must be four digits, got "${yearText.slice(0, 20)}".`,
      );
    }
    const year = Number(yearText);
    const id = c.req.param("form") ?? "";
    const unit = c.get("unit");
    const found =
      unit && where === "unit" ? lookupFormForUnit(id, year, unit.path) : lookupForm(id, year);
    if (!found.ok) throw problems.formLookup(found);
    const form = found.form;
    if (unit && where === "subtree" && form.scope && !inScope(form, unit.path)) {
      const roots = await scopeRootsBelow(c.env.DB, unit, form.scope.units);
      if (coverageAt(form, unit.path, roots) === "none") {
        const outside = lookupFormForUnit(id, year, unit.path);
        if (!outside.ok) throw problems.formLookup(outside);
      }
      c.set("scopeRoots", roots);
    }
    c.set("form", form);
    c.set("year", year);
    await next();
  };
}
