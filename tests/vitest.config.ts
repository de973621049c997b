import { defineProject } from "vitest/config";

/** Tests of the repository itself (its boundaries), run in Node. */
export default defineProject({
  test: {
    name: "repo",
    root: new URL(".", import.meta.url).pathname,
    include: ["**/*.test.ts"],
    environment: "node",
  },
});
