/**
 * The few ES2019/ES2020 built-ins the bundle uses that Edge Legacy (EdgeHTML 18, the webview of
 * Office 2019/2021 on Windows 10) lacks. Imported first by the entry; no-ops elsewhere. The list
 * is eslint.config.js's `polyfills` setting; addin/test/browsers.test.ts checks that each one is
 * supplied here and that the bundle needs no other.
 */
const g = (typeof self !== "undefined" ? self : window) as unknown as Record<string, unknown>;
if (typeof globalThis === "undefined") g.globalThis = g;

if (!Array.prototype.flat) {
  Object.defineProperty(Array.prototype, "flat", {
    configurable: true,
    writable: true,
    value: function flat(this: unknown[], depth = 1): unknown[] {
      const out: unknown[] = [];
      for (const x of this) {
        if (Array.isArray(x) && depth > 0) out.push(...(x.flat(depth - 1) as unknown[]));
        else out.push(x);
      }
      return out;
    },
  });
}
if (!Array.prototype.flatMap) {
  Object.defineProperty(Array.prototype, "flatMap", {
    configurable: true,
    writable: true,
    value: function flatMap(
      this: unknown[],
      fn: (x: unknown, i: number, a: unknown[]) => unknown,
      that?: unknown,
    ) {
      return this.map(fn, that).flat(1);
    },
  });
}
if (!Object.fromEntries) {
  Object.defineProperty(Object, "fromEntries", {
    configurable: true,
    writable: true,
    value: (entries: Iterable<[PropertyKey, unknown]>) => {
      const out: Record<PropertyKey, unknown> = {};
      for (const [k, v] of entries) out[k] = v;
      return out;
    },
  });
}
if (!String.prototype.trimStart) {
  Object.defineProperty(String.prototype, "trimStart", {
    configurable: true,
    writable: true,
    value: function trimStart(this: string) {
      return this.replace(/^\s+/, "");
    },
  });
}

if (!String.prototype.matchAll) {
  Object.defineProperty(String.prototype, "matchAll", {
    configurable: true,
    writable: true,
    value: function matchAll(this: string, re: RegExp): IterableIterator<RegExpExecArray> {
      if (!re.global) throw new TypeError("matchAll needs a global RegExp");
      // A copy (same source and flags), so the caller's lastIndex stays as it was.
      const copy = new RegExp(re);
      const found: RegExpExecArray[] = [];
      for (let m = copy.exec(this); m; m = copy.exec(this)) {
        found.push(m);
        if (m[0] === "") copy.lastIndex++;
      }
      return found[Symbol.iterator]();
    },
  });
}

export {};
