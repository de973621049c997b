import { defineProject } from "vitest/config";

export default defineProject({
  test: {
    name: "addin",
    root: new URL(".", import.meta.url).pathname,
    include: ["test/**/*.test.ts"],
    environment: "node",
  },
});
