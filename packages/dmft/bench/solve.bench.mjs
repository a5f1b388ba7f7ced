#!/usr/bin/env node
// Benchmark of the default DMFT solve (issue 5): DLN, alpha = 0.1, delta = 0.5, rho = 0.1, sigma = 0,
// T = 100, default options (400 grid steps, 2e4 Monte Carlo samples, 500 response samples,
// coarse-to-fine stages 100 → 200 → 400). Prints wall time and where it goes.
// Usage: node bench/solve.bench.mjs [--grid 400] [--samples 20000] [--response-samples 500]
import { report } from "../../../scripts/bench-report.mjs";
import { solveDmft } from "../dist/index.js";

const args = process.argv.slice(2);
const opt = (name, def) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? Number(args[i + 1]) : def;
};
const options = {
  gridPoints: opt("grid", 400),
  samples: opt("samples", 20000),
  responseSamples: opt("response-samples", 500),
  allowNonConverged: true,
  onProgress: (p) => {
    process.stderr.write(
      `  stage ${p.stage + 1}/${p.stages} (M=${p.gridPoints}) iteration ${p.iteration}: change ${p.residual.toExponential(2)}  [${(p.elapsedMs / 1000).toFixed(1)} s]\n`,
    );
  },
};
const cpu0 = process.cpuUsage();
const r = solveDmft({ alpha: 0.1, delta: 0.5, rho: 0.1, sigma: 0, T: 100 }, options);
const cpu = process.cpuUsage(cpu0);
const cpuSeconds = (cpu.user + cpu.system) / 1e6;
const s = (ms) => `${(ms / 1000).toFixed(2)} s`;
const t = r.timing;
console.log(
  `default solve: ${s(r.wallTimeMs)} (${r.converged ? "converged" : "NOT converged"}, residual ${r.residual.toExponential(2)})`,
);
// On a shared machine the wall time includes waiting for the CPU; the process CPU time is what the
// solve costs on one dedicated core.
console.log(
  `  CPU time of the process: ${cpuSeconds.toFixed(2)} s (wall/CPU = ${(r.wallTimeMs / 1000 / cpuSeconds).toFixed(2)})`,
);
console.log(`  stages: ${r.stages.map((x) => `M=${x.gridPoints}: ${x.iterations} it`).join(", ")}`);
console.log(
  `  Monte Carlo (parameter process + C_Δ): ${s(t.monteCarloMs)}  (${((100 * t.monteCarloMs) / t.totalMs).toFixed(0)}%)`,
);
console.log(
  `  responses (tangent dynamics):          ${s(t.responsesMs)}  (${((100 * t.responsesMs) / t.totalMs).toFixed(0)}%)`,
);
console.log(
  `  Volterra (sample process):             ${s(t.volterraMs)}  (${((100 * t.volterraMs) / t.totalMs).toFixed(0)}%)`,
);
console.log(
  `  Cholesky of delta·C_r:                 ${s(t.choleskyMs)}  (${((100 * t.choleskyMs) / t.totalMs).toFixed(0)}%)`,
);
console.log(
  `  setup (noise paths, moment matching):  ${s(t.setupMs)}  (${((100 * t.setupMs) / t.totalMs).toFixed(0)}%)`,
);
console.log(
  `  ε_gen(T) = ${r.genError[r.t.length - 1].toExponential(4)}, ℓ_train(T) = ${r.trainLoss[r.t.length - 1].toExponential(4)}`,
);
report("dmft", {
  dmftDefaultSolveSeconds: r.wallTimeMs / 1000,
  dmftDefaultSolveCpuSeconds: cpuSeconds,
  dmftMonteCarloSeconds: t.monteCarloMs / 1000,
  dmftResponsesSeconds: t.responsesMs / 1000,
  dmftVolterraSeconds: t.volterraMs / 1000,
  dmftCholeskySeconds: t.choleskyMs / 1000,
});
