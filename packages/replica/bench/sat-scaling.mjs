// Finite-size scaling of the SAT threshold (theory/replica-finite-k.md, "Finite-size scaling of the SAT threshold"):
// ReLU committees, random labels. For each size N one experiment with the largest restart budget R; since restart r
// starts from the same weights whatever the budget, its `satByRestarts` gives the SAT counts of every budget
// r = 1, 2, 4, … ≤ R at once. For each (N, r): the maximum-likelihood logistic threshold α₅₀ with its standard
// error (fitSatThreshold). For each budget: the extrapolation α₅₀(N) = α∞ + b N^(−1/2) (and N^(−1)) by weighted
// least squares. The restart rule (restartRule): the solver's threshold is measured only where the extrapolations of the smallest
// and the largest budget agree: their difference within two standard errors, the error from resampling instances
// (the budgets share instances, so the combined error of the two would not be that of the difference), printed
// with the difference the comparison could resolve. Then one limit for every budget (extrapolateCommonLimit):
// α₅₀(N, r) = α∞ + b_r N^(−ν) fitted to all budgets at once with the covariance of each size's thresholds, ν = ½,
// 1 or fitted; its profile-χ² interval and the p-value of one limit. The epochs per restart are a budget too: compare runs with
// --epochs 2000 and 8000 (or 20N). Each extrapolation is compared two-sided with the exact finite-K RS capacity.
// Runs over the built dist (`pnpm build` first). Defaults (2000 epochs, 16 restarts, N up to 200): about 30 minutes on 2 cores.
// Usage: node bench/sat-scaling.mjs [--K 2] [--instances 16] [--N 25,50,100,200] [--restarts 16] [--epochs 2000 | 20N]
//        [--loss hinge] [--alphas 1.9:2.7:0.1] [--workers 2] [--out runs.json] [--from a.json,b.json]
// --out writes every size's SAT counts per restart budget (rewritten whole after each size), --from reads such files and
// analyses their sizes beside the ones run now (same K, epochs rule and loss required), so a large size can be added
// later, with its own loads, without repeating the small ones.
// (the worker count changes the wall time only: every instance has its own seed)
import { readFileSync, renameSync, writeFileSync } from "node:fs";
import {
  extrapolateCommonLimit,
  extrapolateThreshold,
  fitSatThreshold,
  restartRule,
  satExperiment,
  storageCapacity,
} from "@meanfield/replica";

const arg = (name, def) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : def;
};
const K = Number(arg("K", 2));
const instances = Number(arg("instances", 16));
const Ns = arg("N", "25,50,100,200").split(",").filter(Boolean).map(Number);
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
const outPath = arg("out", undefined);
const fromPaths = (arg("from", "") ?? "").split(",").filter(Boolean);
const loaded = [];
for (const path of fromPaths) {
  const saved = JSON.parse(readFileSync(path, "utf8"));
  if (saved.K !== K || saved.epochs !== epochsArg || (saved.loss ?? null) !== (loss ?? null))
    throw new Error(
      `--from ${path}: K ${saved.K}, epochs ${saved.epochs}, loss ${saved.loss} differ from this run's K ${K}, epochs ${epochsArg}, loss ${loss}`,
    );
  loaded.push(...saved.runs);
}
const sizes = [...loaded.map((r) => ({ N: r.N, saved: r })), ...Ns.map((N) => ({ N, saved: null }))].sort(
  (a, b) => a.N - b.N,
);
const save = () => {
  if (!outPath) return;
  const own = runs.filter((r) => Ns.includes(r.N));
  writeFileSync(
    `${outPath}.tmp`,
    `${JSON.stringify({ K, epochs: epochsArg, loss: loss ?? null, instances, runs: own })}\n`,
  );
  renameSync(`${outPath}.tmp`, outPath);
};
for (const { N, saved } of sizes) {
  const t = Date.now();
  const r =
    saved ??
    (await satExperiment({
      activation: "relu",
      N,
      K,
      alphas,
      instances,
      seed: 1,
      workers,
      solver: solverFor(N),
    }));
  const cells = budgets.map((b) => {
    const fit = fitSatThreshold(
      r.points.map((p) => ({ alpha: p.alpha, instances: p.instances, sat: p.satByRestarts[b - 1] })),
    );
    if (fit.converged && Number.isFinite(fit.standardError))
      table.get(b).push({ N, alpha50: fit.alpha50, standardError: fit.standardError });
    return fit.converged ? `${fit.alpha50.toFixed(3)} ± ${fit.standardError.toFixed(3)}` : "not resolved";
  });
  runs.push({
    N,
    points: r.points.map(({ alpha, instances, sat, satByRestarts }) => ({
      alpha,
      instances,
      sat,
      satByRestarts,
    })),
  });
  save();
  log(`| ${N} | ${cells.join(" | ")} | ${saved ? "read" : `${((Date.now() - t) / 1000).toFixed(0)} s`} |`);
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
    const rule = restartRule(runs, ext[0].b, ext.at(-1).b, exponent, {
      resamples: 400,
      seed: "sat-scaling-bootstrap",
    });
    log(
      Number.isFinite(rule.standardError)
        ? `  restart rule (N^(−${exponent})): α∞(${rule.high}) − α∞(${rule.low}) = ${rule.difference.toFixed(3)} ± ${rule.standardError.toFixed(3)} (resampling instances, ${rule.used} of ${rule.resamples} resamples fitted; ${(rule.difference / rule.standardError).toFixed(1)} s.e.; a true difference of ${rule.detectable.toFixed(3)} would be seen 4 times in 5): ${rule.message}`
        : `  restart rule (N^(−${exponent})): ${rule.message}`,
    );
  }
}
// one limit for every budget (extrapolateCommonLimit): the budgets' thresholds fitted together with their
// covariance from resampling instances, the exponent fixed or fitted; χ² tests whether one limit fits them all
if (runs.length >= 2)
  for (const exponent of [0.5, 1, "fit"]) {
    if (exponent === "fit" && runs.length < 3) continue;
    try {
      const c = extrapolateCommonLimit(runs, budgets, {
        exponent,
        resamples: 400,
        seed: "sat-scaling-common",
      });
      // the interval is asymmetric: the comparison uses its side that faces the RS value
      const side =
        rs.alphaC > c.alphaInfinity ? c.interval68[1] - c.alphaInfinity : c.alphaInfinity - c.interval68[0];
      const z = (rs.alphaC - c.alphaInfinity) / Math.hypot(rs.standardError ?? 0, side);
      log(
        `one limit, budgets ${budgets.join(", ")}, ${exponent === "fit" ? `ν fitted in [${c.exponentRange.join(", ")}]: ν = ${c.exponent.toFixed(2)}` : `ν = ${exponent}`}: α∞ = ${c.alphaInfinity.toFixed(3)} ± ${c.standardError.toFixed(3)} (68 %: ${c.interval68.map((x) => x.toFixed(3)).join(" … ")}, 95 %: ${c.interval95.map((x) => x.toFixed(3)).join(" … ")}; sizes ${c.sizes.map((x) => x.N).join(", ")}); ${c.message}; exact RS ${rs.alphaC.toFixed(3)}: gap ${(rs.alphaC - c.alphaInfinity).toFixed(3)}, z = ${z.toFixed(1)}`,
      );
    } catch (e) {
      log(`one limit (ν ${exponent}): ${e.message}`);
    }
  }
log(`total ${((Date.now() - t0) / 60000).toFixed(1)} min`);
