#!/usr/bin/env node
// The PS instability at K = 3 from the exact RS free entropy
// (theory/replica-finite-k.md, "The PS instability at K = 3"): the load where the exact PS solution turns unstable towards specialisation, with the default rules and
// with every rule twofold refined (the discretisation estimate), beside the Gaussian-equivalent theory's own PS
// instability at K = 3, the exact K = 2 value and the K → ∞ value. An upper bound on α_PSB(3); equal to it where
// the transition is continuous. About 1–2 min per activation with the default rules, 8–10 min refined.
//   node packages/replica/scripts/exact-k3-ps-instability.mjs [activations] [--alpha-max 6] [--no-refine]
import { alphaPSB, createActivation, exactPSInstabilityK2, exactPSInstabilityK3 } from "../dist/index.js";
import { geInstability } from "./ge-ps-instability.mjs";

const acts = (
  process.argv[2] && !process.argv[2].startsWith("--") ? process.argv[2] : "relu,softplus,erf,tanh,sigmoid"
).split(",");
const at = process.argv.indexOf("--alpha-max");
const alphaMax = at > 0 ? Number(process.argv[at + 1]) : 6;
const refine = !process.argv.includes("--no-refine");

const rows = [];
for (const name of acts) {
  const act = createActivation(name);
  const t0 = Date.now();
  const a = exactPSInstabilityK3(act, 0, { alphaMax, xtol: 1e-6 });
  const t1 = Date.now();
  const b =
    refine && Number.isFinite(a.alphaInstability)
      ? exactPSInstabilityK3(act, 0, {
          alphaStart: Math.max(0.1, Math.floor(10 * a.alphaInstability - 2) / 10),
          alphaMax,
          xtol: 1e-6,
          refine: true,
        })
      : null;
  const k2 = exactPSInstabilityK2(act, 0);
  const row = {
    activation: name,
    alphaInstability: a.alphaInstability,
    refined: b ? b.alphaInstability : Number.NaN,
    q: a.ps.q,
    c: a.ps.c,
    converged: a.converged && (b === null || b.converged),
    gaussianEquivalent: Number.isFinite(a.alphaInstability) ? geInstability(name, 3, alphaMax) : Number.NaN,
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
  "| g | PS instability, K = 3, exact RS | refined rules move it by | q, c there | Gaussian-equivalent, K = 3 | exact K = 2 | K → ∞ α_PSB |",
);
console.log("| --- | --- | --- | --- | --- | --- | --- |");
for (const r of rows) {
  const has = Number.isFinite(r.alphaInstability);
  console.log(
    `| ${r.activation} | ${has ? f(r.alphaInstability) : `none below α = ${alphaMax}`}${has && !r.converged ? " (not converged)" : ""} | ${has && Number.isFinite(r.refined) ? Math.abs(r.alphaInstability - r.refined).toExponential(1) : "–"} | ${has ? `${f(r.q, 4)}, ${f(r.c, 4)}` : "–"} | ${f(r.gaussianEquivalent, 4)} | ${Number.isFinite(r.K2) ? f(r.K2) : "none"} | ${f(r.Kinf, 4)} |`,
  );
}
