import {
  AlignmentType,
  BorderStyle,
  Document,
  Packer,
  PageOrientation,
  Paragraph,
  SectionType,
  Table,
  TableCell,
  TableLayoutType,
  TableRow,
  TextRun,
  VerticalAlignTable,
  WidthType,
  type ISectionOptions,
} from "docx";
import type { Form } from "../forms/model";
import {
  publishedReport,
  type PublishedCell,
  type PublishedReport,
  type PublishedTable,
  type PublishOptions,
} from "./tables";

/**
 * A report as a Word document in the official layout: A4, 宋体 (SimSun), the title, unit and
 * year, then each table of the form under its caption, merged cells as in the official form.
 * Wide tables get a landscape page of their own. Built with `docx` and packed with
 * `Packer.toArrayBuffer` (fflate inside, no Buffer, no fs), so it runs in the Worker as it does
 * in Node.
 */

export const DOCX_CONTENT_TYPE =
  "application/vnd.openxmlformats-officedocument.wordprocessingml.document";

/** A4 in twips (1/1440 inch), portrait, and a 2 cm margin. */
const A4 = { width: 11906, height: 16838 };
const MARGIN = 1134;
/** Tables wider than this (spreadsheet character units) get a landscape page. */
const PORTRAIT_MAX_CHARS = 100;

/** Body text 五号 (10.5 pt), captions 小四 (12 pt), the title 三号 (16 pt); in half-points. */
const SIZE = { body: 21, caption: 24, title: 32 };

/**
 * 宋体 for Chinese and SimSun for the rest. The font table names both with SimSun's PANOSE,
 * GB2312 charset and family, so Word or LibreOffice without SimSun substitute the nearest serif
 * CJK face (宋体-like: Songti, Noto Serif CJK SC) rather than a sans.
 */
const FONT = { ascii: "SimSun", hAnsi: "SimSun", cs: "SimSun", eastAsia: "宋体" };

const SIMSUN_ENTRY = (name: string, alt: string) =>
  `<w:font w:name="${name}"><w:altName w:val="${alt}"/><w:panose1 w:val="02010600030101010101"/>` +
  `<w:charset w:val="86"/><w:family w:val="auto"/><w:pitch w:val="variable"/>` +
  `<w:sig w:usb0="00000003" w:usb1="288F0000" w:usb2="00000006" w:usb3="00000000" w:csb0="00040001" w:csb1="00000000"/></w:font>`;

/** The SimSun entries of the font table, for a document that sets its tables in 宋体 too. */
export const SIMSUN_FONTS = SIMSUN_ENTRY("宋体", "SimSun") + SIMSUN_ENTRY("SimSun", "宋体");

const FONT_TABLE =
  `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n` +
  `<w:fonts xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">` +
  SIMSUN_FONTS +
  `</w:fonts>`;

const LINE = { style: BorderStyle.SINGLE, size: 4, color: "000000" };
const BORDERS = {
  top: LINE,
  bottom: LINE,
  left: LINE,
  right: LINE,
  insideHorizontal: LINE,
  insideVertical: LINE,
};

function run(text: string, size: number, bold = false): TextRun {
  return new TextRun({ text, size, bold, font: FONT });
}

/** Tables wider than this (spreadsheet character units) need a landscape page. */
export function isWide(t: PublishedTable): boolean {
  return t.columnWidths.reduce((s, w) => s + w, 0) > PORTRAIT_MAX_CHARS;
}

function cell(c: PublishedCell, header: boolean): TableCell {
  const bold = header || c.kind === "header" || c.kind === "heading";
  const alignment = c.kind === "label" ? AlignmentType.LEFT : AlignmentType.CENTER;
  return new TableCell({
    children: [new Paragraph({ alignment, children: [run(c.text, SIZE.body, bold)] })],
    rowSpan: c.rowSpan,
    columnSpan: c.colSpan,
    verticalAlign: VerticalAlignTable.CENTER,
  });
}

/** Twips a figure of `n` characters needs in 五号 with the cell's default margins. */
const figureTwips = (n: number) => n * 130 + 260;

/**
 * The columns' widths in twips: the sheet's proportions, except that a column of figures is at
 * (or the columns a figure spans) at least as wide as its longest figure (an amount like 1365.9839 must not wrap onto two lines on
 * a page narrower than the sheet); the other columns give up what it takes.
 */
