import { defineProject } from "vitest/config";

export default defineProject({
  // Long-time flows take ~1 s each alone; the generous timeout covers a loaded 2-core CI machine.
  test: { name: "dln", include: ["test/**/*.test.ts"], environment: "node", testTimeout: 60_000 },
});
