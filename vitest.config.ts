import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    projects: ["packages/*", "apps/cli", "apps/docs", "tests/release"],
    reporters: ["default", "./scripts/summary-reporter.ts"],
    coverage: {
      provider: "v8",
      include: ["packages/*/src/**", "apps/cli/src/**"],
      reporter: ["text", "html"],
    },
  },
});
