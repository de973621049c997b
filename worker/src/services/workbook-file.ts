/**
 * The checking workbook as a file (issue 11): the download builds it from the unit's current
 * report and last year's values; the upload turns a workbook back into the JSON PUT's body, after
 * the untrusted-file gate, and the route hands that body to `submitReport` unchanged.
 */
import { formName, type Form } from "../../../shared/forms/catalogue";
import { sentDate } from "../../../shared/print/signature";
import { buildWorkbook } from "../../../shared/workbook";
import { REMARK_FILL } from "../../../shared/workbook/checks-sheet";
import { readWorkbookFile, type WorkbookIdentity } from "../../../shared/workbook/read";
import {
  openUpload,
  readerBytes,
  UPLOAD_LIMITS,
  type GuardFailure,
} from "../../../shared/workbook/upload-guard";
import { boundWorkbook, type BoundsFailure } from "../../../shared/workbook/upload-bounds";
import { writeXlsx } from "../../../shared/workbook/xlsx";
import type { UnitRow } from "../env";
import type { SubmissionBody } from "../domain/submission";
import { lastYearValues, lastYearValuesStatement } from "../db/revisions";
import { readCurrentReport } from "../db/workflow";
import { disposition } from "../http/disposition";
import { HttpProblem } from "../http/problem";

export { XLSX_MEDIA_TYPE as XLSX_TYPE } from "../../../shared/api/workbook";

/** The unit's workbook as a download: 「<单位>_<年度>年<报表名称>.xlsx」, the ids as fallback. */
export function workbookDisposition(unit: UnitRow, form: Form, year: number): string {
  const name = `${unit.name}_${year}年${form.title.zh}.xlsx`;
  return disposition("attachment", `${unit.code}_${year}_${form.id}.xlsx`, name);
}

/**
 * The unit's checking workbook: current values, 说明 and open remarks (as notes), last year; its
 * signature block names the unit and, once a revision was sent, the day it was (China time).
 */
export async function workbookDownload(
  db: D1Database,
  unit: UnitRow,
  form: Form,
  year: number,
): Promise<Uint8Array> {
  const lastYear = lastYearValuesStatement(db, unit.id, form.id, year);
  const { report, extra } = await readCurrentReport(db, unit, form.id, year, lastYear);
  const last = extra[0] as { form: string; vals: string } | undefined;
  const sentOn = report ? sentDate(report.submittedAt) : undefined;
  const model = buildWorkbook(form, {
    lang: "zh",
    unitName: unit.name,
    year,
    values: report?.values,
    previous: lastYearValues(last ?? null),
    explanations: report?.explanations,
    unitCode: unit.code,
    revision: report?.revision ?? null,
    // Each download its own id: a revision stored from this file records it (file-base.ts).
    file: crypto.randomUUID(),
    ...(sentOn ? { sentOn } : {}),
  });
  const notes = (report?.remarks ?? [])
    .filter((m) => !m.resolved && model.inputs[m.cell])
    .map((m) => ({
      ...model.inputs[m.cell]!,
      text: `审核意见 · ${m.author.name}:${m.text}`,
      fill: REMARK_FILL,
    }));
  return writeXlsx(model, notes);
}

const SAVE_AS = {
  zh: "请在电子表格软件中将文件另存为 Excel 工作簿(.xlsx)后再上传。",
  en: "Save the file as an Excel workbook (.xlsx) in your spreadsheet program, then upload it.",
};

/** What the guard's sniffing found, in words (never 「该文件(unknown)」). */
const FORMAT_WORDS: Record<string, { zh: string; en: string }> = {
  unknown: { zh: "无法识别的文件格式", en: "an unrecognised format" },
  "damaged .xlsx": { zh: "已损坏的 .xlsx 文件", en: "a damaged .xlsx file" },
};

function guardProblem(f: GuardFailure): HttpProblem {
  const mb = UPLOAD_LIMITS.maxBytes / 1024 / 1024;
  switch (f.kind) {
    case "too-large":
      return new HttpProblem(
        "body-too-large",
        `报表文件不能超过 ${mb} MB。`,
        `The workbook must not exceed ${mb} MB.`,
      );
    case "zip-bomb":
      return new HttpProblem(
        "body-too-large",
        `报表文件解压后过大或结构异常(${f.reason}),不是本系统的报表文件。`,
        `The workbook inflates too far or has too many parts (${f.reason}).`,
      );
    case "forbidden-xml":
      return new HttpProblem(
        "unsupported-file",
        `报表文件中的「${f.part}」含有 DTD 声明,不予读取。${SAVE_AS.zh}`,
        `The workbook's part "${f.part}" declares a DTD and is not read. ${SAVE_AS.en}`,
      );
    case "not-xlsx":
      return new HttpProblem(
        "unsupported-file",
        `无法读取该文件(${FORMAT_WORDS[f.format]?.zh ?? f.format}):只接受 .xlsx 工作簿,不接受 .xls、.et、.ods 或 CSV。${SAVE_AS.zh}`,
        `Cannot read this file (${FORMAT_WORDS[f.format]?.en ?? f.format}): only .xlsx workbooks are accepted, not .xls, .et, .ods or CSV. ${SAVE_AS.en}`,
      );
  }
}

