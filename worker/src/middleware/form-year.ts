import type { MiddlewareHandler } from "hono";
import { lookupForm } from "../../../shared/forms/catalogue";
import type { AppEnv } from "../env";
import { problems } from "../http/problem";

/** The path's form and report year (`:form/:year`), served by the catalogue: sets both, or 4xx. */
export function formYear(): MiddlewareHandler<AppEnv> {
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
    const found = lookupForm(c.req.param("form") ?? "", year);
    if (!found.ok) throw problems.formLookup(found);
    c.set("form", found.form);
    c.set("year", year);
    await next();
  };
}
