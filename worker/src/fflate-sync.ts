/**
 * fflate for workerd. write-excel-file zips with fflate's asynchronous `zip()`, which hands large
 * files to Web Workers; workerd has no `Worker`, so a large export failed. This module replaces
 * `fflate` in the Worker's bundle (wrangler.toml [alias], worker/vitest.config.ts resolve.alias)
 * and runs `zip()` synchronously in-process, keeping fflate's callback contract.
 */
import * as real from "../../node_modules/fflate/esm/browser.js";

export * from "../../node_modules/fflate/esm/browser.js";

type ZipCallback = (err: Error | null, data: Uint8Array | null) => void;

export function zip(data: real.AsyncZippable, a: unknown, b?: unknown): () => void {
  const cb = (typeof a === "function" ? a : b) as ZipCallback;
  const opts = (typeof a === "function" ? {} : a) as real.ZipOptions;
  let cancelled = false;
  queueMicrotask(() => {
    if (cancelled) return;
    let out: Uint8Array;
    try {
      out = real.zipSync(data as real.Zippable, opts);
    } catch (e) {
      cb(e instanceof Error ? e : new Error(String(e)), null);
      return;
    }
    cb(null, out);
  });
  return () => {
    cancelled = true;
  };
}
