import { defineConfig } from "tsup";

export default defineConfig([
  {
    entry: ["src/cli.ts"],
    format: ["esm"],
    noExternal: ["zod"],
    dts: false,
    sourcemap: true,
    clean: true,
    target: "node20",
  },
  {
    // the library entry @meanfield/cli/results (loadSweep, loadResult), for import and require
    entry: { results: "src/results.ts" },
    format: ["esm", "cjs"],
    dts: true,
    sourcemap: true,
    clean: false,
    target: "node20",
    shims: true,
  },
]);
