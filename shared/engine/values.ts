import * as z from "zod/mini";
import type { CellDef, Form } from "../forms/model";
import type { CellKind } from "../forms/schema";
import { formatNumber } from "./format";
import type { Issue } from "./issue";
import { SCALE } from "./scale";

export const MAX_COUNT = 9_999_999;
/** Amounts are stored to 4 decimal places; this bound keeps every sum exact in a double. */
export const MAX_AMOUNT = 99_999_999_999;

function hasAtMostFourDecimals(n: number): boolean {
  return Math.abs(Math.round(n * SCALE) - n * SCALE) < 1e-6 * Math.max(1, Math.abs(n));
}

/** The strict value schema of one cell kind (what the API accepts for a cell). */
export function cellValueSchema(kind: CellKind) {
  return SCHEMAS[kind];
}

function buildSchema(kind: CellKind) {
  const base = z.number({ error: "not_a_number" });
  switch (kind) {
    case "count":
      return base.check(
        z.int({ error: "not_integer" }),
        z.gte(0, { error: "negative" }),
        z.lte(MAX_COUNT, { error: "too_large" }),
      );
    case "amount":
      return base.check(
        z.gte(0, { error: "negative" }),
        z.lte(MAX_AMOUNT, { error: "too_large" }),
        z.refine(hasAtMostFourDecimals, { error: "too_many_decimals" }),
      );
    case "change":
      return base.check(
        z.int({ error: "not_integer" }),
        z.gte(-MAX_COUNT, { error: "too_small" }),
        z.lte(MAX_COUNT, { error: "too_large" }),
      );
  }
}

/**
 * The common case (a plain valid number) without zod's overhead: 20× faster on a full form.
 * Must agree with the zod schema exactly; a property test holds it to that.
 */
export function acceptsFast(kind: CellKind, n: number): boolean {
  if (!Number.isFinite(n)) return false;
  switch (kind) {
    case "count":
      return Number.isInteger(n) && n >= 0 && n <= MAX_COUNT;
    case "change":
      return Number.isInteger(n) && n >= -MAX_COUNT && n <= MAX_COUNT;
    case "amount":
      return n >= 0 && n <= MAX_AMOUNT && hasAtMostFourDecimals(n);
  }
}

const SCHEMAS = {
  count: buildSchema("count"),
  amount: buildSchema("amount"),
  change: buildSchema("change"),
};

/** The strict schema of a whole values object of a form: known cells only, numbers only. */
export function formValuesSchema(form: Form) {
  const shape: Record<string, z.ZodMiniOptional<ReturnType<typeof cellValueSchema>>> = {};
  for (const cell of form.cells) shape[cell.id] = z.optional(cellValueSchema(cell.kind));
  return z.strictObject(shape);
}

export type CellValues = Record<string, number>;

type ProblemCode =
  | "not_a_number"
  | "not_finite"
  | "not_integer"
  | "negative"
  | "too_large"
  | "too_small"
  | "too_many_decimals"
  | "unknown_cell";

function describe(value: unknown): string {
  if (typeof value === "string") return `"${value.length > 40 ? value.slice(0, 40) + "…" : value}"`;
  if (typeof value === "number") return Number.isNaN(value) ? "NaN" : String(value);
  if (value === undefined) return "undefined";
  try {
    return JSON.stringify(value)?.slice(0, 40) ?? String(value);
  } catch {
    return String(value);
  }
}

function valueMessage(
  code: ProblemCode,
  cell: CellDef | undefined,
  id: string,
  value: unknown,
): { zh: string; en: string } {
  const shown = describe(value);
  const zhName = cell ? `「${cell.label.zh}」` : `「${id}」`;
  const enName = cell ? `"${cell.label.en}"` : `"${id}"`;
  const limit = cell?.kind === "amount" ? formatNumber(MAX_AMOUNT) : formatNumber(MAX_COUNT);
  switch (code) {
    case "unknown_cell":
      return { zh: `报表中没有单元格 ${zhName}`, en: `The form has no cell ${enName}` };
    case "not_a_number":
      return {
        zh: `${zhName}应填写数字,收到 ${shown}`,
        en: `${enName} must be a number, got ${shown}`,
      };
    case "not_finite":
      return {
        zh: `${zhName}应填写有限的数字,收到 ${shown}`,
        en: `${enName} must be a finite number, got ${shown}`,
      };
    case "not_integer":
      return {
        zh: `${zhName}应填写整数,收到 ${shown}`,
        en: `${enName} must be a whole number, got ${shown}`,
      };
    case "negative":
      return {
        zh: `${zhName}不能为负数,收到 ${shown}`,
        en: `${enName} cannot be negative, got ${shown}`,
      };
    case "too_large":
      return {
        zh: `${zhName}不能超过 ${limit},收到 ${shown}`,
        en: `${enName} cannot exceed ${limit}, got ${shown}`,
      };
    case "too_small":
      return {
        zh: `${zhName}不能小于 -${limit},收到 ${shown}`,
        en: `${enName} cannot be below -${limit}, got ${shown}`,
      };
    case "too_many_decimals":
      return {
        zh: `${zhName}最多保留 4 位小数,收到 ${shown}`,
        en: `${enName} allows at most 4 decimal places, got ${shown}`,
      };
  }
}

