/**
 * The annual report document (issue 26): the texts' reads and writes (one read, a pure decision
 * in domain/report-texts.ts, one write batch with its audit line), and the inputs of the document
 * renderer for a unit's report, a node's consolidated report, and every unit below a node.
 */
import type { ReportTexts } from "../../../shared/api/report-texts";
import type { TextsPutBody, TextsReviewBody } from "../../../shared/api/report-texts";
import type { Form } from "../../../shared/forms/catalogue";
import { reportStructure } from "../../../shared/report/catalogue";
import type { ReportInput } from "../../../shared/report/document";
import type { ReportStructure } from "../../../shared/report/schema";
import type { Lang } from "../../../shared/report/sentences";
import { auditStatement } from "../db/audit";
import { isConstraintError } from "../db/batch";
import {
  currentTextsStatement,
  insertTextsStatement,
  readTexts,
  subtreeDocuments,
  subtreeLastYear,
  toTextsState,
  type SubtreeDocumentRow,
} from "../db/report-texts";
import { lastYearValues, lastYearValuesStatement } from "../db/revisions";
import { decodeValues } from "../db/values";
import { readCurrentReport } from "../db/workflow";
import { noReport } from "../domain/report";
import {
  planTextsReview,
  planTextsSave,
  type TextsState,
  type TextsWrite,
} from "../domain/report-texts";
import type { Principal, UnitRow } from "../env";
import { decided, HttpProblem, problemOf } from "../http/problem";

export function structureOf(form: Form): ReportStructure {
  const s = reportStructure(form);
  if (!s) {
    throw new HttpProblem(
      "no-report-structure",
      `《${form.title.zh}》尚未配置年度报告的格式,暂不能撰写报告文字或生成报告文档。`,
      `“${form.title.en}” has no annual report format yet: its texts and document are not available.`,
    );
  }
  return s;
}

export function textsView(unit: UnitRow, form: Form, year: number, state: TextsState): ReportTexts {
  return {
    unit: { code: unit.code, name: unit.name },
    form: form.id,
    year,
    revision: state.revision,
    status: state.status,
    texts: state.texts,
    remark: state.remark,
    at: state.at,
    structure: structureOf(form),
  };
}

interface TextsWriteInput {
  principal: Principal;
  unit: UnitRow;
  form: Form;
  year: number;
  requestId: string;
  now: string;
}

/** Write one revision with its audit line; a concurrent writer's revision wins (409). */
async function write(db: D1Database, input: TextsWriteInput, w: TextsWrite): Promise<TextsState> {
  const k = { unitId: input.unit.id, form: input.form.id, year: input.year };
  try {
    await db.batch([
      insertTextsStatement(db, k, w, { ...input, at: input.now }),
      auditStatement(db, {
        at: input.now,
        requestId: input.requestId,
        credential: input.principal.credential,
        action: `report-texts.${w.action}`,
        target: `${input.unit.code}/${input.form.id}/${input.year}`,
        detail: {
          revision: w.revision,
          status: w.status,
          ...(w.remark ? { remark: w.remark } : {}),
        },
      }),
    ]);
  } catch (e) {
    if (!isConstraintError(e)) throw e;
    throw new HttpProblem(
      "stale-revision",
      "报告文字刚被他人修改,请重新载入后再试(您写的内容仍保留在本页)。",
      "The texts were just changed by someone else: reload and try again (what you wrote stays on this page).",
    );
  }
  return {
    revision: w.revision,
    status: w.status,
    texts: w.texts,
    remark: w.remark,
    at: input.now,
  };
}

export async function saveTexts(
  db: D1Database,
  input: TextsWriteInput & { body: TextsPutBody; ifMatch: string | null },
): Promise<{ state: TextsState; created: boolean }> {
  const structure = structureOf(input.form);
  const current = await readTexts(db, input.unit, input.form.id, input.year);
  const plan = decided(planTextsSave(current, structure, input.body, input.ifMatch));
  if (!plan) return { state: current, created: false };
  return { state: await write(db, input, plan), created: true };
}

