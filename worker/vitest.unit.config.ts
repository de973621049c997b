import { defineProject } from "vitest/config";

// The Worker's pure parts (domain/, the OpenAPI route table, the module graph) in plain Node:
// no workerd, no D1.
export default defineProject({
  test: {
    name: "worker-unit",
    root: new URL(".", import.meta.url).pathname,
    include: ["test/unit/**/*.test.ts"],
    environment: "node",
  },
});
