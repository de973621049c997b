import { Hono } from "hono";
import type { FormResponse, FormsResponse } from "../../../shared/api/schemas";
import { FORMS, type Form } from "../../../shared/forms/catalogue";
import { layoutForm } from "../../../shared/layout/index";
import type { AppEnv } from "../env";
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

/** GET /forms, GET /forms/:form: the catalogue and each definition with its layouts. */
export const forms = new Hono<AppEnv>()
  .get("/forms", (c) => {
    void c;
    const body: FormsResponse = {
      forms: FORMS.map((f) => ({ id: f.id, version: f.version, title: f.title, years: f.years })),
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