export async function reviewTexts(
  db: D1Database,
  input: TextsWriteInput & { body: TextsReviewBody },
): Promise<TextsState> {
  structureOf(input.form);
  const current = await readTexts(db, input.unit, input.form.id, input.year);
  return write(db, input, decided(planTextsReview(current, input.body)));
}

/** The document of a unit's report: its current figures, last year's, and its texts. */
export async function unitDocumentInput(
  db: D1Database,
  unit: UnitRow,
  form: Form,
  year: number,
  lang: Lang,
): Promise<ReportInput> {
  const structure = structureOf(form);
  const { report, extra } = await readCurrentReport(
    db,
    unit,
    form.id,
    year,
    lastYearValuesStatement(db, unit.id, form.id, year),
  );
  if (!report) throw problemOf(noReport(unit, form.id, year));
  const texts = toTextsState(await currentTextsStatement(db, unit.id, form.id, year).first());
  const previous = lastYearValues((extra[0] as { form: string; vals: string } | undefined) ?? null);
  return {
    form,
    structure,
    values: report.values,
    previous,
    texts: texts.texts,
    unit: unit.name,
    year,
    lang,
  };
}

/** The consolidated report of a node: the rollup's figures with the node's own texts. */
export async function rollupDocumentInput(
  db: D1Database,
  unit: UnitRow,
  form: Form,
  year: number,
  lang: Lang,
  figures: {
    values: Record<string, number>;
    previous: Record<string, number> | null;
    note: string;
  },
): Promise<ReportInput> {
  const structure = structureOf(form);
  const texts = await readTexts(db, unit, form.id, year);
  return {
    form,
    structure,
    values: figures.values,
    previous: figures.previous,
    texts: texts.texts,
    unit: unit.name,
    year,
    lang,
    note: figures.note,
  };
}

/**
 * The most units one zip of documents holds: each .docx is built in the Worker (about 85 ms of CPU
 * on an idle core, docs/PERFORMANCE.md), so 200 stay well inside a Worker's 30 s CPU limit.
 */
export const MAX_DOCUMENT_UNITS = 200;

export interface UnitDocumentEntry {
  unit: { code: string; name: string; depth: number };
  reportStatus: SubtreeDocumentRow["report_status"];
  textsStatus: TextsState["status"];
  /** The renderer's input when the unit has submitted its figures. */
  input: ReportInput | null;
}

/** Every active unit below the node, with the document input of those that reported. */
export async function subtreeDocumentInputs(
  db: D1Database,
  unit: UnitRow,
  form: Form,
  year: number,
  lang: Lang,
): Promise<UnitDocumentEntry[]> {
  const structure = structureOf(form);
  const [rows, before] = await Promise.all([
    subtreeDocuments(db, unit, form.id, year, MAX_DOCUMENT_UNITS + 1),
    subtreeLastYear(db, unit, form.id, year),
  ]);
  if (rows.length > MAX_DOCUMENT_UNITS) {
    throw new HttpProblem(
      "subtree-too-large",
      `下级单位超过 ${MAX_DOCUMENT_UNITS} 个,请在下一级单位分别下载报告文档。`,
      `More than ${MAX_DOCUMENT_UNITS} units below: download the documents from the units one level down.`,
    );
  }
  return rows.map((r) => ({
    unit: { code: r.code, name: r.name, depth: r.depth - unit.depth },
    reportStatus: r.report_status,
    textsStatus: r.texts_status,
    input:
      r.vals && r.form
        ? {
            form,
            structure,
            values: decodeValues(r.form, r.vals),
            previous: lastYearValues(before.get(r.id) ?? null),
            texts: r.texts ? (JSON.parse(r.texts) as Record<string, string>) : {},
            unit: r.name,
            year,
            lang,
          }
        : null,
  }));
}
