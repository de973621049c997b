import { formatNumber } from "../engine/format";
import type { Form } from "../forms/model";
import type { SentenceBlock } from "./schema";

/**
 * A sentence template filled from a report: every figure is printed with the tables' own
 * formatter from the same values, so a sentence and its table cannot disagree.
 */

export type Lang = "zh" | "en";

export interface SentenceContext {
  form: Form;
  values: Readonly<Record<string, number>>;
  /** Last year's stored report of the same unit (cell id → value), or null when there is none. */
  previous: Readonly<Record<string, number>> | null;
  lang: Lang;
  unit: string;
  year: number;
}

/** A figure a sentence states: the cell and the text printed for it. */
export interface SentenceFigure {
  cell: string;
  text: string;
}

export interface RenderedSentence {
  id: string;
  text: string;
  /** The table figures the sentence states, in order. */
  figures: SentenceFigure[];
  /** The year-on-year clauses it holds (their numbers are differences, not table figures). */
  changes: string[];
}

/** `{cell}`, `{cell:change}`, `{cell|one|many}`, and the report's `{unit}` / `{year}`. */
const PLACEHOLDER = /\{([a-z0-9_.]+)(?::(change))?(?:\|([^|}]*)\|([^}]*))?\}/g;

export function figureOf(values: Readonly<Record<string, number>>, cell: string): string {
  return formatNumber(values[cell] ?? 0);
}

/** A share in per cent, one decimal at most (12.5, 300, 33.3). */
function percent(part: number, whole: number): string {
  return formatNumber(Math.round((part / whole) * 1000) / 10);
}

/**
 * The year-on-year clause of a cell: `,比上年增加3件、增长12.5%`, `,与上年持平`, or "" when last
 * year's report does not hold the cell.
 */
export function changeClause(ctx: SentenceContext, cell: string): string {
  const before = ctx.previous?.[cell];
  if (before === undefined || !Number.isFinite(before)) return "";
  const now = ctx.values[cell] ?? 0;
  const delta = Math.round((now - before) * 10_000) / 10_000;
  const size = formatNumber(Math.abs(delta));
  const unit = ctx.form.cellById.get(cell)?.unit.zh ?? "";
  const share = before > 0 ? percent(Math.abs(delta), before) : null;
  if (ctx.lang === "zh") {
    if (delta === 0) return ",与上年持平";
    const [more, rate] = delta > 0 ? ["增加", "增长"] : ["减少", "下降"];
    return `,比上年${more}${size}${unit}` + (share === null ? "" : `、${rate}${share}%`);
  }
  if (delta === 0) return ", the same as last year";
  const dir = delta > 0 ? "up" : "down";
  return `, ${dir} ${size}` + (share === null ? "" : ` (${share}%)`) + " on last year";
}

/** The variant that applies: the first whose `allZero` cells are all 0, or without a condition. */
function variantOf(block: SentenceBlock, values: Readonly<Record<string, number>>) {
  return (
    block.variants.find((v) => !v.allZero || v.allZero.every((c) => (values[c] ?? 0) === 0)) ??
    block.variants[block.variants.length - 1]!
  );
}

export function renderSentence(block: SentenceBlock, ctx: SentenceContext): RenderedSentence {
  const template = variantOf(block, ctx.values).text[ctx.lang];
  const figures: SentenceFigure[] = [];
  const changes: string[] = [];
  const text = template.replace(
    PLACEHOLDER,
    (whole, name: string, change?: string, one?: string, many?: string) => {
      if (name === "unit") return ctx.unit;
      if (name === "year") return String(ctx.year);
      if (!ctx.form.cellById.has(name)) return whole;
      if (change) {
        const clause = changeClause(ctx, name);
        if (clause) changes.push(clause);
        return clause;
      }
      const figure = figureOf(ctx.values, name);
      figures.push({ cell: name, text: figure });
      if (one === undefined) return figure;
      return `${figure} ${(ctx.values[name] ?? 0) === 1 ? one : many}`;
    },
  );
  return { id: block.id, text, figures, changes };
}

/** Every cell id a template names (to check a structure against its form). */
export function templateCells(template: string): string[] {
  return [...template.matchAll(PLACEHOLDER)]
    .map((m) => m[1]!)
    .filter((n) => n !== "unit" && n !== "year");
}