function fittedWidths(t: PublishedTable, width: number): number[] {
  const total = t.columnWidths.reduce((s, w) => s + w, 0);
  const widths = t.columnWidths.map((w) => (w / total) * width);
  const need = new Array<number>(widths.length).fill(0);
  for (const row of t.body) {
    let col = 0;
    for (const c of row) {
      if (c.kind === "value")
        for (let k = col; k < col + c.colSpan; k++)
          need[k] = Math.max(need[k]!, figureTwips(c.text.length) / c.colSpan);
      col += c.colSpan;
    }
  }
  const short = need.reduce((s, n, k) => s + Math.max(0, n - widths[k]!), 0);
  const spare = widths.reduce((s, w, k) => s + (need[k] ? 0 : w), 0);
  if (short > 0 && spare > short)
    for (let k = 0; k < widths.length; k++)
      widths[k] = need[k] ? Math.max(widths[k]!, need[k]!) : widths[k]! * (1 - short / spare);
  return widths.map(Math.floor);
}

/** A table in the official layout, `width` twips wide, its header rows repeated on every page. */
export function table(t: PublishedTable, width: number): Table {
  const columnWidths = fittedWidths(t, width);
  const rows = [
    ...t.head.map(
      (r) => new TableRow({ tableHeader: true, children: r.map((c) => cell(c, true)) }),
    ),
    ...t.body.map((r) => new TableRow({ children: r.map((c) => cell(c, false)) })),
  ];
  return new Table({
    rows,
    columnWidths,
    width: { size: width, type: WidthType.DXA },
    layout: TableLayoutType.FIXED,
    borders: BORDERS,
  });
}

export function caption(text: string): Paragraph {
  return new Paragraph({
    alignment: AlignmentType.CENTER,
    spacing: { before: 240, after: 120 },
    children: [run(text, SIZE.caption, true)],
  });
}

function front(report: PublishedReport): Paragraph[] {
  const sep = report.lang === "zh" ? "\uFF1A" : ": ";
  const meta = report.meta.map((m) => `${m.label}${sep}${m.value}`).join("\u3000\u3000");
  return [
    new Paragraph({
      alignment: AlignmentType.CENTER,
      spacing: { after: 240 },
      children: [run(report.title, SIZE.title, true)],
    }),
    new Paragraph({ children: [run(meta, SIZE.body)] }),
    ...(report.note ? [new Paragraph({ children: [run(report.note, SIZE.body)] })] : []),
  ];
}

/**
 * One Word section per table, landscape when the table is too wide for a portrait page; a table
 * follows the previous one on the same page when the orientation does not change.
 */
function sections(report: PublishedReport): ISectionOptions[] {
  const wide = report.tables.map(isWide);
  return report.tables.map((t, i) => {
    const width = (wide[i] ? A4.height : A4.width) - 2 * MARGIN;
    const sameAsBefore = i > 0 && wide[i] === wide[i - 1];
    return {
      properties: {
        type: sameAsBefore ? SectionType.CONTINUOUS : SectionType.NEXT_PAGE,
        page: {
          size: {
            ...A4,
            orientation: wide[i] ? PageOrientation.LANDSCAPE : PageOrientation.PORTRAIT,
          },
          margin: { top: MARGIN, bottom: MARGIN, left: MARGIN, right: MARGIN },
        },
      },
      children: [...(i === 0 ? front(report) : []), caption(t.caption), table(t, width)],
    };
  });
}

/** The published report as a Word document. */
export function reportDocument(report: PublishedReport): Document {
  return new Document({
    creator: "xxgk-tables",
    title: `${report.title} ${report.meta.map((m) => m.value).join(" ")}`,
    styles: { default: { document: { run: { font: FONT, size: SIZE.body } } } },
    sections: sections(report),
  });
}

/** The report as the bytes of a .docx file. */
export async function reportDocx(
  form: Form,
  values: Readonly<Record<string, number>>,
  options: PublishOptions,
): Promise<ArrayBuffer> {
  const doc = reportDocument(publishedReport(form, values, options));
  return Packer.toArrayBuffer(doc, false, [{ path: "word/fontTable.xml", data: FONT_TABLE }]);
}
