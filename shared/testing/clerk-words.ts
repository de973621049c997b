/**
 * Tests only: the words a clerk or supervisor must never read (issue 23): header names, HTTP,
 * status codes, form ids. The message tables' test and the e2e day's rendered page use it.
 */
import { FORMS } from "../forms/catalogue";

/** What a clerk must never read. */
export const JARGON = new RegExp(
  [
    "If-Match",
    "ETag",
    "\\bHTTP\\b",
    // A status code as such (a figure like 总计为 412 is data, not jargon).
    "(?:状态码|status|错误|error|code)\\s*[((]?\\s*[45][0-9]{2}\\b",
    ...FORMS.map((f) => `\\b${f.id}\\b`),
  ].join("|"),
  "i",
);
