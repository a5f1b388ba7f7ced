import { defineProject } from "vitest/config";

export default defineProject({
  test: { name: "dln", include: ["test/**/*.test.ts"], environment: "node" },
});
