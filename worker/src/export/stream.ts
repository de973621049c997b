const encoder = new TextEncoder();

/**
 * A byte stream written by `parts` through `emit`: the response starts before the whole body
 * exists (a large completeness list is read and sent page by page).
 */
export function streamOf(
  parts: (emit: (text: string) => void) => Promise<void>,
): ReadableStream<Uint8Array> {
  const { readable, writable } = new TransformStream<Uint8Array, Uint8Array>();
  const writer = writable.getWriter();
  let chain = Promise.resolve();
  const emit = (text: string) => {
    chain = chain.then(() => writer.write(encoder.encode(text)));
  };
  void (async () => {
    try {
      await parts(emit);
      await chain;
      await writer.close();
    } catch (e) {
      await writer.abort(e).catch(() => undefined);
    }
  })();
  return readable;
}
