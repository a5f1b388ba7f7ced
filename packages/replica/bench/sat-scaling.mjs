// Finite-size scaling of the SAT threshold (theory/replica-finite-k.md, "Finite-size scaling of the SAT threshold"):
// ReLU committees, random labels. For each size N one experiment with the largest restart budget R; since restart r
// starts from the same weights whatever the budget, its `satByRestarts` gives the SAT counts of every budget
// r = 1, 2, 4, … ≤ R at once. For each (N, r): the maximum-likelihood logistic threshold α₅₀ with its standard
// error (fitSatThreshold). For each budget: the extrapolation α₅₀(N) = α∞ + b N^(−1/2) (and N^(−1)) by weighted
// least squares. The restart rule: the solver's threshold is measured only where the extrapolations of the smallest
// and the largest budget agree: their difference within two standard errors, the error from resampling instances
// (the budgets share instances, so the combined error of the two would not be that of the difference), printed
// with the difference the comparison could resolve. The epochs per restart are a budget too: compare runs with
// --epochs 2000 and 8000 (or 20N). Each extrapolation is compared two-sided with the exact finite-K RS capacity.
// Runs over the built dist (`pnpm build` first). Defaults: about 25 minutes on 2 cores.
// Usage: node bench/sat-scaling.mjs [--K 2] [--instances 16] [--N 25,50,100,200] [--restarts 16] [--epochs 2000 | 20N]
//        [--loss hinge] [--alphas 1.9:2.7:0.1] [--workers 2]
// (the worker count changes the wall time only: every instance has its own seed)
import { createRng } from "@meanfield/linalg";
import { extrapolateThreshold, fitSatThreshold, satExperiment, storageCapacity } from "@meanfield/replica";

const arg = (name, def) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : def;
};
const K = Number(arg("K", 2));
const instances = Number(arg("instances", 16));
const Ns = arg("N", "25,50,100,200").split(",").map(Number);
const restarts = Number(arg("restarts", 16));
// "--epochs 2000" fixes the epochs per restart; "--epochs 20N" scales them with the size (20 × N)
const epochsArg = arg("epochs", "2000");
const epochsFor = (N) => (epochsArg.endsWith("N") ? Number(epochsArg.slice(0, -1)) * N : Number(epochsArg));
const loss = arg("loss", undefined);
const workers = Number(arg("workers", 2));
const [a0, a1, da] = arg("alphas", "1.9:2.7:0.1").split(":").map(Number);
const alphas = [];
for (let a = a0; a <= a1 + 1e-9; a += da) alphas.push(Math.round(a * 1000) / 1000);
const budgets = [];
for (let r = 1; r <= restarts; r *= 2) budgets.push(r);
const log = (s) => console.log(s);
const t0 = Date.now();
const solverFor = (N) => ({ restarts, epochs: epochsFor(N), ...(loss ? { loss } : {}) });
log(
  `ReLU, K = ${K}, ${instances} instances per load, loads ${alphas[0]} … ${alphas.at(-1)}, seed 1, ${epochsArg.endsWith("N") ? `${epochsArg.slice(0, -1)} × N` : epochsArg} epochs per restart, loss ${loss ?? "default"}, budgets ${budgets.join(", ")} restarts from one run per N`,
);
log(`| N | ${budgets.map((r) => `${r} restart${r > 1 ? "s" : ""}`).join(" | ")} | wall |`);
log(`|---|${budgets.map(() => "---|").join("")}---|`);
const table = new Map(budgets.map((r) => [r, []]));
const runs = [];
for (const N of Ns) {
  const t = Date.now();
  const r = await satExperiment({
    activation: "relu",
    N,
    K,
    alphas,
    instances,
    seed: 1,
    workers,
    solver: solverFor(N),
  });
  const cells = budgets.map((b) => {
    const fit = fitSatThreshold(
      r.points.map((p) => ({ alpha: p.alpha, instances: p.instances, sat: p.satByRestarts[b - 1] })),
    );
    if (fit.converged && Number.isFinite(fit.standardError))
      table.get(b).push({ N, alpha50: fit.alpha50, standardError: fit.standardError });
    return fit.converged ? `${fit.alpha50.toFixed(3)} ± ${fit.standardError.toFixed(3)}` : "not resolved";
  });
  runs.push({ N, points: r.points });
  log(`| ${N} | ${cells.join(" | ")} | ${((Date.now() - t) / 1000).toFixed(0)} s |`);
  log(`  SAT counts within ${restarts} restarts: ${r.points.map((p) => `${p.alpha}:${p.sat}`).join(" ")}`);
}
const rs = storageCapacity({ activation: "relu", K });
for (const exponent of [0.5, 1]) {
  const ext = [];
  for (const b of budgets) {
    const rows = table.get(b);
    if (rows.length < 2) continue;
    const e = extrapolateThreshold(rows, exponent);
    ext.push({ b, e });
    const z = (rs.alphaC - e.alphaInfinity) / Math.hypot(rs.standardError ?? 0, e.standardError);
    log(
      `N^(−${exponent}), ${b} restart${b > 1 ? "s" : ""}: α∞ = ${e.alphaInfinity.toFixed(3)} ± ${e.standardError.toFixed(3)} (slope ${e.slope.toFixed(2)}, χ² ${e.chi2.toFixed(1)} for ${e.dof} dof); exact RS α_c(K = ${K}) = ${rs.alphaC.toFixed(3)} ± ${rs.standardError?.toFixed(3)}: gap ${(rs.alphaC - e.alphaInfinity).toFixed(3)}, z = ${z.toFixed(1)}`,
    );
  }
  if (ext.length >= 2) {
    const lo = ext[0];
    const hi = ext.at(-1);
    const d = hi.e.alphaInfinity - lo.e.alphaInfinity;
    const s = bootstrapDifference(lo.b, hi.b, exponent);
    if (s.used < s.replicates / 2) {
      log(
        `  restart rule (N^(−${exponent})): not resolved (${s.used} of ${s.replicates} resamples could be fitted)`,
      );
      continue;
    }
    log(
      `  restart rule (N^(−${exponent})): α∞(${hi.b}) − α∞(${lo.b}) = ${d.toFixed(3)} ± ${s.se.toFixed(3)} (bootstrap over instances, ${s.used} of ${s.replicates} resamples fitted; ${(d / s.se).toFixed(1)} s.e.; a true difference of ${(2.8 * s.se).toFixed(3)} would be seen 4 times in 5): ${Math.abs(d) <= 2 * s.se ? "no dependence on the restarts resolved" : "the limit still depends on the restarts"}`,
    );
  }
}

