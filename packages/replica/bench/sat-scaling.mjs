// Finite-size scaling of the SAT threshold (theory/replica-finite-k.md, "Finite-size scaling of the SAT threshold"):
// ReLU committees at K = 2, N = 25 … 200, random labels; per N the maximum-likelihood logistic threshold α₅₀ with its
// standard error (fitSatThreshold), a budget check (4× epochs, 4× restarts) at one size, and the extrapolation
// α₅₀(N) = α∞ + b N^(−1/2) (and N^(−1)), compared two-sided with the exact finite-K RS capacity.
// Runs over the built dist (`pnpm build` first); about 15–25 minutes on 2 cores.
// Usage: node bench/sat-scaling.mjs [K] [instances]
import { extrapolateThreshold, fitSatThreshold, satExperiment, storageCapacity } from "@meanfield/replica";

const K = Number(process.argv[2] ?? 2);
const instances = Number(process.argv[3] ?? 16);
const Ns = [25, 50, 100, 200];
const alphas = Array.from({ length: 13 }, (_, i) => Math.round((1.5 + 0.1 * i) * 100) / 100);
const log = (s) => console.log(s);
const t0 = Date.now();
const run = async (N, solver = {}) => {
  const r = await satExperiment({ activation: "relu", N, K, alphas, instances, seed: 1, workers: 2, solver });
  const fit = fitSatThreshold(r.points);
  const counts = r.points.map((p) => `${p.alpha}:${p.sat}`).join(" ");
  return { N, fit, counts };
};
log(
  `ReLU, K = ${K}, ${instances} instances per load, loads ${alphas[0]} … ${alphas.at(-1)} step 0.1, seed 1`,
);
log("| N | SAT counts per load | α₅₀ ± s.e. | width | wall |");
log("|---|---|---|---|---|");
const rows = [];
for (const N of Ns) {
  const t = Date.now();
  const r = await run(N);
  rows.push({ N, alpha50: r.fit.alpha50, standardError: r.fit.standardError });
  log(
    `| ${N} | ${r.counts} | ${r.fit.alpha50.toFixed(3)} ± ${r.fit.standardError.toFixed(3)}${r.fit.converged ? "" : " (not resolved)"} | ${r.fit.width.toFixed(3)} | ${((Date.now() - t) / 1000).toFixed(0)} s |`,
  );
}
const Nb = 50;
for (const [name, solver] of [
  ["4× epochs", { epochs: 8000 }],
  ["4× restarts", { restarts: 8 }],
]) {
  const t = Date.now();
  const r = await run(Nb, solver);
  log(
    `budget N = ${Nb}, ${name}: α₅₀ = ${r.fit.alpha50.toFixed(3)} ± ${r.fit.standardError.toFixed(3)} (${r.counts}; ${((Date.now() - t) / 1000).toFixed(0)} s)`,
  );
}
const rs = storageCapacity({ activation: "relu", K });
for (const exponent of [0.5, 1]) {
  const e = extrapolateThreshold(rows, exponent);
  const z = (rs.alphaC - e.alphaInfinity) / Math.hypot(rs.standardError ?? 0, e.standardError);
  log(
    `extrapolation in N^(−${exponent}): α∞ = ${e.alphaInfinity.toFixed(3)} ± ${e.standardError.toFixed(3)} (χ² ${e.chi2.toFixed(1)} for ${e.dof} dof); exact RS α_c(K = ${K}) = ${rs.alphaC.toFixed(3)} ± ${rs.standardError?.toFixed(3)}: gap ${(rs.alphaC - e.alphaInfinity).toFixed(3)}, z = ${z.toFixed(1)}`,
  );
}
log(`total ${((Date.now() - t0) / 60000).toFixed(1)} min`);
