import { defineConfig } from "tsup";

export default defineConfig({
  // The worker entry is what simulateSeeds hands to worker threads (dist/seeds-worker.js).
  entry: ["src/index.ts", "src/seeds-worker.ts"],
  format: ["esm", "cjs"],
  dts: { entry: "src/index.ts" },
  sourcemap: true,
  clean: true,
  shims: true,
  target: "node20",
});
