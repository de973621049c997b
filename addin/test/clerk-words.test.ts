/**
 * Issue 23, item 4: no clerk- or supervisor-facing text says If-Match, ETag, HTTP, a status code
 * or a form id. Read over every message table (the pane's, the administrator's, the page's, the
 * problem titles), in zh-CN and en-US; the rendered page is checked in the e2e day and in
 * files-page.test.ts, the pane's form picker in view.test.ts, the administrator's sheets (forms
 * by name, China time; a period's id only where 关闭 reads it) in admin.test.ts.
 */
import { describe, expect, it } from "vitest";
import { PROBLEM_TYPES } from "../../shared/api/problems";
import { JARGON } from "../../shared/testing/clerk-words";
import { TABLES } from "../src/common/i18n";
import { ADMIN_TABLES } from "../src/common/admin-text";
import { FILES_TEXT } from "../src/pane/view/files";
import { TEXTS_TEXT } from "../src/pane/view/report-texts";

/** Every text of a table: strings, and what its functions say for sample arguments. */
function texts(table: unknown, at = ""): [string, string][] {
  if (typeof table === "string") return [[at, table]];
  if (typeof table === "function") {
    const args = Array.from({ length: (table as () => unknown).length }, (_, i) =>
      i % 2 ? "某单位" : 3,
    );
    return texts((table as (...a: unknown[]) => unknown)(...args), at);
  }
  if (Array.isArray(table)) return table.flatMap((x, i) => texts(x, `${at}[${i}]`));
  if (table && typeof table === "object")
    return Object.entries(table).flatMap(([k, v]) => texts(v, at ? `${at}.${k}` : k));
  return [];
}

const tables: Record<string, unknown> = {
  pane: TABLES,
  admin: ADMIN_TABLES,
  page: FILES_TEXT,
  reportTexts: TEXTS_TEXT,
  problemTitles: Object.fromEntries(
    Object.entries(PROBLEM_TYPES).map(([slug, p]) => [slug, p.title]),
  ),
};

describe("the words clerks and supervisors read", () => {
  for (const [name, table] of Object.entries(tables)) {
    it(`${name}: no If-Match, ETag, HTTP, status code or form id, in zh-CN and en-US`, () => {
      const all = texts(table);
      expect(all.length).toBeGreaterThan(5);
      expect(all.filter(([, text]) => JARGON.test(text))).toEqual([]);
    });
  }

  it("the check itself catches each kind of jargon", () => {
    for (const bad of [
      "请在 If-Match 中带上",
      "ETag 不符",
      "HTTP 412",
      "错误 428",
      "报表 gov-2021",
    ])
      expect(JARGON.test(bad), bad).toBe(true);
    for (const fine of [
      "已报送第 412 个",
      "总计为 412,但各类申请人之和为 503",
      "满分 100 分",
      "《政府信息公开工作年度报告统计表》",
    ])
      expect(JARGON.test(fine), fine).toBe(false);
  });
});
