import { execFileSync } from "node:child_process";
import {
  existsSync,
  mkdtempSync,
  readFileSync,
  realpathSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { strFromU8, unzipSync } from "fflate";
import { afterAll, describe, expect, it } from "vitest";
import { formatNumber } from "../engine/format";
import { getForm } from "../forms/catalogue";
import { reportDocx } from "../publish/docx";
import { consistentValues, rng } from "../testing/sample-report";

const SKIP =
  "docx tests in LibreOffice skipped: soffice with Writer and pdftotext are needed " +
  "(apt-get install libreoffice-writer-nogui poppler-utils)";
const CI = process.env.CI === "true" || process.env.CI === "1";

function onPath(cmd: string): string | null {
  for (const dir of (process.env.PATH ?? "").split(":")) {
    const p = join(dir, cmd);
    if (dir && existsSync(p)) return p;
  }
  return null;
}

/** soffice, when LibreOffice Writer and its Word filter are installed beside it. */
function writer(): string | null {
  const soffice = onPath("soffice");
  if (!soffice || !onPath("pdftotext")) return null;
  const program = dirname(realpathSync(soffice));
  const parts = ["libswlo.so", "libmswordlo.so"];
  return parts.every((p) => existsSync(join(program, p))) ? soffice : null;
}

const FIXTURES = [
  { form: "gov-2021", lang: "zh", unit: "苍南县教育局", seed: 3 },
  { form: "haikou-2009", lang: "zh", unit: "海口市教育局", seed: 5 },
  { form: "gov-2012", lang: "en", unit: "Cangnan County Education Bureau", seed: 8 },
] as const;

const docs = await Promise.all(
  FIXTURES.map(async (fx) => {
    const form = getForm(fx.form)!;
    const values = consistentValues(form, rng(fx.seed), 5000);
    const bytes = new Uint8Array(
      await reportDocx(form, values, { unit: fx.unit, year: 2016, lang: fx.lang }),
    );
    return { ...fx, form, values, bytes };
  }),
);

describe.each(docs)("the .docx of $form ($lang)", (d) => {
  const files = unzipSync(d.bytes);
  const xml = (path: string) => strFromU8(files[path]!);

  it("is a Word package with one table per table of the form", () => {
    expect(Object.keys(files)).toEqual(
      expect.arrayContaining(["[Content_Types].xml", "word/document.xml", "word/fontTable.xml"]),
    );
    const sections = d.form.definition.sections.length;
    expect(xml("word/document.xml").match(/<w:tbl>/g)).toHaveLength(sections);
  });

  it("is on A4 pages, landscape only for a table too wide for portrait", () => {
    const sizes = [...xml("word/document.xml").matchAll(/<w:pgSz ([^>]*)\/>/g)].map((m) => m[1]!);
    expect(sizes.length).toBeGreaterThan(0);
    for (const s of sizes) {
      const w = Number(/w:w="(\d+)"/.exec(s)![1]);
      const h = Number(/w:h="(\d+)"/.exec(s)![1]);
      expect([w, h].sort()).toEqual([11906, 16838]);
      expect(s.includes('w:orient="landscape"')).toBe(w > h);
    }
    if (d.form.id === "haikou-2009")
      expect(sizes.every((s) => !s.includes("landscape"))).toBe(true);
    if (d.form.id === "gov-2021") expect(sizes.some((s) => s.includes("landscape"))).toBe(true);
  });

  it("is set in 宋体 (SimSun), with the font's metrics for a substitute", () => {
    expect(xml("word/styles.xml")).toMatch(/w:eastAsia="宋体"/);
    const fonts = xml("word/fontTable.xml");
    expect(fonts).toContain('<w:font w:name="宋体"><w:altName w:val="SimSun"/>');
    expect(fonts).toContain('<w:charset w:val="86"/>');
  });
});

const soffice = writer();
if (!soffice && !CI) console.warn(`\n${SKIP}\n`);

describe("the .docx opened in LibreOffice", () => {
  const dir = mkdtempSync(join(tmpdir(), "xxgk-docx-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it.runIf(!soffice && CI)("needs LibreOffice Writer under CI", () => {
    throw new Error(`CI=true: ${SKIP}`);
  });

  it.skipIf(!soffice)(
    "shows every figure, the title and the unit in the PDF it makes",
    () => {
      const names = docs.map((d) => {
        const file = join(dir, `${d.form.id}.docx`);
        writeFileSync(file, d.bytes);
        return file;
      });
      // A profile of its own: another soffice running on the machine must not block this one.
      execFileSync(
        soffice!,
        [
          `-env:UserInstallation=file://${join(dir, "profile")}`,
          "--headless",
          "--convert-to",
          "pdf",
          "--outdir",
          dir,
          ...names,
        ],
        { stdio: "pipe", timeout: 170_000 },
      );
      for (const d of docs) {
        const pdf = join(dir, `${d.form.id}.pdf`);
        expect(existsSync(pdf), `${d.form.id}.pdf`).toBe(true);
        execFileSync("pdftotext", ["-layout", pdf, join(dir, `${d.form.id}.txt`)]);
        const text = readFileSync(join(dir, `${d.form.id}.txt`), "utf8");
        expect(text.replace(/\s+/g, "")).toContain(d.form.title[d.lang].replace(/\s+/g, ""));
        expect(text).toContain(d.unit);
        // Every figure, as many times as the report holds it.
        const tokens = new Map<string, number>();
        for (const t of text.split(/\s+/)) tokens.set(t, (tokens.get(t) ?? 0) + 1);
        const wanted = new Map<string, number>();
        for (const c of d.form.cells) {
          const v = formatNumber(d.values[c.id] ?? 0);
          wanted.set(v, (wanted.get(v) ?? 0) + 1);
        }
        for (const [v, n] of wanted)
          expect(tokens.get(v) ?? 0, `${d.form.id}: ${v} ×${n}`).toBeGreaterThanOrEqual(n);
      }
    },
    180_000,
  );
});
