import { defineProject } from "vitest/config";

export default defineProject({
  test: { name: "dmft", include: ["test/**/*.test.ts"], environment: "node" },
});
