import { defineProject } from "vitest/config";

export default defineProject({
  test: { name: "replica", include: ["test/**/*.test.ts"], environment: "node" },
});
