// The SAT-experiment calibration table of the README ("How strong is the empirical check?"): SAT counts
// and the crossing of 1/2 for the annealed solver (default) and the constant-margin one (anneal: false), both with
// the squared hinge loss (the default at K = 1; at K ≥ 2 the default is now the hinge, compared in the README's
// scaling table), next to the exact K = 1 reference (Cover's function-counting probability). Seed 1, 2 worker threads.
// Runs over the built dist (`pnpm build` first); a few minutes on 2 cores.
// Usage: node bench/sat-calibration.mjs [case ...]  (cases: erf-k1 erf-k1-near relu-k1 relu-k2-n100 relu-k2-n50 relu-k3-n50 relu-k3-n100)
import { satExperiment } from "@meanfield/replica";

const grid = [1.5, 1.75, 2, 2.25, 2.5, 2.75];
const cases = {
  "erf-k1": { activation: "erf", N: 100, K: 1, alphas: [1.6, 1.8, 2, 2.2, 2.4], instances: 20 },
  "erf-k1-near": { activation: "erf", N: 100, K: 1, alphas: [1.9, 2, 2.1], instances: 40 },
  "relu-k1": { activation: "relu", N: 100, K: 1, alphas: [1.4, 1.6, 1.8, 2], instances: 20 },
  "relu-k2-n100": { activation: "relu", N: 100, K: 2, alphas: grid, instances: 20 },
  "relu-k2-n50": { activation: "relu", N: 50, K: 2, alphas: grid, instances: 20 },
  "relu-k3-n50": { activation: "relu", N: 50, K: 3, alphas: grid, instances: 20 },
  "relu-k3-n100": { activation: "relu", N: 100, K: 3, alphas: [1.75, 2, 2.25, 2.5], instances: 10 },
};

/** Cover (1965): P(P Gaussian points with random labels in R^N are separable through the origin). */
function coverProbability(N, P) {
  let c = 1;
  let s = 0;
  for (let k = 0; k < Math.min(N, P); k++) {
    s += c;
    c = (c * (P - 1 - k)) / (k + 1);
  }
  return s * 2 ** (1 - P);
}

const names = process.argv.length > 2 ? process.argv.slice(2) : Object.keys(cases);
for (const name of names) {
  const c = cases[name];
  if (c === undefined) throw new Error(`unknown case ${name}; known: ${Object.keys(cases).join(", ")}`);
  for (const anneal of [false, true]) {
    const r = await satExperiment({ ...c, seed: 1, workers: 2, solver: { anneal, loss: "squared-hinge" } });
    const counts = r.points.map((p) => `${p.alpha}:${p.sat}/${p.instances}`).join(" ");
    const emp = r.alphaEmpirical === null ? "none" : r.alphaEmpirical.toFixed(3);
    console.log(`${name} anneal=${anneal}  ${counts}  crossing ${emp}`);
  }
  if (c.K === 1 && c.activation === "erf") {
    const exp = c.alphas.map((a) => (c.instances * coverProbability(c.N, Math.round(a * c.N))).toFixed(1));
    console.log(`${name} Cover expects ${exp.join(" / ")}`);
  }
}
