#!/usr/bin/env node
// Benchmark of the default DMFT solve: DLN, alpha = 0.1, delta = 0.5, rho = 0.1, sigma = 0, T = 100,
// default options (120 grid steps, 12000 samples in 6 replicas on worker threads, every sample's
// responses, half-grid error estimate). Prints the wall time, where it goes, and the ratio against
// the project's own gradient-flow simulation reaching the same standard error of ε_gen at T,
// measured in the same run: S seeds at d = 1000 give a standard error se_sim(S, d); the
// simulation cost to match the DMFT's standard error is extrapolated as seeds ∝ se⁻² (the seed mean
// of independent runs), at the same d.
// Usage: node bench/solve.bench.mjs [--grid 120] [--samples 12000] [--workers N]
import { simulateSeeds } from "@meanfield/dln";
import { report } from "../../../scripts/bench-report.mjs";
import { solveDmftParallel } from "../dist/index.js";

const args = process.argv.slice(2);
const opt = (name, def) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? Number(args[i + 1]) : def;
};
const params = { alpha: 0.1, delta: 0.5, rho: 0.1, sigma: 0, T: 100 };
const options = {
  gridPoints: opt("grid", 120),
  samples: opt("samples", 12000),
  ...(args.includes("--workers") ? { workers: opt("workers", 2) } : {}),
  allowNonConverged: true,
  onReplica: (p) =>
    process.stderr.write(
      `  replica ${p.completed}/${p.replicas} done [${(p.elapsedMs / 1000).toFixed(1)} s]\n`,
    ),
};
const cpu0 = process.cpuUsage();
const r = await solveDmftParallel(params, options);
const cpu = process.cpuUsage(cpu0);
const s = (ms) => `${(ms / 1000).toFixed(2)} s`;
const t = r.timing;
const work = t.monteCarloMs + t.responsesMs + t.volterraMs + t.choleskyMs + t.setupMs;
const M = r.t.length - 1;
console.log(
  `default solve: ${s(r.wallTimeMs)} wall (${r.converged ? "converged" : "NOT converged"}: ${r.message})`,
);
console.log(
  `  replica work summed over threads: ${s(work)}; process CPU (all threads) ${((cpu.user + cpu.system) / 1e6).toFixed(2)} s`,
);
console.log(
  `  iterations per replica and grid: ${r.stages.map((x) => `M=${x.gridPoints}: ${x.iterations}`).join(", ")}`,
);
for (const [name, ms] of [
  ["Monte Carlo (parameter process + C_Δ)", t.monteCarloMs],
  ["responses (tangent dynamics)", t.responsesMs],
  ["Volterra (sample process)", t.volterraMs],
  ["Cholesky of delta·C_r", t.choleskyMs],
  ["setup (design, noise paths)", t.setupMs],
])
  console.log(`  ${name.padEnd(40)} ${s(ms)}  (${((100 * ms) / work).toFixed(0)}% of the work)`);
const seDmft = Math.hypot(r.genErrorStdErr[M], r.genErrorDiscError[M]);
console.log(`  ε_gen(T) = ${r.genError[M].toExponential(4)} ± ${seDmft.toExponential(2)}`);

// The same standard error from the project's own simulation (same process, same minute).
const d = 1000;
const S = 4;
const sim0 = performance.now();
const sim = await simulateSeeds(
  { d, n: Math.round(params.delta * d), ...params, seed: 1, teacherNormalization: "exact" },
  { seeds: S, flowOptions: { times: [0, params.T] } },
);
const simSeconds = (performance.now() - sim0) / 1000;
const seSim = sim.std.genError[1] / Math.sqrt(S);
const seedsNeeded = S * (seSim / seDmft) ** 2;
const simSecondsNeeded = (simSeconds / S) * seedsNeeded;
console.log(
  `  simulation d=${d}, ${S} seeds: ${simSeconds.toFixed(1)} s, se(ε_gen(T)) = ${seSim.toExponential(2)} → ${seedsNeeded.toFixed(0)} seeds ≈ ${simSecondsNeeded.toFixed(0)} s for the DMFT's error`,
);
console.log(
  `  DMFT / simulation time at equal standard error: ${(r.wallTimeMs / 1000 / simSecondsNeeded).toFixed(3)}`,
);
report("dmft", {
  dmftDefaultSolveSeconds: r.wallTimeMs / 1000,
  dmftReplicaWorkSeconds: work / 1000,
  dmftMonteCarloSeconds: t.monteCarloMs / 1000,
  dmftResponsesSeconds: t.responsesMs / 1000,
  dmftVolterraSeconds: t.volterraMs / 1000,
  dmftCholeskySeconds: t.choleskyMs / 1000,
  dmftOverSimulationAtEqualError: r.wallTimeMs / 1000 / simSecondsNeeded,
});
