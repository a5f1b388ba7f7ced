#!/usr/bin/env node
// The PS instability at K = 3 (or 4, --K 4) from the exact RS free entropy
// (theory/replica-finite-k.md, "The PS instability at K = 3" and "The PS instability at K = 4"): the load where the
// exact PS solution turns unstable towards specialisation, with the default rules and with every rule refined (the
// discretisation estimate), beside the Gaussian-equivalent theory's own PS instability at that K, the exact K = 2
// value and the K → ∞ value. An upper bound on α_PSB(K); equal to it where the transition is continuous. K = 3:
// about 1–2 min per activation; K = 4: 5–15 min. The refined rules enter by one Newton step in α (the result's
// discretisationError, `refinedInstabilityShift`); --no-refine skips them. K ≥ 5 (or --mc at K = 3, 4): the angular
// integral by Monte Carlo over random directions (`exactPSInstabilityMC`; --directions 1008, --seed 1), with the
// jackknife standard error in place of the discretisation estimate.
//   node packages/replica/scripts/exact-ps-instability.mjs [activations] [--K 3] [--alpha-start 0.1] [--alpha-max 6]
//     [--no-refine] [--mc] [--directions 1008] [--seed 1]
import {
  alphaPSB,
  createActivation,
  exactPSInstabilityK2,
  exactPSInstabilityK3,
  exactPSInstabilityK4,
  exactPSInstabilityMC,
} from "../dist/index.js";
import { geInstability } from "./ge-ps-instability.mjs";

const acts = (
  process.argv[2] && !process.argv[2].startsWith("--") ? process.argv[2] : "relu,softplus,erf,tanh,sigmoid"
).split(",");
const at = process.argv.indexOf("--alpha-max");
const alphaMax = at > 0 ? Number(process.argv[at + 1]) : 6;
const refine = !process.argv.includes("--no-refine");
const atStart = process.argv.indexOf("--alpha-start");
const alphaStart = atStart > 0 ? Number(process.argv[atStart + 1]) : 0.1;
const atK = process.argv.indexOf("--K");
const K = atK > 0 ? Number(process.argv[atK + 1]) : 3;
if (!Number.isInteger(K) || K < 3 || K > 12)
  throw new Error(`--K must be an integer in [3, 12]; got ${process.argv[atK + 1]}`);
const atDirs = process.argv.indexOf("--directions");
const directions = atDirs > 0 ? Number(process.argv[atDirs + 1]) : 1008;
const atSeed = process.argv.indexOf("--seed");
const seed = atSeed > 0 ? Number(process.argv[atSeed + 1]) : 1;
const mc = K >= 5 || process.argv.includes("--mc");
const instability = mc
  ? (act, kappa, options) => exactPSInstabilityMC(act, K, kappa, { ...options, directions, seed, xtol: 1e-4 })
  : K === 3
    ? exactPSInstabilityK3
    : exactPSInstabilityK4;

const rows = [];
for (const name of acts) {
  const act = createActivation(name);
  const t0 = Date.now();
  const a = instability(act, 0, {
    alphaStart,
    alphaMax,
    xtol: 1e-6,
    errorEstimate: refine,
    onProgress: (e) =>
      console.error(
        `${name}, K = ${K}: α = ${e.alpha.toFixed(6)}, measure ${e.stability.toExponential(3)} (${e.phase}, ${((Date.now() - t0) / 1000).toFixed(0)} s)`,
      ),
  });
  const seconds = (Date.now() - t0) / 1000;
  const k2 = exactPSInstabilityK2(act, 0, { errorEstimate: false }); // only its value is shown
  const row = {
    activation: name,
    alphaInstability: a.alphaInstability,
    error: mc ? a.standardError : a.discretisationError,
    interval95: mc ? a.interval95 : undefined,
    q: a.ps.q,
    c: a.ps.c,
    converged: a.converged,
    gaussianEquivalent: Number.isFinite(a.alphaInstability) ? geInstability(name, K, alphaMax) : Number.NaN,
    K2: k2.alphaInstability,
    Kinf: alphaPSB({ activation: name }).alphaPSB,
    seconds,
  };
  rows.push(row);
  console.error(JSON.stringify(row));
}
const f = (x, d = 6) => (Number.isFinite(x) ? x.toFixed(d) : "–");
console.log(
  `| g | PS instability, K = ${K}, exact RS | ${mc ? `Monte Carlo s.e. (${directions} directions, seed ${seed}; 95 % interval by Student's t, 7 degrees of freedom)` : "refined rules move it by"} | q, c there | Gaussian-equivalent, K = ${K} | exact K = 2 | K → ∞ α_PSB |`,
);
console.log("| --- | --- | --- | --- | --- | --- | --- |");
for (const r of rows) {
  const has = Number.isFinite(r.alphaInstability);
  console.log(
    `| ${r.activation} | ${has ? f(r.alphaInstability) : `none below α = ${alphaMax}`}${has && !r.converged ? " (not converged)" : ""} | ${has && Number.isFinite(r.error) ? r.error.toExponential(1) : "–"}${has && r.interval95 && Number.isFinite(r.interval95[0]) ? ` (${f(r.interval95[0], 4)}–${f(r.interval95[1], 4)})` : ""} | ${has ? `${f(r.q, 4)}, ${f(r.c, 4)}` : "–"} | ${f(r.gaussianEquivalent, 4)} | ${Number.isFinite(r.K2) ? f(r.K2) : "none"} | ${f(r.Kinf, 4)} |`,
  );
}
