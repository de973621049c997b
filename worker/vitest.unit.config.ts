import { defineProject } from "vitest/config";

// The Worker's pure parts (domain/, the OpenAPI route table, the module graph) in plain Node:
// no workerd, no D1.
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
    // Property tests and workerd runs take seconds on a loaded 2-core CI machine; the limit only
    // catches hangs (speed lives in bench/).
    testTimeout: 60_000,
    name: "worker-unit",
    root: new URL(".", import.meta.url).pathname,
    include: ["test/unit/**/*.test.ts"],
    environment: "node",
  },
});
