import { defineProject } from "vitest/config";

export default defineProject({
  // 60 s per test by default: two test files run at a time (vitest.config.ts), so a test of a few seconds can take twice that.
  test: { name: "replica", include: ["test/**/*.test.ts"], environment: "node", testTimeout: 60_000 },
});