export function valueIssue(code: ProblemCode, form: Form, id: string, value: unknown): Issue {
  const cell = form.cellById.get(id);
  const message = valueMessage(code, cell, id, value);
  return {
    rule: code === "unknown_cell" ? "unknown_cell" : "value",
    code,
    key: `value:${id}`,
    severity: "error",
    cell: id,
    cells: [id],
    left: typeof value === "number" && Number.isFinite(value) ? value : null,
    right: null,
    message_zh: message.zh,
    message_en: message.en,
  };
}

const NUMERIC_TEXT = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;

/**
 * Turn what a user typed (a JSON value or a worksheet cell) into a number: blank → absent,
 * numeric text → its number (Excel keeps text-formatted cells as strings), anything else stays
 * as it is so the schema reports it.
 */
export function coerceInput(value: unknown): unknown {
  if (value === null || value === undefined) return undefined;
  if (typeof value === "string") {
    const trimmed = value.trim().replace(/,/g, "");
    if (trimmed === "") return undefined;
    if (NUMERIC_TEXT.test(trimmed)) return Number(trimmed);
    return value;
  }
  return value;
}

/**
 * The number the rules read from a stored or typed value: numeric text coerced, then kept only
 * when valid for the cell's kind; anything else undefined (blank this year, not compared last
 * year). One reading for the engine and the workbook's 上年 sheet.
 */
export function acceptedValue(kind: CellKind, raw: unknown): number | undefined {
  const v = typeof raw === "string" ? coerceInput(raw) : raw;
  return typeof v === "number" && acceptsFast(kind, v) ? v : undefined;
}

export interface ParsedValues {
  /** Every valid value; a cell with an issue is left out (it counts as blank in the rules). */
  values: CellValues;
  issues: Issue[];
}

/**
 * Check raw values cell by cell against the form. Never throws, whatever it is given.
 * `lenient` accepts blanks and numeric text (worksheet input); the API passes strict numbers.
 */
export function parseValues(
  form: Form,
  raw: unknown,
  opts: { lenient?: boolean } = {},
): ParsedValues {
  if (raw === null || typeof raw !== "object" || Array.isArray(raw)) {
    return { values: {}, issues: [] };
  }
  const input = raw as Record<string, unknown>;
  // Fast path: every entry a known cell with a plain valid number (what the add-in and API send).
  let clean = true;
  for (const id in input) {
    const cell = form.cellById.get(id);
    const v = input[id];
    if (!cell || typeof v !== "number" || !acceptsFast(cell.kind, v)) {
      clean = false;
      break;
    }
  }
  // The input itself is returned (no copy): callers treat `values` as read-only.
  if (clean) return { values: input as CellValues, issues: [] };

  const values: CellValues = {};
  const issues: Issue[] = [];
  for (const [id, entry] of Object.entries(input)) {
    const cell = form.cellById.get(id);
    if (!cell) {
      issues.push(valueIssue("unknown_cell", form, id, entry));
      continue;
    }
    const value = opts.lenient === false ? entry : coerceInput(entry);
    if (value === undefined) continue;
    if (typeof value === "number" && acceptsFast(cell.kind, value)) {
      values[id] = value;
      continue;
    }
    if (typeof value === "number" && !Number.isFinite(value)) {
      issues.push(valueIssue(Number.isNaN(value) ? "not_a_number" : "not_finite", form, id, entry));
      continue;
    }
    const result = cellValueSchema(cell.kind).safeParse(value);
    if (result.success) {
      values[id] = result.data;
    } else {
      const code = (result.error.issues[0]?.message ?? "not_a_number") as ProblemCode;
      issues.push(valueIssue(code, form, id, entry));
    }
  }
  return { values, issues };
}
