import type { CompletenessEntry, CompletenessMode } from "../../../shared/api/schemas";
import type { RollupHead } from "../domain/rollup";
import { exactJson } from "./exact-json";
import { streamOf } from "./stream";

/**
 * The rollup as streamed JSON: the figures first (sums as exact decimal numbers), then the
 * completeness list page by page.
 */
export function rollupJsonStream(
  head: RollupHead,
  mode: CompletenessMode,
  pages: AsyncIterable<CompletenessEntry[]>,
): ReadableStream<Uint8Array> {
  return streamOf(async (emit) => {
    const start = exactJson({ ...head, completenessMode: mode });
    emit(`${start.slice(0, -1)},"completeness":[`);
    let first = true;
    for await (const page of pages) {
      const text = page.map((e) => JSON.stringify(e)).join(",");
      emit(first ? text : `,${text}`);
      first = false;
    }
    emit("]}");
  });
}
