import { defineConfig } from "tsup";

export default defineConfig({
  // experiment-worker is the worker-thread entry of the parallel SAT experiment (tinypool loads it by file).
  entry: ["src/index.ts", "src/experiment-worker.ts"],
  format: ["esm", "cjs"],
  dts: true,
  sourcemap: true,
  clean: true,
  shims: true,
  target: "node20",
});
