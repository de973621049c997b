/**
 * The few ES2019/ES2020 built-ins the bundle uses that Edge Legacy (EdgeHTML 18, the webview of
 * Office 2019/2021 on Windows 10) lacks. Imported first by the entry; no-ops elsewhere. The list
 * is eslint.config.js's `polyfills` setting; addin/test/browsers.test.ts checks that each one is
 * supplied here and that the bundle needs no other.
 */
// `self` is the window in every browser (and the global of a worker).
if (typeof globalThis === "undefined")
  (self as unknown as Record<string, unknown>).globalThis = self;

/** `value` as `on[name]` where the browser lacks it, not enumerable, as a built-in is. */
function supply(on: object, name: string, value: unknown): void {
  if (!(name in on)) Object.defineProperty(on, name, { configurable: true, writable: true, value });
}

supply(Array.prototype, "flat", function flat(this: unknown[], depth = 1): unknown[] {
  const out: unknown[] = [];
  for (const x of this) {
    if (Array.isArray(x) && depth > 0) out.push(...(x.flat(depth - 1) as unknown[]));
    else out.push(x);
  }
  return out;
});
supply(
  Array.prototype,
  "flatMap",
  function flatMap(
    this: unknown[],
    fn: (x: unknown, i: number, a: unknown[]) => unknown,
    that?: unknown,
  ) {
    return this.map(fn, that).flat(1);
  },
);
supply(Object, "fromEntries", (entries: Iterable<[PropertyKey, unknown]>) => {
  const out: Record<PropertyKey, unknown> = {};
  for (const [k, v] of entries) out[k] = v;
  return out;
});
// Every caller passes a /g pattern (the built-in throws on another; this finds nothing). A copy,
// so the caller's lastIndex stays as it was.
supply(String.prototype, "matchAll", function matchAll(this: string, re: RegExp) {
  const copy = new RegExp(re);
  const found: RegExpExecArray[] = [];
  for (let m; re.global && (m = copy.exec(this));) {
    found.push(m);
    if (!m[0]) copy.lastIndex++;
  }
  return found.values();
});

export {};
