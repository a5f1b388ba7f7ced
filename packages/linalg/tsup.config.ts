import { defineConfig } from "tsup";

export default defineConfig({
  // The worker entry is what createParallelGradient hands to worker threads
  // (dist/parallel-gradient-worker.js).
  entry: { index: "src/index.ts", "parallel-gradient-worker": "src/kernels/parallel-gradient-worker.ts" },
  format: ["esm", "cjs"],
  dts: { entry: "src/index.ts" },
  shims: true,
  sourcemap: true,
  clean: true,
  target: "node20",
});
