import { defineConfig } from "tsup";

export default defineConfig({
  // The worker entry is what solveDmftParallel hands to worker threads (dist/replica-worker.js).
  entry: ["src/index.ts", "src/replica-worker.ts"],
  format: ["esm", "cjs"],
  dts: { entry: "src/index.ts" },
  sourcemap: true,
  clean: true,
  shims: true,
  target: "node20",
});
