import { availableParallelism } from "node:os";
import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    projects: ["packages/*", "apps/cli", "apps/docs", "tests/release"],
    reporters: ["default", "./scripts/summary-reporter.ts"],
    // Two test files at a time even on two cores (vitest's default leaves one core to its main process, which
    // mostly waits): many files spend their time in child processes (the CLI, Redis, the browser) or waiting.
    maxWorkers: Math.max(2, availableParallelism() - 1),
    coverage: {
      provider: "v8",
      include: ["packages/*/src/**", "apps/cli/src/**"],
      reporter: ["text", "html"],
    },
  },
});
