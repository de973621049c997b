/**
 * The API's problem types (RFC 9457, `application/problem+json`): every slug the Worker answers
 * with, its HTTP status and its title in zh-CN and en-US. The Worker builds its problems from this
 * table; clients (the add-in) recognise them by slug. The problem's `detail` / `detail_en` say what
 * exactly went wrong.
 */

export const PROBLEM_TYPE_BASE = "https://xxgk-tables.dev/problems/";

interface ProblemType {
  status: number;
  title: { zh: string; en: string };
}

const t = (status: number, zh: string, en: string): ProblemType => ({
  status,
  title: { zh, en },
});

export const PROBLEM_TYPES = {
  "malformed-json": t(400, "请求体不是有效的 JSON", "Malformed JSON"),
  "invalid-body": t(400, "请求体格式有误", "Invalid request body"),
  "invalid-encoding": t(400, "请求体编码有误", "Invalid body encoding"),
  "incomplete-body": t(400, "请求体不完整", "Incomplete request body"),
  "invalid-year": t(400, "报告年度有误", "Invalid report year"),
  "idempotency-key-required": t(400, "缺少幂等键", "Idempotency-Key required"),
  "invalid-format": t(400, "不支持的格式", "Unsupported format"),
  "invalid-completeness": t(400, "completeness 参数有误", "Invalid completeness parameter"),
  "invalid-include": t(400, "include 参数有误", "Invalid include parameter"),
  "invalid-revision": t(400, "版本号有误", "Invalid revision number"),
  "csv-header": t(400, "CSV 表头有误", "Bad CSV header"),
  "csv-row": t(400, "CSV 行有误", "Bad CSV row"),
  "csv-quote": t(400, "CSV 引号未闭合", "Unclosed CSV quote"),
  unauthenticated: t(401, "未认证", "Unauthenticated"),
  forbidden: t(403, "无权访问", "Forbidden"),
  "not-found": t(404, "未找到", "Not found"),
  "unknown-form": t(404, "没有该报表", "Unknown form"),
  "year-not-served": t(404, "报表不适用于该年度", "Form does not serve that year"),
  "report-not-found": t(404, "尚未提交", "Report not submitted"),
  "unit-conflict": t(409, "单位已存在", "Unit exists with other data"),
  "report-locked": t(409, "报表已通过审核", "Report accepted and locked"),
  "unit-inactive": t(409, "单位已停用", "Unit deactivated"),
  "not-a-reporting-unit": t(409, "汇总单位不单独报送", "Consolidating unit: no report of its own"),
  "no-open-period": t(409, "填报期未开启", "No open reporting period"),
  "illegal-transition": t(409, "不能执行该操作", "Transition not allowed"),
  "stale-revision": t(409, "报表已有新版本", "Stale revision"),
  "sign-off-stale": t(409, "汇总数据已变化", "Consolidated figures changed"),
  "precondition-failed": t(412, "报表已有新版次", "Report changed since"),
  "body-too-large": t(413, "请求体过大", "Request body too large"),
  "unsupported-media-type": t(415, "不支持的内容类型", "Unsupported media type"),
  "unsupported-file": t(415, "不支持的文件格式", "Unsupported file format"),
  "validation-failed": t(422, "报表未通过校验", "Report failed validation"),
  "workbook-mismatch": t(
    422,
    "报表文件不属于该单位、报表或年度",
    "Workbook of another unit, form or year",
  ),
  "workbook-cell-invalid": t(
    422,
    "报表文件中有无法读取的数值",
    "Unreadable values in the workbook",
  ),
  "workbook-out-of-bounds": t(
    422,
    "报表文件超出可读取的范围",
    "Workbook beyond the bounds the reader accepts",
  ),
  "workbook-name-invalid": t(
    422,
    "报表文件中的名称指向无法读取的位置",
    "A name in the workbook points where nothing can be read",
  ),
  "supplement-not-collected": t(422, "本期不收集该补充表", "Supplement not collected"),
  "reason-required": t(422, "审核内容有误:缺少原因", "Review needs a reason"),
  "unknown-cell": t(422, "审核内容有误:单元格不存在", "Remark on an unknown cell"),
  "remark-empty": t(422, "审核内容有误:意见为空", "Empty remark"),
  "unknown-issue": t(422, "审核内容有误:说明不存在", "Decision on an unknown explanation"),
  "explanation-rejected": t(422, "审核内容有误:不能驳回说明", "Accept cannot reject"),
  "unknown-text": t(422, "报告文字有误:没有该部分", "Unknown section of the report's texts"),
  "no-report-structure": t(404, "该报表尚无年度报告格式", "No annual report format for this form"),
  "form-not-in-scope": t(422, "该单位不适用此地方报表", "Local form not in force for the unit"),
  "manual-score-invalid": t(422, "手工评分有误", "Invalid manual score"),
  "idempotency-key-reused": t(422, "幂等键已被使用", "Idempotency-Key reused"),
  "unit-import-invalid": t(422, "单位导入数据有误", "Invalid unit import"),
  "subtree-too-large": t(422, "单位过多", "Subtree too large"),
  "not-chased": t(422, "该单位无需催报", "Unit not late"),
  "precondition-required": t(428, "未说明替换哪一版", "Revision to replace not stated"),
  "rate-limited": t(429, "请求过于频繁", "Too many requests"),
  internal: t(500, "服务器内部错误", "Internal server error"),
  unavailable: t(503, "服务暂不可用", "Service unavailable"),
} as const satisfies Record<string, ProblemType>;

export type ProblemSlug = keyof typeof PROBLEM_TYPES;

/** The `type` URI of a problem slug. */
export function problemType(slug: ProblemSlug): string {
  return PROBLEM_TYPE_BASE + slug;
}

/** The slug of a problem `type` (`https://xxgk-tables.dev/problems/<slug>`): `report-locked`, … */
export function problemSlug(type: string): string {
  return type.startsWith(PROBLEM_TYPE_BASE) ? type.slice(PROBLEM_TYPE_BASE.length) : type;
}

/** Is a `type` the given problem? */
export function isProblem(type: string | undefined, slug: ProblemSlug): boolean {
  return type === problemType(slug);
}
