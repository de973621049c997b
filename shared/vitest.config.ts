import { defineProject } from "vitest/config";

export default defineProject({
  test: {
    // Property tests and workerd runs take seconds on a loaded 2-core CI machine; the limit only
    // catches hangs (speed lives in bench/).
    testTimeout: 60_000,
    name: "shared",
    root: new URL(".", import.meta.url).pathname,
    include: ["**/*.test.ts"],
    environment: "node",
  },
});
