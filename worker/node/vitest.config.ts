import { defineProject } from "vitest/config";

// The self-hosted server (worker/node/) in Node: its D1 adapter against workerd's local D1, the
// server process, parity with wrangler dev, backup and restore. One file at a time: several start
// servers and workerd.
export default defineProject({
  // The manifest template is bundled as text (wrangler.toml [[rules]] Text); the same here.
  plugins: [
    {
      name: "xml-as-text",
      transform(code, id) {
        return id.endsWith(".xml") ? { code: `export default ${JSON.stringify(code)};` } : null;
      },
    },
  ],
  test: {
    name: "serve",
    root: new URL(".", import.meta.url).pathname,
    include: ["test/**/*.test.ts"],
    environment: "node",
    fileParallelism: false,
    // Starting workerd and the servers takes seconds on a loaded 2-core machine; the limits only
    // catch hangs (speed lives in bench/).
    testTimeout: 180_000,
    hookTimeout: 180_000,
  },
});