/** The second gate's refusal: beyond the bounds, or a name the reader cannot follow. */
function boundsProblem(f: BoundsFailure): HttpProblem {
  if (f.kind === "out-of-bounds") {
    return new HttpProblem(
      "workbook-out-of-bounds",
      `${f.what.zh}。不是本系统的报表文件,或需删除多余的内容后另存再上传。`,
      `${f.what.en}. This is not a workbook of this system, or extra content must be removed first.`,
    );
  }
  return new HttpProblem(
    "workbook-name-invalid",
    `报表文件中的名称「${f.name}」(${f.ref})${f.why.zh},无法读取该单元格。请下载本单位的报表文件重新填写,或在「公式 → 名称管理器」中改正该名称。`,
    `The workbook's name "${f.name}" (${f.ref}) ${f.why.en}: the cell cannot be read. Download this unit's workbook again, or correct the name in the Name Manager.`,
    { name: f.name, ref: f.ref },
  );
}

function mismatch(id: WorkbookIdentity, unit: UnitRow, form: Form, year: number): HttpProblem {
  const want = {
    zh: `「${unit.name}」${year} 年度的${formName(form.id, "zh")}`,
    en: `the ${year} ${formName(form.id, "en")} of ${unit.name}`,
  };
  const download = {
    zh: "请下载本单位的报表文件填写后上传。",
    en: "Download this unit's report file, fill it in and upload it.",
  };
  // A file without its identity was not downloaded from here (or a program dropped the 上年 sheet).
  if (!id.form || id.year === null) {
    return new HttpProblem(
      "workbook-mismatch",
      `该文件不是从本系统下载的报表文件(缺少报表信息),不能作为${want.zh}上传。${download.zh}`,
      `This file was not downloaded from here (it lacks the report's identity) and cannot be uploaded as ${want.en}. ${download.en}`,
      { workbook: id },
    );
  }
  const who = id.unitName ?? id.unitCode ?? "其他单位";
  return new HttpProblem(
    "workbook-mismatch",
    `该文件是「${who}」${id.year} 年度${formName(id.form, "zh")}的报表文件,不能作为${want.zh}上传。${download.zh}`,
    `This file is the ${id.year} ${formName(id.form, "en")} of ${id.unitName ?? id.unitCode ?? "another unit"}, not ${want.en}. ${download.en}`,
    { workbook: id },
  );
}

export interface UploadedBody {
  body: SubmissionBody;
  /** The revision the file was downloaded at and its download id, as `XXGK_META` records them. */
  file: { basedOn: number | null; id: string | null };
}

/** An uploaded workbook as the JSON PUT's body, or the problem (413, 415, 422). */
export async function workbookUpload(
  bytes: Uint8Array,
  unit: UnitRow,
  form: Form,
  year: number,
): Promise<UploadedBody> {
  const opened = openUpload(bytes);
  if (!opened.ok) throw guardProblem(opened.failure);
  // Before the reader: the work it would do is bounded here (issue 21).
  const bounded = boundWorkbook(form, opened.files);
  if (!bounded.ok) throw boundsProblem(bounded.failure);
  const xlsx = readerBytes(bounded.files);
  const read = await readWorkbookFile(form, xlsx, bounded.formulas).catch(() => {
    throw guardProblem({ kind: "not-xlsx", format: "damaged .xlsx" });
  });
  const id = read.identity;
  if (id.form !== form.id || id.year !== year || id.unitCode !== unit.code) {
    throw mismatch(id, unit, form, year);
  }
  if (read.problems.length) {
    const lines = read.problems.map((p) => `${p.address} 「${p.label}」: ${p.message.zh}`);
    throw new HttpProblem(
      "workbook-cell-invalid",
      lines.join(";"),
      read.problems.map((p) => `${p.address} (${p.cell}): ${p.message.en}`).join("; "),
      { cells: read.problems },
    );
  }
  return {
    body: { values: read.values, explanations: read.explanations, answers: {} },
    file: { basedOn: id.revision, id: id.file },
  };
}
