#!/usr/bin/env node
// α_PSB at K = 2 from the exact RS free entropy (theory/replica-finite-k.md, "The exact free entropy at K = 2"):
// the PS instability (default rules and twofold refined: the discretisation estimate), the crossing of the PSB and
// PS free entropies followed by continuation from α = 2 (ReLU ≈ 5 min, GELU ≈ 20 min; --no-crossing skips it), the
// Gaussian-equivalent theory's own PS instability at K = 2 and the K → ∞ value.
//   node packages/replica/scripts/exact-k2-psb.mjs [activations] [--no-crossing]
import { alphaPSB, createActivation, exactPSBTransitionK2, exactPSInstabilityK2 } from "../dist/index.js";
import { geInstability } from "./ge-ps-instability.mjs";

const acts = (
  process.argv[2] && !process.argv[2].startsWith("--")
    ? process.argv[2]
    : "relu,softplus,gelu,quadratic,erf,sign"
).split(",");
const crossing = !process.argv.includes("--no-crossing");

const rows = [];
for (const name of acts) {
  const act = createActivation(name);
  const t0 = Date.now();
  const a = exactPSInstabilityK2(act, 0, { errorEstimate: false }); // the refined scan below gives the error
  const b = exactPSInstabilityK2(act, 0, { refine: true });
  const inf = alphaPSB({ activation: name });
  const ge = Number.isFinite(a.alphaInstability) ? geInstability(name, 2, 3) : Number.NaN;
  const row = {
    activation: name,
    alphaPSB: a.alphaInstability,
    discretisation: Math.abs(a.alphaInstability - b.alphaInstability),
    q: a.ps.q,
    c: a.ps.c,
    converged: a.converged && b.converged,
    gaussianEquivalent: ge,
    Kinf: inf.alphaPSB,
    transitionInf: inf.transition,
    seconds: (Date.now() - t0) / 1000,
  };
  if (crossing && (name === "relu" || name === "gelu")) {
    const t1 = Date.now();
    const x = exactPSBTransitionK2(act, 0, { alphaStart: 2, step: 0.1, xtol: 1e-3 });
    row.crossing = x.bracket;
    row.crossingConverged = x.converged;
    row.crossingSeconds = (Date.now() - t1) / 1000;
  }
  rows.push(row);
  console.error(JSON.stringify(row));
}
const f = (x, d = 6) => (Number.isFinite(x) ? x.toFixed(d) : "–");
console.log(
  "| g | α_PSB(K = 2), exact RS | discretisation | q, c there | Gaussian-equivalent, K = 2 | K → ∞ |",
);
console.log("| --- | --- | --- | --- | --- | --- |");
for (const r of rows)
  console.log(
    `| ${r.activation} | ${Number.isFinite(r.alphaPSB) ? f(r.alphaPSB) : "none below α_c"}${r.crossing ? ` (crossing in [${f(r.crossing[0], 5)}, ${f(r.crossing[1], 5)}])` : ""} | ${Number.isFinite(r.alphaPSB) ? r.discretisation.toExponential(1) : "–"} | ${Number.isFinite(r.alphaPSB) ? `${f(r.q, 4)}, ${f(r.c, 4)}` : "–"} | ${f(r.gaussianEquivalent, 4)} | ${f(r.Kinf, 4)} (${r.transitionInf}) |`,
  );
