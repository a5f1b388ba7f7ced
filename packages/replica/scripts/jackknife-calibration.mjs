#!/usr/bin/env node
// Calibration of the jackknife standard error of the Monte Carlo PS rules
// (theory/replica-finite-k.md, "The PS instability at K ≥ 5 by Monte Carlo"):
// at ReLU's PS point near the K = 3 instability (or K = 4's, argument 4) the
// free entropy and the stability measure from `monteCarloPSProblem` over many seeds, each against the quadrature
// rules (exactK3Problem / exactK4Problem), in units of its jackknife standard error over 8 groups. If the error is
// right, the deviations follow Student's t with 7 degrees of freedom: root mean square √(7/5) = 1.18.
//   node packages/replica/scripts/jackknife-calibration.mjs [K = 3] [seeds = 40] [directions = 256]
// Prints one line per seed (seed, z of the free entropy, z of the measure, their standard errors) and the summary.
import { jackknifeError } from "@meanfield/linalg";
import {
  createActivation,
  exactK3Problem,
  exactK4Problem,
  exactPSFreeEntropy,
  monteCarloPSProblem,
  psStability,
} from "../dist/index.js";

const relu = createActivation("relu");
const [K, nSeeds, dirs] = [
  Number(process.argv[2] ?? 3),
  Number(process.argv[3] ?? 40),
  Number(process.argv[4] ?? 256),
];
const pt = K === 3 ? [0.709569, 0.3276, -0.491] : [0.744219, 0.27010909382796633, -0.6406090291929526];
const quad = K === 3 ? exactK3Problem(relu, 0) : exactK4Problem(relu, 0);
const [alpha, p, c] = pt;
const fq = exactPSFreeEntropy(quad, alpha, p, c),
  sq = psStability(quad, alpha, p, c);
function jk(mc, f) {
  const value = f(mc.problem);
  const v = Array.from({ length: mc.problem.batches }, (_, i) => f(mc.batchProblem(i)));
  return { value, se: jackknifeError(value, v).standardError };
}
const zf = [],
  zs = [];
const t0 = performance.now();
for (let seed = 100; seed < 100 + nSeeds; seed++) {
  const mc = monteCarloPSProblem(relu, K, 0, { directions: dirs, seed });
  const f = jk(mc, (pr) => exactPSFreeEntropy(pr, alpha, p, c));
  const s = jk(mc, (pr) => psStability(pr, alpha, p, c));
  zf.push((f.value - fq) / f.se);
  zs.push((s.value - sq) / s.se);
  console.log(
    seed,
    ((f.value - fq) / f.se).toFixed(3),
    ((s.value - sq) / s.se).toFixed(3),
    f.se.toExponential(2),
    s.se.toExponential(2),
  );
}
const rms = (a) => Math.sqrt(a.reduce((x, y) => x + y * y, 0) / a.length);
console.log(
  "K",
  K,
  "dirs",
  dirs,
  "seeds",
  nSeeds,
  "rms z f",
  rms(zf).toFixed(3),
  "rms z measure",
  rms(zs).toFixed(3),
  "s",
  ((performance.now() - t0) / 1000).toFixed(1),
);
