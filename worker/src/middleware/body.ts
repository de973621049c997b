import type { MiddlewareHandler } from "hono";
import { validator } from "hono/validator";
import * as zc from "zod/v4/core";
import type { EnvWith } from "../env";
import { parseJson, readText, requireMediaType } from "../http/body";
import { problems } from "../http/problem";

/**
 * Read the body once, within the size limit and as strict UTF-8 (413 / 400), after checking its
 * media type (415); JSON must parse (400 `malformed-json`). The text is left in Hono's body cache,
 * where `c.req.text()` and the validator read it.
 */
export function readBody(...types: string[]): MiddlewareHandler<EnvWith> {
  return async (c, next) => {
    const type = requireMediaType(c.req.raw, types);
    const text = await readText(c.req.raw);
    if (type === "application/json") parseJson(text);
    // Hono keeps the body's promise here (its type says the value).
    (c.req.bodyCache as Record<string, unknown>).text = Promise.resolve(text);
    await next();
  };
}

/** What a body should look like, said in the 400 `invalid-body` problem. */
export interface BodyShape {
  zh: string;
  en: string;
}

/**
 * A JSON body read by `readBody` and checked with a shared zod schema through Hono's validator
 * (`c.req.valid("json")`), or 400 `invalid-body` listing the schema's complaints.
 */
export function jsonBody<S extends zc.$ZodType>(schema: S, shape: BodyShape) {
  return validator("json", (value): zc.output<S> => {
    const parsed = zc.safeParse(schema, value);
    if (!parsed.success) {
      throw problems.badRequest("invalid-body", shape.zh, shape.en, {
        errors: parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`),
      });
    }
    return parsed.data;
  });
}

const KEY = /^[\x21-\x7e]{1,200}$/;

/** The `Idempotency-Key` header: 1–200 visible ASCII characters; required or optional. */
export function idempotencyKey(required: boolean): MiddlewareHandler<EnvWith> {
  return async (c, next) => {
    const key = c.req.header("Idempotency-Key");
    if (required ? !key || !KEY.test(key) : key !== undefined && !KEY.test(key)) {
      throw problems.badRequest(
        "idempotency-key-required",
        required
          ? "提交报表需要 Idempotency-Key 请求头(1–200 个可见 ASCII 字符)。"
          : "Idempotency-Key 应为 1–200 个可见 ASCII 字符。",
        required
          ? "Submitting a report needs an Idempotency-Key header (1–200 visible ASCII characters)."
          : "The Idempotency-Key must be 1–200 visible ASCII characters.",
      );
    }
    await next();
  };
}
