import { defineProject } from "vitest/config";

/** Tests of the repository itself (its boundaries), run in Node. */
export default defineProject({
  test: {
    // Property tests and workerd runs take seconds on a loaded 2-core CI machine; the limit only
    // catches hangs (speed lives in bench/).
    testTimeout: 60_000,
    name: "repo",
    root: new URL(".", import.meta.url).pathname,
    include: ["**/*.test.ts"],
    environment: "node",
  },
});
