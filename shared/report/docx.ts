import {
  AlignmentType,
  Document,
  Footer,
  Packer,
  PageNumber,
  PageOrientation,
  Paragraph,
  SectionType,
  TextRun,
  type ISectionOptions,
  type Table,
} from "docx";
import { caption, isWide, SIMSUN_FONTS, table } from "../publish/docx";
import { reportDocumentModel, type ReportDocumentModel, type ReportInput } from "./document";

/**
 * The annual report as an official document (GB/T 9704-2012, 党政机关公文格式): A4, margins
 * 37/35/28/26 mm, the title in 方正小标宋简体 二号, body in 仿宋_GB2312 三号 with a two-character
 * indent and 28 pt lines, first-level headings in 黑体 and second-level in 楷体_GB2312, the page
 * number 「— 1 —」 at the foot, the tables in the official layout (shared/publish, header rows
 * repeated) on a landscape page when too wide. Every font is named with its fallbacks in the
 * font table, so a machine without the GB fonts substitutes a face of the same family.
 */

const A4 = { width: 11906, height: 16838 };
/** GB/T 9704 margins in twips (1 mm ≈ 56.7 twips). */
const MARGIN = { top: 2098, bottom: 1984, left: 1588, right: 1474 };
/** Sizes in half-points: 二号 22 pt, 三号 16 pt, 四号 14 pt. */
const SIZE = { title: 44, body: 32, footer: 28 };
/** A fixed 28 pt line, the grid of 22 lines a page. */
const LINE = { line: 560, lineRule: "exact" as const };

interface Face {
  name: string;
  /** The names Word and LibreOffice try when `name` is missing. */
  alt: string;
  ascii: string;
  panose: string;
  family: "roman" | "modern" | "swiss" | "script";
}

const FACES = {
  title: {
    name: "方正小标宋简体",
    alt: "FZXiaoBiaoSong-B05S;华文中宋;宋体",
    ascii: "Times New Roman",
    panose: "02000000000000000000",
    family: "script",
  },
  body: {
    name: "仿宋_GB2312",
    alt: "仿宋;FangSong;FangSong_GB2312",
    ascii: "Times New Roman",
    panose: "02010609030101010101",
    family: "modern",
  },
  heading1: {
    name: "黑体",
    alt: "SimHei;Heiti SC",
    ascii: "Times New Roman",
    panose: "02010609060101010101",
    family: "modern",
  },
  heading2: {
    name: "楷体_GB2312",
    alt: "楷体;KaiTi;KaiTi_GB2312",
    ascii: "Times New Roman",
    panose: "02010609030101010101",
    family: "modern",
  },
} satisfies Record<string, Face>;

const fontEntry = (f: Face) =>
  `<w:font w:name="${f.name}"><w:altName w:val="${f.alt}"/><w:panose1 w:val="${f.panose}"/>` +
  `<w:charset w:val="86"/><w:family w:val="${f.family}"/><w:pitch w:val="fixed"/></w:font>`;

const FONT_TABLE =
  `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n` +
  `<w:fonts xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">` +
  Object.values(FACES).map(fontEntry).join("") +
  SIMSUN_FONTS +
  `<w:font w:name="Times New Roman"><w:panose1 w:val="02020603050405020304"/><w:charset w:val="00"/><w:family w:val="roman"/><w:pitch w:val="variable"/></w:font>` +
  `</w:fonts>`;

const fontOf = (f: Face) => ({ ascii: f.ascii, hAnsi: f.ascii, cs: f.ascii, eastAsia: f.name });

function text(t: string, face: Face, size = SIZE.body): TextRun {
  return new TextRun({ text: t, font: fontOf(face), size });
}

function bodyParagraph(t: string): Paragraph {
  return new Paragraph({
    spacing: LINE,
    indent: { firstLine: 640 },
    alignment: AlignmentType.JUSTIFIED,
    children: [text(t, FACES.body)],
  });
}

