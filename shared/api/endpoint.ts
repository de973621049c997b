import type * as z from "zod/mini";

/** One API call as data: the client's two faces (client.ts) send it and parse with `schema`. */
export interface Endpoint<S extends z.core.$ZodType> {
  schema: S;
  method: string;
  path: string;
  body?: unknown;
  headers?: Record<string, string>;
}
