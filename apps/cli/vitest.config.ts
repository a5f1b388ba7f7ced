import { defineProject } from "vitest/config";

export default defineProject({
  test: {
    name: "cli",
    include: ["test/**/*.test.ts"],
    environment: "node",
    testTimeout: 120000,
    setupFiles: ["test/setup.ts"],
  },
});
