import { defineProject } from "vitest/config";

export default defineProject({
  test: {
    name: "shared",
    root: new URL(".", import.meta.url).pathname,
    include: ["**/*.test.ts"],
    environment: "node",
  },
});