/**
 * Standard error of α∞(hi) − α∞(lo) by resampling instances: the two budgets share instances, so their errors are
 * correlated and the combined standard error is not that of the difference. Within a load, instances are
 * exchangeable and `satByRestarts` gives the distribution of the first successful restart, from which each
 * resample draws `instances` new ones.
 */
function bootstrapDifference(lo, hi, exponent, replicates = 400) {
  const rng = createRng("sat-scaling-bootstrap");
  const diffs = [];
  for (let b = 0; b < replicates; b++) {
    const rowsLo = [];
    const rowsHi = [];
    for (const { N, points } of runs) {
      const resampled = points.map((p) => {
        const first = new Array(restarts + 1).fill(0); // first[r − 1]: first success at restart r; first[restarts]: never
        for (let i = 0; i < p.instances; i++) {
          const u = rng.int(p.instances);
          const r = p.satByRestarts.findIndex((c) => u < c);
          first[r < 0 ? restarts : r]++;
        }
        let c = 0;
        const cum = first.slice(0, restarts).map((x) => (c += x));
        return { alpha: p.alpha, instances: p.instances, cum };
      });
      for (const [budget, rows] of [
        [lo, rowsLo],
        [hi, rowsHi],
      ]) {
        const f = fitSatThreshold(
          resampled.map((p) => ({ alpha: p.alpha, instances: p.instances, sat: p.cum[budget - 1] })),
        );
        if (f.converged && f.standardError > 0)
          rows.push({ N, alpha50: f.alpha50, standardError: f.standardError });
      }
    }
    // the sizes the main fits used for each budget must all fit again, or the resample is dropped
    const sizes = (budget) =>
      table
        .get(budget)
        .map((row) => row.N)
        .join(",");
    const keep = (rows, budget) => rows.filter((row) => table.get(budget).some((t) => t.N === row.N));
    const useLo = keep(rowsLo, lo);
    const useHi = keep(rowsHi, hi);
    if (
      useLo.map((row) => row.N).join(",") !== sizes(lo) ||
      useHi.map((row) => row.N).join(",") !== sizes(hi)
    )
      continue;
    diffs.push(
      extrapolateThreshold(useHi, exponent).alphaInfinity -
        extrapolateThreshold(useLo, exponent).alphaInfinity,
    );
  }
  const m = diffs.reduce((a, x) => a + x, 0) / diffs.length;
  const v = diffs.reduce((a, x) => a + (x - m) ** 2, 0) / (diffs.length - 1);
  return { se: Math.sqrt(v), used: diffs.length, replicates };
}
log(`total ${((Date.now() - t0) / 60000).toFixed(1)} min`);
