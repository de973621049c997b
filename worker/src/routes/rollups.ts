import { disposition } from "../http/disposition";
import { Hono } from "hono";
import { CompletenessModeSchema, IncludeSchema } from "../../../shared/api/schemas";
import type { PublishQuery } from "../../../shared/api/supervision";
import type { AuthedEnv } from "../app-env";
import { problems } from "../http/problem";
import { rollupCsvStream } from "../export/rollup-csv";
import { rollupJsonStream } from "../export/rollup-json";
import { rollupXlsx } from "../export/rollup-xlsx";
import { publishQuery, publishResponse, publishedValues } from "../export/publish";
import { formYear } from "../middleware/form-year";
import { unitScope } from "../middleware/unit-scope";
import { rollupFigures, rollupPages, wholeRollup, type RollupQuery } from "../services/rollup";

/**
 * The largest subtree whose completeness an xlsx export lists (env XLSX_MAX_UNITS overrides): the
 * workbook is built in memory by exceljs, which needs ~128 MB, a Worker's limit, for ~13,000
 * (docs/PERFORMANCE.md, "Printing").
 */
const MAX_XLSX_UNITS = 10_000;

const FORMATS = ["json", "csv", "xlsx"] as const;

/** The query of a rollup request: `format`, `completeness`, `include` (400 for unknown values). */
function rollupQuery(query: (k: string) => string | undefined) {
  const format = query("format") ?? "json";
  if (!(FORMATS as readonly string[]).includes(format)) {
    throw problems.badRequest(
      "invalid-format",
      `不支持的格式「${format.slice(0, 20)}」(可用:json、csv、xlsx)。`,
      `Unsupported format "${format.slice(0, 20)}" (json, csv, xlsx).`,
    );
  }
  const mode = CompletenessModeSchema.safeParse(query("completeness") ?? "all");
  if (!mode.success) {
    throw problems.badRequest(
      "invalid-completeness",
      "completeness 参数应为 all、missing 或 none。",
      "The completeness parameter must be all, missing or none.",
    );
  }
  const include = IncludeSchema.safeParse(query("include") ?? "submitted");
  if (!include.success) {
    throw problems.badRequest(
      "invalid-include",
      "include 参数应为 submitted、accepted 或 confirmed。",
      "The include parameter must be submitted, accepted or confirmed.",
    );
  }
  return { format: format as (typeof FORMATS)[number], mode: mode.data, include: include.data };
}

/**
 * A rollup's totals published (`?format=html|docx`): the public version, so no internal note of
 * how many units reported (the 报送情况 sheet says that to the supervisor).
 */
async function publishRollup(
  db: D1Database,
  publish: PublishQuery,
  at: Omit<RollupQuery, "include" | "mode">,
): Promise<Response> {
  const head = await rollupFigures(db, { ...at, include: "submitted", mode: "none" });
  return publishResponse(publish, at.form, publishedValues(head.values), {
    unit: head.unit.name,
    year: at.year,
    file: `rollup-${head.unit.code}-${at.form.id}-${at.year}`,
  });
}

/** GET /units/:code/rollups/:form/:year (?format=json|csv|xlsx, ?completeness, ?include). */
export const rollups = new Hono<AuthedEnv>().get(
  "/units/:code/rollups/:form/:year",
  unitScope("rollup"),
  formYear("subtree"),
  async (c) => {
    const { unit, form, year, scopeRoots: roots } = c.var;
    const publish = publishQuery((k) => c.req.query(k), FORMATS);
    if (publish) return publishRollup(c.env.DB, publish, { unit, form, year, roots });
    const { format, mode, include } = rollupQuery((k) => c.req.query(k));
    const q: RollupQuery = { unit, form, year, include, mode, roots };
    const head = await rollupFigures(c.env.DB, q);
    const file = (ext: string, type: string) => ({
      "Content-Type": type,
      "Content-Disposition": disposition(
        "attachment",
        `rollup-${unit.code}-${form.id}-${year}.${ext}`,
        `${unit.name}_${year}年${form.title.zh}_汇总.${ext}`,
      ),
    });
    if (format === "csv") {
      return new Response(rollupCsvStream(form, head, rollupPages(c.env.DB, q)), {
        headers: file("csv", "text/csv; charset=utf-8"),
      });
    }
    if (format === "xlsx") {
      const max = Number(c.env.XLSX_MAX_UNITS ?? MAX_XLSX_UNITS);
      const rollup = await wholeRollup(c.env.DB, q, head, max);
      return new Response(await rollupXlsx(form, rollup), {
        headers: file("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
      });
    }
    return new Response(rollupJsonStream(head, mode, rollupPages(c.env.DB, q)), {
      headers: { "Content-Type": "application/json; charset=utf-8" },
    });
  },
);
