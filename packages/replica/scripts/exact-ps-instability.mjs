#!/usr/bin/env node
// The PS instability at K = 3 (or 4, --K 4) from the exact RS free entropy
// (theory/replica-finite-k.md, "The PS instability at K = 3" and "The PS instability at K = 4"): the load where the
// exact PS solution turns unstable towards specialisation, with the default rules and with every rule refined (the
// discretisation estimate), beside the Gaussian-equivalent theory's own PS instability at that K, the exact K = 2
// value and the K → ∞ value. An upper bound on α_PSB(K); equal to it where the transition is continuous. K = 3:
// about 1–2 min per activation with the default rules, 8–10 min refined; K = 4: 5–15 min, and the refined rules
// enter by one Newton step in α (`refinedStepK4`).
//   node packages/replica/scripts/exact-ps-instability.mjs [activations] [--K 3] [--alpha-start 0.1] [--alpha-max 6]
//     [--no-refine]
import {
  alphaPSB,
  createActivation,
  exactK4Problem,
  exactPSInstabilityK2,
  exactPSInstabilityK3,
  exactPSInstabilityK4,
  psStability,
  solveExactPS,
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
if (K !== 3 && K !== 4) throw new Error(`--K must be 3 or 4; got ${process.argv[atK + 1]}`);
const instability = K === 3 ? exactPSInstabilityK3 : exactPSInstabilityK4;

/**
 * K = 4: a refined scan costs ≈ 8× the default one, so the refined rules enter through one Newton step in α: their
 * PS solution and stability measure S at the default rules' instability, divided by the default measure's slope
 * (from its PS solution 0.01 higher). The shift is first order in the rules' error, like a refined scan's.
 */
function refinedStepK4(act, a) {
  const alpha = a.alphaInstability;
  const pr = exactK4Problem(act, 0);
  const prR = exactK4Problem(act, 0, { refine: true });
  const psR = solveExactPS(prR, act, alpha, a.ps);
  const sR = psStability(prR, alpha, psR.p, psR.c);
  const d = 0.01;
  const ps2 = solveExactPS(pr, act, alpha + d, a.ps);
  const slope = psStability(pr, alpha + d, ps2.p, ps2.c) / d;
  return { alphaInstability: alpha - sR / slope, converged: psR.converged && ps2.converged };
}

const rows = [];
for (const name of acts) {
  const act = createActivation(name);
  const t0 = Date.now();
  const a = instability(act, 0, { alphaStart, alphaMax, xtol: 1e-6 });
  const t1 = Date.now();
  const b =
    refine && Number.isFinite(a.alphaInstability)
      ? K === 3
        ? instability(act, 0, {
            alphaStart: Math.max(0.1, Math.floor(10 * a.alphaInstability - 2) / 10),
            alphaMax,
            xtol: 1e-6,
            refine: true,
          })
        : refinedStepK4(act, a)
      : null;
  const k2 = exactPSInstabilityK2(act, 0);
  const row = {
    activation: name,
    alphaInstability: a.alphaInstability,
    refined: b ? b.alphaInstability : Number.NaN,
    q: a.ps.q,
    c: a.ps.c,
    converged: a.converged && (b === null || b.converged),
    gaussianEquivalent: Number.isFinite(a.alphaInstability) ? geInstability(name, K, alphaMax) : Number.NaN,
    K2: k2.alphaInstability,
    Kinf: alphaPSB({ activation: name }).alphaPSB,
    seconds: (t1 - t0) / 1000,
    secondsRefined: (Date.now() - t1) / 1000,
  };
  rows.push(row);
  console.error(JSON.stringify(row));
}
const f = (x, d = 6) => (Number.isFinite(x) ? x.toFixed(d) : "–");
console.log(
  `| g | PS instability, K = ${K}, exact RS | refined rules move it by | q, c there | Gaussian-equivalent, K = ${K} | exact K = 2 | K → ∞ α_PSB |`,
);
console.log("| --- | --- | --- | --- | --- | --- | --- |");
for (const r of rows) {
  const has = Number.isFinite(r.alphaInstability);
  console.log(
    `| ${r.activation} | ${has ? f(r.alphaInstability) : `none below α = ${alphaMax}`}${has && !r.converged ? " (not converged)" : ""} | ${has && Number.isFinite(r.refined) ? Math.abs(r.alphaInstability - r.refined).toExponential(1) : "–"} | ${has ? `${f(r.q, 4)}, ${f(r.c, 4)}` : "–"} | ${f(r.gaussianEquivalent, 4)} | ${Number.isFinite(r.K2) ? f(r.K2) : "none"} | ${f(r.Kinf, 4)} |`,
  );
}