function headingParagraph(t: string, face: Face): Paragraph {
  return new Paragraph({ spacing: LINE, indent: { firstLine: 640 }, children: [text(t, face)] });
}

const footer = new Footer({
  children: [
    new Paragraph({
      alignment: AlignmentType.CENTER,
      children: [
        new TextRun({
          children: ["— ", PageNumber.CURRENT, " —"],
          font: fontOf(FACES.body),
          size: SIZE.footer,
        }),
      ],
    }),
  ],
});

type Item = { el: Paragraph | Table; wide: boolean };

/** The document as a flow of paragraphs and tables, each marked when it needs a landscape page. */
function flow(doc: ReportDocumentModel): Item[] {
  const portraitWidth = A4.width - MARGIN.left - MARGIN.right;
  const landscapeWidth = A4.height - MARGIN.left - MARGIN.right;
  const items: Item[] = [
    {
      el: new Paragraph({
        alignment: AlignmentType.CENTER,
        spacing: { before: 0, after: 560, line: 700, lineRule: "exact" },
        children: [text(doc.title, FACES.title, SIZE.title)],
      }),
      wide: false,
    },
  ];
  if (doc.note) items.push({ el: bodyParagraph(doc.note), wide: false });
  for (const b of doc.preamble)
    if (b.kind === "paragraph") items.push({ el: bodyParagraph(b.text), wide: false });
  for (const part of doc.parts) {
    // A heading stays with a wide table that follows it at once.
    const first = part.blocks[0];
    const headingWide = first?.kind === "table" && isWide(first.table);
    items.push({ el: headingParagraph(part.heading, FACES.heading1), wide: headingWide });
    for (const b of part.blocks) {
      if (b.kind === "paragraph") items.push({ el: bodyParagraph(b.text), wide: false });
      else if (b.kind === "subheading")
        items.push({ el: headingParagraph(b.text, FACES.heading2), wide: false });
      else if (b.kind === "typed")
        for (const p of b.paragraphs) items.push({ el: bodyParagraph(p), wide: false });
      else {
        const wide = isWide(b.table);
        // The part's heading already names a table that has the same title (二、三、四).
        if (b.table.caption !== part.heading) items.push({ el: caption(b.table.caption), wide });
        items.push({ el: table(b.table, wide ? landscapeWidth : portraitWidth), wide });
        // Word needs a paragraph between two tables, or it joins them.
        items.push({ el: new Paragraph({ children: [] }), wide });
      }
    }
  }
  return items;
}

/** Consecutive items of one orientation make a section; a change of orientation starts a page. */
function sections(items: Item[]): ISectionOptions[] {
  const groups: Item[][] = [];
  for (const it of items) {
    const last = groups[groups.length - 1];
    if (last && last[0]!.wide === it.wide) last.push(it);
    else groups.push([it]);
  }
  return groups.map((g) => {
    const wide = g[0]!.wide;
    return {
      properties: {
        type: SectionType.NEXT_PAGE,
        page: {
          size: { ...A4, orientation: wide ? PageOrientation.LANDSCAPE : PageOrientation.PORTRAIT },
          margin: MARGIN,
        },
      },
      footers: { default: footer },
      children: g.map((i) => i.el),
    };
  });
}

export function annualReportDocument(doc: ReportDocumentModel): Document {
  return new Document({
    creator: "xxgk-tables",
    title: doc.title,
    styles: { default: { document: { run: { font: fontOf(FACES.body), size: SIZE.body } } } },
    sections: sections(flow(doc)),
  });
}

/** The annual report as the bytes of a .docx file. */
export async function annualReportDocx(input: ReportInput): Promise<ArrayBuffer> {
  const doc = annualReportDocument(reportDocumentModel(input));
  return Packer.toArrayBuffer(doc, false, [{ path: "word/fontTable.xml", data: FONT_TABLE }]);
}
