// Finite-size scaling of the SAT threshold (theory/replica-finite-k.md, "Finite-size scaling of the SAT threshold"):
// ReLU committees, random labels; for each size N and restart budget the maximum-likelihood logistic threshold α₅₀
// with its standard error (fitSatThreshold); the budget is raised ×4 until α₅₀ moves by less than the combined
// standard error (the stopping rule), and the thresholds at the largest budget are extrapolated,
// α₅₀(N) = α∞ + b N^(−1/2) (and N^(−1)), and compared two-sided with the exact finite-K RS capacity.
// Runs over the built dist (`pnpm build` first). Defaults: about 40 minutes on 2 cores.
// Usage: node bench/sat-scaling.mjs [--K 2] [--instances 16] [--N 25,50,100] [--restarts 2,8,32] [--workers 2]
// (the worker count changes the wall time only: every instance has its own seed)
import { extrapolateThreshold, fitSatThreshold, satExperiment, storageCapacity } from "@meanfield/replica";

const arg = (name, def) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : def;
};
const K = Number(arg("K", 2));
const instances = Number(arg("instances", 16));
const Ns = arg("N", "25,50,100").split(",").map(Number);
const budgets = arg("restarts", "2,8,32").split(",").map(Number);
const workers = Number(arg("workers", 2));
const alphas = Array.from({ length: 13 }, (_, i) => Math.round((1.5 + 0.1 * i) * 100) / 100);
const log = (s) => console.log(s);
const t0 = Date.now();
log(
  `ReLU, K = ${K}, ${instances} instances per load, loads ${alphas[0]} … ${alphas.at(-1)} step 0.1, seed 1, 2000 epochs per restart`,
);
log("| N | restarts | SAT counts per load | α₅₀ ± s.e. | moved (combined s.e.) | wall |");
log("|---|---|---|---|---|---|");
const rows = [];
for (const N of Ns) {
  let prev = null;
  let last = null;
  for (const restarts of budgets) {
    const t = Date.now();
    const r = await satExperiment({
      activation: "relu",
      N,
      K,
      alphas,
      instances,
      seed: 1,
      workers,
      solver: { restarts },
    });
    const fit = fitSatThreshold(r.points);
    const counts = r.points.map((p) => `${p.alpha}:${p.sat}`).join(" ");
    const moved =
      prev === null
        ? "–"
        : `${(fit.alpha50 - prev.alpha50).toFixed(3)} (${((fit.alpha50 - prev.alpha50) / Math.hypot(fit.standardError, prev.standardError)).toFixed(1)})`;
    log(
      `| ${N} | ${restarts} | ${counts} | ${fit.alpha50.toFixed(3)} ± ${fit.standardError.toFixed(3)}${fit.converged ? "" : " (not resolved)"} | ${moved} | ${((Date.now() - t) / 1000).toFixed(0)} s |`,
    );
    prev = fit;
    last = { N, alpha50: fit.alpha50, standardError: fit.standardError, restarts };
  }
  rows.push(last);
}
const rs = storageCapacity({ activation: "relu", K });
for (const exponent of rows.length >= 2 ? [0.5, 1] : []) {
  const e = extrapolateThreshold(rows, exponent);
  const z = (rs.alphaC - e.alphaInfinity) / Math.hypot(rs.standardError ?? 0, e.standardError);
  log(
    `extrapolation in N^(−${exponent}) at the largest budget: α∞ = ${e.alphaInfinity.toFixed(3)} ± ${e.standardError.toFixed(3)} (χ² ${e.chi2.toFixed(1)} for ${e.dof} dof); exact RS α_c(K = ${K}) = ${rs.alphaC.toFixed(3)} ± ${rs.standardError?.toFixed(3)}: gap ${(rs.alphaC - e.alphaInfinity).toFixed(3)}, z = ${z.toFixed(1)}`,
  );
}
log(`total ${((Date.now() - t0) / 60000).toFixed(1)} min`);
