import type { Form } from "../forms/model";
import { publishedReport, type PublishedTable } from "../publish/tables";
import type { ReportStructure, SentenceBlock } from "./schema";
import {
  renderSentence,
  type Lang,
  type RenderedSentence,
  type SentenceContext,
} from "./sentences";

/**
 * The annual report as a document model: the structure's parts in order, each with its generated
 * sentences, the form's tables (shared/publish, the same cells the published tables show) and the
 * clerk's texts. The Word and HTML renderers (./docx.ts, ./html.ts) only draw this.
 */

export interface ReportInput {
  form: Form;
  structure: ReportStructure;
  values: Readonly<Record<string, number>>;
  previous: Readonly<Record<string, number>> | null;
  /** The clerk's texts by id (missing: empty). */
  texts: Readonly<Record<string, string>>;
  unit: string;
  year: number;
  lang: Lang;
  /** A line under the title (what a consolidated report covers). */
  note?: string;
}

export type DocumentBlock =
  | { kind: "paragraph"; text: string; sentences: RenderedSentence[] }
  | { kind: "subheading"; text: string }
  | { kind: "typed"; textId: string; paragraphs: string[] }
  | { kind: "table"; section: string; table: PublishedTable };

export interface DocumentPart {
  id: string;
  heading: string;
  blocks: DocumentBlock[];
}

export interface ReportDocumentModel {
  lang: Lang;
  title: string;
  note: string | null;
  preamble: DocumentBlock[];
  parts: DocumentPart[];
}

/** The clerk's text as paragraphs: one per non-blank line, trimmed. */
export function paragraphsOf(text: string | undefined): string[] {
  return (text ?? "")
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l !== "");
}

function paragraph(blocks: SentenceBlock[], ctx: SentenceContext): DocumentBlock {
  const sentences = blocks.map((b) => renderSentence(b, ctx));
  return { kind: "paragraph", text: sentences.map((s) => s.text).join(""), sentences };
}

function fill(template: string, input: ReportInput): string {
  return template.replace("{unit}", input.unit).replace("{year}", String(input.year));
}

export function reportDocumentModel(input: ReportInput): ReportDocumentModel {
  const { form, structure, lang } = input;
  const ctx: SentenceContext = { ...input };
  const published = publishedReport(form, input.values, {
    unit: input.unit,
    year: input.year,
    lang,
  });
  const tableOf = new Map(
    form.definition.sections.map((s, i) => [s.id, published.tables[i]!] as const),
  );
  const hasFigures = (section: string) =>
    form.cells.some((c) => c.section === section && (input.values[c.id] ?? 0) !== 0);
  const parts = structure.parts.map((p): DocumentPart => {
    const blocks: DocumentBlock[] = [];
    for (const b of p.blocks) {
      if (b.kind === "sentence") blocks.push(paragraph([b], ctx));
      else if (b.kind === "table") {
        if (!b.onlyWithFigures || hasFigures(b.section))
          blocks.push({ kind: "table", section: b.section, table: tableOf.get(b.section)! });
      } else {
        if (b.heading) blocks.push({ kind: "subheading", text: b.heading[lang] });
        if (b.lead?.length) blocks.push(paragraph(b.lead, ctx));
        blocks.push({ kind: "typed", textId: b.id, paragraphs: paragraphsOf(input.texts[b.id]) });
      }
    }
    return { id: p.id, heading: p.heading[lang], blocks };
  });
  return {
    lang,
    title: fill(structure.title[lang], input),
    note: input.note ?? null,
    preamble: structure.preamble.length ? [paragraph(structure.preamble, ctx)] : [],
    parts,
  };
}

/** Every generated sentence of the document, in order. */
export function sentencesOf(doc: ReportDocumentModel): RenderedSentence[] {
  return [...doc.preamble, ...doc.parts.flatMap((p) => p.blocks)].flatMap((b) =>
    b.kind === "paragraph" ? b.sentences : [],
  );
}
