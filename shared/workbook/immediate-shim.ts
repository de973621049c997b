/**
 * Imported before the exceljs bundle. Its JSZip brings `setImmediate` polyfills that, when the
 * global is missing (workerd), build one `MessageChannel` at load time and reuse it forever. In
 * workerd an I/O object belongs to the request that created it, so the second request that
 * zipped or unzipped a workbook hung ("Cannot perform I/O on behalf of a different request").
 * With a global `setImmediate` present, the polyfills use it (and `setTimeout`) per call instead.
 */
const g = globalThis as {
  setImmediate?: (fn: (...args: unknown[]) => void, ...args: unknown[]) => unknown;
  clearImmediate?: (id: unknown) => void;
};
if (typeof g.setImmediate !== "function") {
  g.setImmediate = (fn, ...args) => setTimeout(() => fn(...args), 0);
  g.clearImmediate = (id) => clearTimeout(id as number);
}

/**
 * Let the bundle's `process.nextTick` queue (browserify's shim: one queue per isolate, drained by
 * a timer of whichever context filled it first) run dry before the caller goes on, so that no
 * callback of this request is left for a timer of another (workerd forbids cross-request I/O).
 */
export function settle(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 0));
}
