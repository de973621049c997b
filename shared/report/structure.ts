import type { ReportBlock, ReportStructure, TextBlock } from "./schema";

/** Reading a report structure (no structure file imported: the pane gets them from the API). */

/** Every block of a part, a text's lead sentences after the text itself. */
export function blocksOf(structure: ReportStructure): ReportBlock[] {
  return structure.parts.flatMap((p) =>
    p.blocks.flatMap((b): ReportBlock[] => (b.kind === "text" ? [b, ...(b.lead ?? [])] : [b])),
  );
}

/** The texts the clerk writes, in document order. */
export function textsOf(structure: ReportStructure): TextBlock[] {
  return blocksOf(structure).filter((b): b is TextBlock => b.kind === "text");
}
