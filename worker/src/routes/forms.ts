import { Hono } from "hono";
import type { FormResponse, FormsResponse } from "../../../shared/api/schemas";
import { FORMS, type Form } from "../../../shared/forms/catalogue";
import { layoutForm } from "../../../shared/layout/index";
import { scopeRoots } from "../../../shared/forms/scope";
import type { AuthedEnv } from "../app-env";
import { scopeRootsBelow } from "../db/scope";
import { coverageAt } from "../domain/scope";
import { HttpProblem } from "../http/problem";
import { json } from "../http/respond";

const layoutCache = new Map<string, Record<string, unknown>>();
/** The form's worksheet layouts (zh, en), computed once per isolate. */
function layoutsOf(form: Form): Record<string, unknown> {
  let out = layoutCache.get(form.id);
  if (!out) {
    out = { zh: layoutForm(form, "zh"), en: layoutForm(form, "en") };
    layoutCache.set(form.id, out);
  }
  return out;
}

function unknownForm(id: string): HttpProblem {
  const known = FORMS.map((f) => f.id).join(", ");
  return new HttpProblem(
    "unknown-form",
    `没有名为「${id.slice(0, 40)}」的报表(现有:${known})`,
    `No form "${id.slice(0, 40)}" (known: ${known})`,
  );
}

/**
 * GET /forms, GET /forms/:form: the catalogue and each definition with its layouts. The list
 * offers the caller only the forms in force where it works: a clerk the national forms and the
 * local forms of its unit; a supervisor or admin also the local forms of scopes in its subtree.
 */
export const forms = new Hono<AuthedEnv>()
  .get("/forms", async (c) => {
    const p = c.var.principal;
    const roots =
      p.role === "clerk" ? [] : await scopeRootsBelow(c.env.DB, p.unit, scopeRoots(FORMS));
    const offered = FORMS.filter((f) => coverageAt(f, p.unit.path, roots) !== "none");
    const body: FormsResponse = {
      forms: offered.map((f) => ({ id: f.id, version: f.version, title: f.title, years: f.years })),
    };
    return json(body);
  })
  .get("/forms/:form", (c) => {
    const form = FORMS.find((f) => f.id === c.req.param("form"));
    if (!form) throw unknownForm(c.req.param("form"));
    const body: FormResponse = {
      id: form.id,
      version: form.version,
      title: form.title,
      years: form.years,
      definition: form.definition,
      layouts: layoutsOf(form),
    };
    return json(body);
  });
