import gov2012 from "../forms/reports/gov-2012.json";
import gov2019 from "../forms/reports/gov-2019.json";
import gov2021 from "../forms/reports/gov-2021.json";
import { getForm, type Form } from "../forms/catalogue";
import { ReportStructureSchema, type ReportStructure } from "./schema";
import { templateCells } from "./sentences";
import { blocksOf } from "./structure";

/**
 * The report structures (shared/forms/reports/<form>.json), checked against their forms when
 * loaded: every cell a sentence or a term names exists, and every table of the form is placed
 * exactly once. Adding a form's report is adding its file and one entry here.
 */
const STRUCTURES: unknown[] = [gov2012, gov2019, gov2021];

export class ReportStructureError extends Error {
  constructor(form: string, message: string) {
    super(`report structure of ${form}: ${message}`);
    this.name = "ReportStructureError";
  }
}

export function compileStructure(raw: unknown): ReportStructure {
  const s = ReportStructureSchema.parse(raw);
  const form = getForm(s.form);
  if (!form) throw new ReportStructureError(s.form, "no such form");
  const cellsNamed: string[] = s.terms.map((t) => t.cell);
  const blocks = [...s.preamble, ...blocksOf(s)];
  const tables: string[] = [];
  const texts = new Set<string>();
  for (const b of blocks) {
    if (b.kind === "sentence")
      for (const v of b.variants) {
        cellsNamed.push(
          ...(v.allZero ?? []),
          ...templateCells(v.text.zh),
          ...templateCells(v.text.en),
        );
      }
    if (b.kind === "table") tables.push(b.section);
    if (b.kind === "text") {
      if (texts.has(b.id)) throw new ReportStructureError(s.form, `text "${b.id}" twice`);
      texts.add(b.id);
    }
  }
  for (const c of cellsNamed)
    if (!form.cellById.has(c)) throw new ReportStructureError(s.form, `unknown cell "${c}"`);
  const sections = form.definition.sections.map((x) => x.id).sort();
  if (JSON.stringify([...tables].sort()) !== JSON.stringify(sections))
    throw new ReportStructureError(
      s.form,
      `tables placed (${tables.join(", ")}) are not the form's tables, each once (${sections.join(", ")})`,
    );
  return s;
}

const BY_FORM = new Map(STRUCTURES.map(compileStructure).map((s) => [s.form, s]));

/** The report structure of a form, or undefined when its report is not described yet. */
export function reportStructure(form: Form | string): ReportStructure | undefined {
  return BY_FORM.get(typeof form === "string" ? form : form.id);
}

export function formsWithReport(): string[] {
  return [...BY_FORM.keys()];
}
