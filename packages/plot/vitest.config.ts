import { defineProject } from "vitest/config";

export default defineProject({
  test: { name: "plot", include: ["test/**/*.test.ts"], environment: "node" },
});
